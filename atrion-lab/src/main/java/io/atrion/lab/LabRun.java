package io.atrion.lab;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one {@code atrion lab} invocation produced: the runs and how they were made.
 * {@code policies} is every policy that ran, in {@link PolicyKind} order; a scenario ran with
 * {@link #policies(Scenario)} of them.
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

    /**
     * The policies that ran on this scenario, in the order of {@link #policies()} (a storm with a
     * fleet runs other policies than a storm of one instance).
     */
    public List<PolicyKind> policies(Scenario s) {
        List<PolicyKind> out = new ArrayList<>();
        for (PolicyKind p : policies) {
            for (RunResult r : results) {
                if (r.policyId().equals(p.id()) && r.scenario().id().equals(s.id())) {
                    out.add(p);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The scenarios grouped by the policies that ran on them, in order of first appearance: one
     * group per comparison table (the storms of one instance, the fleets).
     */
    public List<List<Scenario>> scenarioGroups() {
        List<List<PolicyKind>> keys = new ArrayList<>();
        List<List<Scenario>> groups = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<PolicyKind> k = policies(s);
            int i = keys.indexOf(k);
            if (i < 0) {
                keys.add(k);
                groups.add(new ArrayList<>());
                i = keys.size() - 1;
            }
            groups.get(i).add(s);
        }
        return groups;
    }

    /**
     * What ran, e.g. "12 scenarios x 8 policies", or with a fleet "(12 scenarios x 8 policies + 1
     * fleet scenario x 5 policies)"; {@code times} is the multiplication sign.
     */
    public String shapeText(String times) {
        List<String> parts = new ArrayList<>();
        for (List<Scenario> g : scenarioGroups()) {
            int p = policies(g.get(0)).size();
            parts.add(g.size() + (g.get(0).isFleet() ? " fleet" : "") + " scenario" + (g.size() == 1 ? "" : "s") + " "
                    + times + " " + p + " polic" + (p == 1 ? "y" : "ies"));
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" + ", parts) + ")";
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
