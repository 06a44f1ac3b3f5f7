package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Java example of README.md, verbatim, so that it keeps compiling and doing what it says. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAsDescribed() {
        boolean called = false;
        Reason shedReason = null;
        // ---- README example begins ----
        ManualClock clock = new ManualClock(0);                   // or omit .clock(...) for the system clock
        Atrion atrion = Atrion.builder()
                .slo(Slo.builder().baselineLatencyMs(100).targetErrorRate(0.01).build())
                .clock(clock)
                .build();
        RouteDecision d = atrion.route("api/checkout", Telemetry.of(80.0, 0.0, 0.4), VoltageTier.HIGH.voltage());
        if (d.allowed()) {
            // call checkout
            called = true;
        } else {
            // shed: d.reason() is CIRCUIT_OPEN, INSUFFICIENT_VOLTAGE or INVALID_VOLTAGE
            shedReason = d.reason();
        }
        // ---- README example ends ----
        // A new route is in BOOTSTRAP at R = 1.2·R_base = 12 < 50 V: the call flows.
        assertTrue(called, "shed with " + shedReason);
        assertEquals(Mode.BOOTSTRAP, d.mode());
        assertEquals(12.0, d.resistance());
    }
}
