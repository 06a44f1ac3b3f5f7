package io.atrion.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.guard.GuardRegistry;
import org.junit.jupiter.api.Test;

/** Settings validation and the Retry-After arithmetic, without a server. */
class AtrionFilterConfigTest {

    private static void rejects(String field, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().startsWith("AtrionFilter." + field), e.getMessage());
    }

    @Test
    void invalidSettingsFailAtBuildNamingTheField() {
        Atrion atrion = Atrion.create();
        rejects("voltageHeader", () -> AtrionFilter.builder(atrion).voltageHeader(" ").build());
        rejects("voltageHeader", () -> AtrionFilter.builder(atrion).voltageHeader(null).build());
        rejects("defaultVoltage", () -> AtrionFilter.builder(atrion).defaultVoltage(-1).build());
        rejects("defaultVoltage", () -> AtrionFilter.builder(atrion).defaultVoltage(Double.NaN).build());
        rejects("defaultVoltage", () -> AtrionFilter.builder(atrion).defaultVoltage(Double.POSITIVE_INFINITY).build());
        rejects("maxRetryAfterSeconds", () -> AtrionFilter.builder(atrion).maxRetryAfterSeconds(0).build());
        rejects("guards", () -> AtrionFilter.builder(atrion).guards(GuardRegistry.of(Atrion.create())).build());
        NullPointerException n = assertThrows(NullPointerException.class, () -> AtrionFilter.builder(null));
        assertTrue(n.getMessage().startsWith("AtrionFilter.atrion"), n.getMessage());
        n = assertThrows(NullPointerException.class, () -> AtrionFilter.builder(atrion).routeId(null));
        assertTrue(n.getMessage().startsWith("AtrionFilter.routeId"), n.getMessage());
        n = assertThrows(NullPointerException.class, () -> AtrionFilter.builder(atrion).errorStatus(null));
        assertTrue(n.getMessage().startsWith("AtrionFilter.errorStatus"), n.getMessage());
        AtrionFilter ok = AtrionFilter.builder(atrion).defaultVoltage(0).guards(atrion.guards()).build();
        assertEquals(0.0, ok.defaultVoltage());
        assertEquals(AtrionFilter.DEFAULT_VOLTAGE_HEADER, ok.voltageHeader());
    }

    @Test
    void retryAfterOfAnOpenBreakerIsTheScarsDecayTimeWithinItsBounds() {
        // Defaults: σ = 5, λ = 0.1/s, R_base = 10; static recovery point 50 → target max(5, 40) = 40.
        assertEquals(7, AtrionFilter.estimateRetryAfterSeconds(80, 5, 0.1, 50, 10, 1000, 30), "ln 2 / 0.1 = 6.93 s");
        // Tuned recovery point 15 → target max(5, 5) = 5: ln(40/5)/0.1 = 20.79 s.
        assertEquals(21, AtrionFilter.estimateRetryAfterSeconds(40, 5, 0.1, 15, 10, 1000, 30));
        assertEquals(1, AtrionFilter.estimateRetryAfterSeconds(4, 5, 0.1, 15, 10, 1000, 30),
                "scar already below σ: as soon as a probe may run");
        assertEquals(5, AtrionFilter.estimateRetryAfterSeconds(4, 5, 0.1, 15, 10, 5000, 30),
                "never before the next probe");
        assertEquals(30, AtrionFilter.estimateRetryAfterSeconds(1000, 5, 0.1, 15, 10, 1000, 30), "capped");
        assertEquals(30, AtrionFilter.estimateRetryAfterSeconds(40, 5, 0.0, 15, 10, 1000, 30), "no forgiveness: the cap");
        assertEquals(1, AtrionFilter.estimateRetryAfterSeconds(0, 5, 0.1, 15, 10, 0, 30), "at least 1 s");
    }
}
