package io.atrion.lab;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.Scenarios;
import java.util.List;

/** The runs the tests share, computed once per JVM. */
final class LabFixtures {

    private static LabRun standard;

    private LabFixtures() {
    }

    /** Every built-in scenario and policy, seeds 1..5, FAST: the published run. */
    static synchronized LabRun standard() {
        if (standard == null) {
            standard = LabCommand.execute(Scenarios.all(), List.of(PolicyKind.values()), Engine.FAST,
                    Lab.DEFAULT_SEEDS, Scenarios.HEALTHY_ERRORS);
        }
        return standard;
    }
}
