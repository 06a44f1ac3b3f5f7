package io.atrion.lab;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one {@code atrion lab} invocation produced: the runs and how they were made.
 *
 * @param seeds         the seeds every (scenario, policy) pair ran with, in order
 * @param healthyErrors error rate of a healthy service in this run's scenarios
 * @param wallMillis    wall-clock time the simulations took
 * @param date          ISO date of the run, printed in the reports
 */
public record LabRun(List<Scenario> scenarios, List<PolicyKind> policies, List<Long> seeds, List<RunResult> results,
                     Engine engine, double healthyErrors, long wallMillis, String date) {

    public LabRun {
        scenarios = List.copyOf(scenarios);
        policies = List.copyOf(policies);
        seeds = List.copyOf(seeds);
        results = List.copyOf(results);
    }

    /** The run of this scenario with this policy and seed. */
    public RunResult result(Scenario s, PolicyKind p, long seed) {
        for (RunResult r : results) {
            if (r.seed() == seed && r.scenario().id().equals(s.id()) && r.policyId().equals(p.id())) {
                return r;
            }
        }
        throw new IllegalArgumentException("no run of " + s.id() + " with " + p.id() + ", seed " + seed);
    }

    /** The run of this scenario with this policy and the first seed (the one the charts show). */
    public RunResult result(Scenario s, PolicyKind p) {
        return result(s, p, seeds.get(0));
    }

    /** The runs of this scenario with this policy, one per seed, in seed order. */
    public List<RunResult> runs(Scenario s, PolicyKind p) {
        List<RunResult> out = new ArrayList<>();
        for (long seed : seeds) {
            out.add(result(s, p, seed));
        }
        return out;
    }

    /** Simulated seconds, summed over scenarios (each is run once per policy and seed). */
    public long simulatedSecondsPerPolicy() {
        long s = 0;
        for (Scenario sc : scenarios) {
            s += sc.durationS();
        }
        return s;
    }

    /** The seeds as written on the command line: "1..5", "7" or "1, 3, 9". */
    public String seedsText() {
        return Seeds.format(seeds);
    }
}
