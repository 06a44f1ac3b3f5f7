package io.atrion.lab;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.util.List;

/**
 * Everything one {@code atrion lab} invocation produced: the runs and how they were made.
 *
 * @param healthyErrors error rate of a healthy service in this run's scenarios
 * @param wallMillis    wall-clock time the simulations took
 * @param date          ISO date of the run, printed in the reports
 */
public record LabRun(List<Scenario> scenarios, List<PolicyKind> policies, List<RunResult> results, long seed,
                     Engine engine, double healthyErrors, long wallMillis, String date) {

    public LabRun {
        scenarios = List.copyOf(scenarios);
        policies = List.copyOf(policies);
        results = List.copyOf(results);
    }

    /** The run of this scenario with this policy. */
    public RunResult result(Scenario s, PolicyKind p) {
        for (RunResult r : results) {
            if (r.scenario().id().equals(s.id()) && r.policyId().equals(p.id())) {
                return r;
            }
        }
        throw new IllegalArgumentException("no run of " + s.id() + " with " + p.id());
    }

    /** Simulated seconds, summed over scenarios (each is run once per policy). */
    public long simulatedSecondsPerPolicy() {
        long s = 0;
        for (Scenario sc : scenarios) {
            s += sc.durationS();
        }
        return s;
    }
}
