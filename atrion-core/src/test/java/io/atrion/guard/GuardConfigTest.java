package io.atrion.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class GuardConfigTest {

    @Test
    void defaults() {
        GuardConfig c = GuardConfig.defaults();
        assertEquals(100, c.maxConcurrentCalls());
        assertEquals(100, c.telemetryWindow());
        assertEquals(2.0 / 101.0, c.alpha());
        assertEquals(1.96, c.errorConfidenceZ());
        assertEquals(100, c.updateIntervalMillis());
        assertEquals(1000, c.probeIntervalMillis());
        assertEquals(20, c.probeMinVoltage());
        assertTrue(c.isError(new RuntimeException()));
        assertFalse(c.isErrorResult("anything"));
        assertFalse(c.isErrorResult(null));
    }

    @Test
    void invalidSettingsFailNamingTheField() {
        check("maxConcurrentCalls", b -> b.maxConcurrentCalls(0));
        check("telemetryWindow", b -> b.telemetryWindow(0));
        check("probeIntervalMillis", b -> b.probeIntervalMillis(-1));
        check("updateIntervalMillis", b -> b.updateIntervalMillis(-1));
        check("errorConfidenceZ", b -> b.errorConfidenceZ(-0.5));
        check("errorConfidenceZ", b -> b.errorConfidenceZ(Double.POSITIVE_INFINITY));
        check("probeMinVoltage", b -> b.probeMinVoltage(Double.NaN));
        check("probeMinVoltage", b -> b.probeMinVoltage(-1));
        assertThrows(NullPointerException.class, () -> GuardConfig.builder().recordException(null));
        assertThrows(NullPointerException.class, () -> GuardConfig.builder().recordResult(null));
    }

    @Test
    void predicateThatThrowsCountsAsError() {
        GuardConfig c = GuardConfig.builder().recordResult(r -> {
            throw new IllegalStateException();
        }).recordException(t -> {
            throw new IllegalStateException();
        }).build();
        assertTrue(c.isErrorResult("x"));
        assertTrue(c.isError(new RuntimeException()));
    }

    @Test
    void toBuilderKeepsEverySetting() {
        GuardConfig c = GuardConfig.builder().maxConcurrentCalls(7).telemetryWindow(3).probeIntervalMillis(9)
                .probeMinVoltage(1).errorConfidenceZ(2.5).updateIntervalMillis(7).recordResult(r -> "bad".equals(r)).build();
        GuardConfig copy = c.toBuilder().build();
        assertEquals(7, copy.maxConcurrentCalls());
        assertEquals(3, copy.telemetryWindow());
        assertEquals(9, copy.probeIntervalMillis());
        assertEquals(1, copy.probeMinVoltage());
        assertEquals(2.5, copy.errorConfidenceZ());
        assertEquals(7, copy.updateIntervalMillis());
        assertTrue(copy.isErrorResult("bad"));
    }

    private static void check(String field, Consumer<GuardConfig.Builder> change) {
        GuardConfig.Builder b = GuardConfig.builder();
        change.accept(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("GuardConfig." + field), e.getMessage());
    }
}
