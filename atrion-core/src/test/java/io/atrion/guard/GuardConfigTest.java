package io.atrion.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class GuardConfigTest {

    record Response(int status) {
    }

    @Test
    void defaults() {
        GuardConfig c = GuardConfig.defaults();
        assertEquals(100, c.maxConcurrentCalls());
        assertEquals(100, c.telemetryWindow());
        assertEquals(2.0 / 101.0, c.alpha());
        assertEquals(1.96, c.errorConfidenceZ());
        assertEquals(100, c.updateIntervalMillis());
        assertEquals(1000, c.probeIntervalMillis());
        assertEquals(5000, c.probeTimeoutMillis());
        assertEquals(0, c.probeMinVoltage(), "every caller may probe");
        assertTrue(Double.isNaN(c.maxLatencyMs()), "no limit: the instance's SLO");
        assertTrue(Double.isNaN(c.maxErrorRate()));
        assertTrue(Double.isNaN(c.maxSaturation()));
        assertTrue(c.isError(new RuntimeException()));
        assertFalse(c.isErrorResult("anything"));
        assertFalse(c.isErrorResult(null));
    }

    @Test
    void invalidSettingsFailNamingTheFieldWithTheSharedMessages() {
        check("maxConcurrentCalls", "must be an integer >= 1, got 0", b -> b.maxConcurrentCalls(0));
        check("telemetryWindow", "must be an integer >= 1, got 0", b -> b.telemetryWindow(0));
        check("probeIntervalMillis", "must be an integer >= 0, got -1", b -> b.probeIntervalMillis(-1));
        check("probeTimeoutMillis", "must be an integer >= 1, got 0", b -> b.probeTimeoutMillis(0));
        check("updateIntervalMillis", "must be an integer >= 0, got -1", b -> b.updateIntervalMillis(-1));
        check("errorConfidenceZ", "must be a finite number >= 0, got -0.5", b -> b.errorConfidenceZ(-0.5));
        check("errorConfidenceZ", "got Infinity", b -> b.errorConfidenceZ(Double.POSITIVE_INFINITY));
        check("probeMinVoltage", "got NaN", b -> b.probeMinVoltage(Double.NaN));
        check("probeMinVoltage", "got -1.0", b -> b.probeMinVoltage(-1));
        check("maxLatencyMs", "must be a finite number > 0, got 0.0", b -> b.maxLatencyMs(0));
        check("maxErrorRate", "got -0.1", b -> b.limits(500, -0.1));
        check("maxSaturation", "got Infinity", b -> b.maxSaturation(Double.POSITIVE_INFINITY));
        assertThrows(NullPointerException.class, () -> GuardConfig.builder().recordException(null));
        assertThrows(NullPointerException.class, () -> GuardConfig.builder().recordResult(null));
        assertThrows(NullPointerException.class, () -> GuardConfig.builder().recordResult(Response.class, null));
        assertThrows(NullPointerException.class, () -> GuardConfig.builder().ignoreExceptions((Class<Throwable>) null));
    }

    @Test
    void aResultPredicateThatThrowsCountsTheResultAsASuccess() {
        // The untyped predicate a user wrote for Response results, seeing a String: the cast fails.
        GuardConfig c = GuardConfig.builder().recordResult(r -> ((Response) r).status() >= 500).build();
        assertTrue(c.isErrorResult(new Response(503)));
        assertFalse(c.isErrorResult(new Response(200)));
        assertFalse(c.isErrorResult("a String"), "ClassCastException: not an error");
        assertFalse(c.isErrorResult(null), "NullPointerException: not an error");
        assertEquals(GuardConfig.SUCCESS | GuardConfig.PREDICATE_FAILED, c.classifyResult("a String"));
    }

    @Test
    void anExceptionPredicateThatThrowsCountsTheExceptionAsAnError() {
        GuardConfig c = GuardConfig.builder().recordException(t -> {
            throw new IllegalStateException("predicate bug");
        }).build();
        assertTrue(c.isError(new RuntimeException()), "the call did fail");
        assertEquals(GuardConfig.ERROR | GuardConfig.PREDICATE_FAILED, c.classifyThrowable(new RuntimeException()));
    }

    @Test
    void typedResultPredicateNeverSeesAnotherType() {
        Predicate<Response> serverError = r -> r.status() >= 500;
        GuardConfig c = GuardConfig.builder().recordResult(Response.class, serverError).build();
        assertTrue(c.isErrorResult(new Response(500)));
        assertFalse(c.isErrorResult(new Response(404)));
        assertEquals(GuardConfig.SUCCESS, c.classifyResult("a String"), "another type: no error, no failure");
        assertEquals(GuardConfig.SUCCESS, c.classifyResult(null));
        assertEquals(GuardConfig.SUCCESS, c.classifyResult(42));
    }

    @Test
    void ignoredExceptionsAreNeverErrors() {
        GuardConfig c = GuardConfig.builder()
                .ignoreExceptions(IllegalArgumentException.class)
                .ignoreExceptions(UncheckedIOException.class)
                .build();
        assertFalse(c.isError(new IllegalArgumentException()));
        assertFalse(c.isError(new NumberFormatException()), "a subtype of an ignored type");
        assertFalse(c.isError(new UncheckedIOException(new IOException())));
        assertTrue(c.isError(new IllegalStateException()));
        assertTrue(c.isError(new Error()));
    }

    @Test
    void toBuilderKeepsEverySettingAndEqualsComparesThem() {
        Predicate<Object> bad = r -> "bad".equals(r);
        GuardConfig c = GuardConfig.builder().maxConcurrentCalls(7).telemetryWindow(3).probeIntervalMillis(9)
                .probeTimeoutMillis(11).probeMinVoltage(1).errorConfidenceZ(2.5).updateIntervalMillis(7)
                .limits(500, 0.25).maxSaturation(0.9).ignoreExceptions(IllegalArgumentException.class)
                .recordResult(bad).build();
        GuardConfig copy = c.toBuilder().build();
        assertEquals(7, copy.maxConcurrentCalls());
        assertEquals(3, copy.telemetryWindow());
        assertEquals(9, copy.probeIntervalMillis());
        assertEquals(11, copy.probeTimeoutMillis());
        assertEquals(1, copy.probeMinVoltage());
        assertEquals(2.5, copy.errorConfidenceZ());
        assertEquals(7, copy.updateIntervalMillis());
        assertEquals(500, copy.maxLatencyMs());
        assertEquals(0.25, copy.maxErrorRate());
        assertEquals(0.9, copy.maxSaturation());
        assertTrue(copy.isErrorResult("bad"));
        assertFalse(copy.isError(new IllegalArgumentException()));
        assertEquals(c, copy);
        assertEquals(c.hashCode(), copy.hashCode());
        assertEquals(GuardConfig.defaults(), GuardConfig.builder().build());
        assertEquals(GuardConfig.defaults().hashCode(), GuardConfig.builder().build().hashCode());
        assertNotEquals(c, c.toBuilder().probeTimeoutMillis(12).build());
        assertNotEquals(c, c.toBuilder().maxLatencyMs(Double.NaN).build());
        assertNotEquals(c, c.toBuilder().recordResult(r -> "bad".equals(r)).build(), "predicates by identity");
        assertNotEquals(c, null);
    }

    @Test
    void toStringShowsEverySetting() {
        assertEquals("GuardConfig{maxLatencyMs=slo, maxErrorRate=slo, maxSaturation=slo, maxConcurrentCalls=100, "
                + "telemetryWindow=100, errorConfidenceZ=1.96, updateIntervalMillis=100, probeIntervalMillis=1000, "
                + "probeTimeoutMillis=5000, probeMinVoltage=0.0, recordException=every exception, "
                + "ignoreExceptions=[], recordResult=no result}", GuardConfig.defaults().toString());
        String limited = GuardConfig.builder().limits(500, 0.25).ignoreExceptions(IllegalArgumentException.class)
                .recordResult(Response.class, r -> true).build().toString();
        assertTrue(limited.contains("maxLatencyMs=500.0, maxErrorRate=0.25, maxSaturation=slo"), limited);
        assertTrue(limited.contains("ignoreExceptions=[java.lang.IllegalArgumentException]"), limited);
        assertTrue(limited.contains("recordResult=custom"), limited);
    }

    private static void check(String field, String message, Consumer<GuardConfig.Builder> change) {
        GuardConfig.Builder b = GuardConfig.builder();
        change.accept(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().startsWith("GuardConfig." + field + " "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
