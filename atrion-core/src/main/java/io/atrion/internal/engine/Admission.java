package io.atrion.internal.engine;

import io.atrion.Reason;
import io.atrion.internal.physics.Physics;

/** The decision of SPEC.md §2.8 and the voltage guard of §2.9. Internal. */
public final class Admission {

    private Admission() {
    }

    /**
     * An invalid voltage is reported first (the caller's bug should surface even on an open
     * breaker); otherwise an open breaker rejects, and a valid voltage flows iff V &gt; R.
     */
    public static Reason decide(boolean breakerOpen, double resistance, double voltage) {
        if (!Physics.isValidVoltage(voltage)) {
            return Reason.INVALID_VOLTAGE;
        }
        if (breakerOpen) {
            return Reason.CIRCUIT_OPEN;
        }
        return voltage > resistance ? Reason.OK : Reason.INSUFFICIENT_VOLTAGE;
    }
}
