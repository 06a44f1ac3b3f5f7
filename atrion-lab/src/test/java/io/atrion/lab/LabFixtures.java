package io.atrion.lab;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.Scenario;
import java.util.ArrayList;
import java.util.List;

/** The runs the tests share, computed once per JVM. */
final class LabFixtures {

    private static LabRun standard;

    private LabFixtures() {
    }

    /**
     * Every built-in scenario with its policies (the standard eight on storms of one instance, the
     * fleet's five on fleets), seeds 1..5, FAST: the published run of {@code ./atrion lab}.
     */
    static synchronized LabRun standard() {
        if (standard == null) {
            List<Scenario> all = new ArrayList<>(Scenarios.all());
            all.addAll(Scenarios.fleets());
            standard = LabCommand.execute(all, PolicyKind::defaultsFor, Engine.FAST, Lab.DEFAULT_SEEDS,
                    Scenarios.HEALTHY_ERRORS);
        }
        return standard;
    }
}
