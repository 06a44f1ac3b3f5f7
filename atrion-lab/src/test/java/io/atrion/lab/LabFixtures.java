package io.atrion.lab;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.Scenarios;
import java.util.List;

/** The runs the tests share, computed once per JVM (each takes a few seconds). */
final class LabFixtures {

    private static LabRun standard;
    private static LabRun quiet;

    private LabFixtures() {
    }

    /** Every scenario and policy, seed 42, FAST: the published run. */
    static synchronized LabRun standard() {
        if (standard == null) {
            standard = LabCommand.execute(Scenarios.all(), List.of(PolicyKind.values()), Engine.FAST,
                    Lab.DEFAULT_SEED, Scenarios.HEALTHY_ERRORS);
        }
        return standard;
    }

    /** The what-if with healthy services that never fail (--healthy-errors 0), seed 42, FAST. */
    static synchronized LabRun quiet() {
        if (quiet == null) {
            quiet = LabCommand.execute(Scenarios.all(0.0), List.of(PolicyKind.values()), Engine.FAST,
                    Lab.DEFAULT_SEED, 0.0);
        }
        return quiet;
    }
}
