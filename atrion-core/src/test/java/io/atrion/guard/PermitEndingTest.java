package io.atrion.guard;

import static io.atrion.guard.GuardTesting.sneaky;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.guard.GuardTesting.CustomThrowable;
import io.atrion.testing.TestEngines;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a guarded call can end ends its permit exactly once: the in-flight count returns to
 * zero after any mix of outcomes, whatever is thrown (a checked exception thrown sneakily through a
 * {@code Supplier}, a custom {@code Throwable}, an {@code Error}), and the same object is rethrown.
 */
class PermitEndingTest {

    private final ManualClock clock = new ManualClock(9_000_000);

    /** A guard whose recordException predicate remembers every throwable it classified. */
    private RouteGuard guard(Engine engine, List<Throwable> classified) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).build();
        return a.guards().guard("x", GuardConfig.builder().recordException(t -> classified.add(t)).build());
    }

    private static List<Throwable> throwables() {
        return List.of(new IOException("checked, thrown sneakily"), new TimeoutException("checked too"),
                new CustomThrowable("neither Exception nor Error"), new StackOverflowError("an Error"),
                new IllegalStateException("unchecked"));
    }

    private static Throwable thrownBy(Executable e) {
        return assertThrows(Throwable.class, e);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void everyDecoratorEndsItsCallAndRethrowsTheSameObject(Engine engine) throws Exception {
        List<Throwable> classified = new ArrayList<>();
        RouteGuard g = guard(engine, classified);
        int calls = 0;
        for (Throwable t : throwables()) {
            assertSame(t, thrownBy(() -> g.decorateSupplier(50, () -> {
                throw sneaky(t);
            }).get()), "decorateSupplier");
            assertSame(t, thrownBy(() -> g.executeSupplier(50, () -> {
                throw sneaky(t);
            })), "executeSupplier");
            assertSame(t, thrownBy(() -> g.decorateCallable(50, () -> {
                throw sneaky(t);
            }).call()), "decorateCallable");
            assertSame(t, thrownBy(() -> g.executeCallable(50, () -> {
                throw sneaky(t);
            })), "executeCallable");
            assertSame(t, thrownBy(() -> g.decorateRunnable(50, () -> {
                throw sneaky(t);
            }).run()), "decorateRunnable");
            assertSame(t, thrownBy(() -> g.executeRunnable(50, () -> {
                throw sneaky(t);
            })), "executeRunnable");
            assertSame(t, g.tryCall(50, () -> {
                throw sneaky(t);
            }).failure().orElseThrow(), "tryCall");
            // A supplier of a stage that throws: the returned stage fails with the same object.
            CompletionStage<String> thrower = g.<String>decorateCompletionStage(50, () -> {
                throw sneaky(t);
            }).get();
            assertSame(t, assertThrows(CompletionException.class, () -> thrower.toCompletableFuture().join())
                    .getCause(), "decorateCompletionStage, supplier throws");
            // A stage that fails later.
            CompletableFuture<String> later = new CompletableFuture<>();
            CompletionStage<String> failing = g.executeCompletionStage(50, () -> later);
            assertEquals(1, g.inFlight());
            later.completeExceptionally(t);
            assertSame(t, assertThrows(ExecutionException.class, () -> failing.toCompletableFuture().get())
                    .getCause(), "executeCompletionStage, stage fails");
            calls += 9;
            assertEquals(0, g.inFlight(), "after " + t);
        }
        assertEquals(calls, g.completedCalls(), "each call ended once");
        assertEquals(calls, classified.size(), "each throwable was recorded once, as an error");
        assertEquals(1.0 - Math.pow(1 - g.config().alpha(), calls), g.averageErrorRate(), 1e-12,
                "every one counted as an error: the average is 1 − (1 − α)^n from 0");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void thePermitApiEndsOnceAndReleasesCallsNeverMade(Engine engine) {
        List<Throwable> classified = new ArrayList<>();
        RouteGuard g = guard(engine, classified);
        // The documented pattern: end on every outcome, release in finally as a net.
        for (Throwable t : throwables()) {
            Permit p = g.acquirePermission(50);
            try {
                try {
                    throw sneaky(t);
                } catch (Throwable caught) {
                    g.onThrowable(p, 5, caught);
                }
            } finally {
                assertFalse(g.releasePermission(p), "already ended: the net does nothing");
            }
        }
        assertEquals(0, g.inFlight());
        assertEquals(throwables().size(), g.completedCalls());

        double latency = g.averageLatencyMs();
        double errors = g.averageErrorRate();
        Permit unused = g.tryAcquirePermission(50);
        assertEquals(1, g.inFlight());
        assertTrue(g.releasePermission(unused));
        assertTrue(unused.isEnded());
        assertEquals(0, g.inFlight());
        assertEquals(throwables().size(), g.completedCalls(), "a released call is not measured");
        assertEquals(latency, g.averageLatencyMs());
        assertEquals(errors, g.averageErrorRate());
        assertThrows(IllegalStateException.class, () -> g.onSuccess(unused, 1), "released: cannot end");
        assertFalse(g.releasePermission(Permit.REJECTED));
        assertFalse(g.releasePermission(null));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aPermitEndsOnTheGuardThatGrantedIt(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).build();
        RouteGuard first = a.guard("r");
        Permit p = first.tryAcquirePermission(50);
        a.remove("r");
        RouteGuard second = a.guard("r");
        second.onSuccess(p, 10); // any guard ends a permit on its owner
        assertEquals(0, first.inFlight());
        assertEquals(1, first.completedCalls());
        assertEquals(0, second.completedCalls());
    }

    /**
     * Any sequence of calls through any entry point, each ending in any way, leaves nothing in
     * flight, and every call that ran is measured once.
     */
    @Property(tries = 60)
    void inFlightReturnsToZeroAfterAnyMixOfOutcomes(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 5) Integer> entries,
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 5) Integer> outcomes) throws Exception {
        for (Engine engine : TestEngines.list()) {
            List<Throwable> classified = new ArrayList<>();
            RouteGuard g = guard(engine, classified);
            long measured = 0;
            for (int i = 0; i < entries.size(); i++) {
                int outcome = outcomes.get(i % outcomes.size());
                clock.advance(7);
                measured += call(g, entries.get(i), outcome) ? 1 : 0;
            }
            assertEquals(0, g.inFlight(), "entries " + entries + ", outcomes " + outcomes);
            assertEquals(measured, g.completedCalls());
        }
    }

    /** One call through entry point {@code entry} ending with {@code outcome}; true when measured. */
    private static boolean call(RouteGuard g, int entry, int outcome) throws Exception {
        Throwable t = outcome == 0 ? null : throwables().get(outcome - 1);
        switch (entry) {
            case 0:
                return ran(() -> g.executeSupplier(50, () -> result(t)));
            case 1:
                return ran(() -> g.executeCallable(50, () -> result(t)));
            case 2:
                return ran(() -> g.executeRunnable(50, () -> result(t)));
            case 3:
                g.tryCall(50, () -> result(t));
                return true;
            case 4: {
                CompletableFuture<String> f = new CompletableFuture<>();
                g.executeCompletionStage(50, () -> f);
                if (t == null) {
                    f.complete("ok");
                } else {
                    f.completeExceptionally(t);
                }
                return true;
            }
            default: {
                Permit p = g.tryAcquirePermission(50);
                try {
                    if (t != null && outcome % 2 == 0) {
                        return false; // the call is never made: the finally releases it
                    }
                    g.onResult(p, 3, "done");
                    return true;
                } finally {
                    g.releasePermission(p);
                }
            }
        }
    }

    private static String result(Throwable t) {
        if (t != null) {
            throw sneaky(t);
        }
        return "ok";
    }

    private static boolean ran(Executable e) {
        try {
            e.execute();
        } catch (Throwable expected) {
            // rethrown by the guard; what matters here is the count
        }
        return true;
    }
}
