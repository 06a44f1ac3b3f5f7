package io.atrion.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
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
        rejects("guards", () -> AtrionFilter.builder(atrion).guards(Atrion.create().guards()).build());
        NullPointerException n = assertThrows(NullPointerException.class, () -> AtrionFilter.builder(null));
        assertTrue(n.getMessage().startsWith("AtrionFilter.atrion"), n.getMessage());
        n = assertThrows(NullPointerException.class, () -> AtrionFilter.builder(atrion).routeId(null));
        assertTrue(n.getMessage().startsWith("AtrionFilter.routeId"), n.getMessage());
        n = assertThrows(NullPointerException.class, () -> AtrionFilter.builder(atrion).errorStatus(null));
        assertTrue(n.getMessage().startsWith("AtrionFilter.errorStatus"), n.getMessage());
        n = assertThrows(NullPointerException.class, () -> AtrionFilter.builder(atrion).guardConfig(null));
        assertTrue(n.getMessage().startsWith("AtrionFilter.guardConfig"), n.getMessage());
        AtrionFilter ok = AtrionFilter.builder(atrion).defaultVoltage(0).guards(atrion.guards()).build();
        assertEquals(0.0, ok.defaultVoltage());
        assertEquals(AtrionFilter.DEFAULT_VOLTAGE_HEADER, ok.voltageHeader());
    }

    @Test
    void retryAfterIsTheGuardsEstimateInWholeSecondsWithinItsBounds() {
        // The estimate itself is RouteGuard.retryAfterMillis (RetryEstimateTest in atrion-core);
        // the filter rounds it up to whole seconds, at least 1, at most the configured maximum.
        assertEquals(7, AtrionFilter.seconds(6_932, 30), "ln 2 / 0.1 = 6.93 s");
        assertEquals(1, AtrionFilter.seconds(0, 30), "at least 1 s");
        assertEquals(1, AtrionFilter.seconds(1_000, 30));
        assertEquals(2, AtrionFilter.seconds(1_001, 30));
        assertEquals(30, AtrionFilter.seconds(29_001, 30));
        assertEquals(30, AtrionFilter.seconds(30_000, 30), "capped");
        assertEquals(30, AtrionFilter.seconds(Long.MAX_VALUE, 30), "decay alone never gets there: the cap");
        assertEquals(5, AtrionFilter.seconds(60_000, 5));
    }
}
