package io.atrion.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** recordResult/recordException predicates cannot fail a call on a type they did not expect. */
class ClassificationTest {

    record Response(int status) {
    }

    private final ManualClock clock = new ManualClock(0);

    private RouteGuard guard(Engine engine, GuardConfig config) {
        return Atrion.builder().engine(engine).clock(clock).build().guards().guard("http", config);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void anUntypedPredicateThatCastsCountsOtherTypesAsSuccessesAndCountsItsFailures(Engine engine) {
        RouteGuard g = guard(engine, GuardConfig.builder().recordResult(r -> ((Response) r).status() >= 500).build());
        g.executeSupplier(50, () -> "a String, not a Response");
        g.executeSupplier(50, () -> null);
        assertEquals(0.0, g.averageErrorRate(), "neither the ClassCastException nor the NPE is an error");
        assertEquals(2, g.classificationFailures());
        g.executeSupplier(50, () -> new Response(503));
        assertEquals(g.config().alpha(), g.averageErrorRate(), 1e-15, "a 503 is");
        assertEquals(3, g.completedCalls());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aTypedPredicateOnlySeesItsType(Engine engine) throws Exception {
        RouteGuard g = guard(engine, GuardConfig.builder().recordResult(Response.class, r -> r.status() >= 500).build());
        g.executeSupplier(50, () -> "a String");
        g.executeSupplier(50, () -> 42);
        g.executeCallable(50, () -> null);
        g.executeSupplier(50, () -> new Response(200));
        assertEquals(0.0, g.averageErrorRate());
        assertEquals(0, g.classificationFailures(), "the predicate never ran on another type");
        g.executeSupplier(50, () -> new Response(500));
        assertEquals(g.config().alpha(), g.averageErrorRate(), 1e-15);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void anExceptionPredicateThatThrowsCountsTheExceptionAsAnErrorAndTheCallStillRethrows(Engine engine) {
        RouteGuard g = guard(engine, GuardConfig.builder()
                .recordException(t -> ((IllegalArgumentException) t).getMessage().isEmpty())
                .ignoreExceptions(UnsupportedOperationException.class)
                .build());
        IllegalStateException thrown = new IllegalStateException("not what the predicate expected");
        assertEquals(thrown, assertThrows(IllegalStateException.class, () -> g.executeRunnable(50, () -> {
            throw thrown;
        })));
        assertEquals(g.config().alpha(), g.averageErrorRate(), 1e-15, "the call failed: an error");
        assertEquals(1, g.classificationFailures());
        assertThrows(UnsupportedOperationException.class, () -> g.executeRunnable(50, () -> {
            throw new UnsupportedOperationException();
        }));
        assertEquals(g.config().alpha() * (1 - g.config().alpha()), g.averageErrorRate(), 1e-15, "ignored: 0");
        assertEquals(0, g.inFlight());
    }
}
