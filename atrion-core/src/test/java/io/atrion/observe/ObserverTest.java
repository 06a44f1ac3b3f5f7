package io.atrion.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.RouteDecision;
import io.atrion.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Observers of SPEC §6: off the caller's thread, bounded, lossy with a count, failure-proof. */
class ObserverTest {

    private final ManualClock clock = new ManualClock(1_000);

    /** Ten healthy calls, then a storm that opens the breaker, on route "r". */
    private List<RouteDecision> drive(Atrion a, int stormCalls) {
        List<RouteDecision> out = new ArrayList<>();
        for (int i = 0; i < 10 + stormCalls; i++) {
            clock.advance(100);
            Telemetry t = i < 10 ? Telemetry.of(80, 0, 0.4) : Telemetry.of(2000, 0.9, 1.0);
            out.add(a.route("r", t, i % 3 == 0 ? 5 : 100));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void everyUpdateIsDeliveredInOrderWithTheDecisionsFields(Engine engine) throws Exception {
        CollectingObserver c = new CollectingObserver();
        try (Atrion a = Atrion.builder().engine(engine).clock(clock).autoTunerDisabled().observer(c).build()) {
            List<RouteDecision> decisions = drive(a, 30);
            assertTrue(c.awaitCount(decisions.size(), 10, TimeUnit.SECONDS));
            List<RouteEvent> events = c.events();
            assertEquals(decisions.size(), events.size());
            long previousNow = 0;
            for (int i = 0; i < events.size(); i++) {
                RouteEvent e = events.get(i);
                RouteDecision d = decisions.get(i);
                assertEquals("r", e.routeId());
                assertEquals(d.tickCount(), e.tickCount(), "in update order");
                assertEquals(d.mode(), e.mode());
                assertEquals(d.resistance(), e.resistance());
                assertEquals(d.scar(), e.scar());
                assertEquals(d.momentum(), e.momentum());
                assertEquals(d.reason(), e.reason());
                assertEquals(d.allowed(), e.allowed());
                assertEquals(1_000 + 100L * (i + 1), e.nowMillis());
                assertEquals(i == 0 ? 0 : 100, e.deltaMillis(), "Δt; 0 on a route's first update");
                assertTrue(e.nowMillis() > previousNow);
                previousNow = e.nowMillis();
                if (e.mode() == Mode.BOOTSTRAP) {
                    assertEquals(RouteEvent.Decision.BOOTSTRAP, e.decision());
                } else {
                    assertEquals(d.allowed() ? RouteEvent.Decision.FLOW : RouteEvent.Decision.SHED, e.decision());
                }
            }
            // ‖P‖ of 80 ms / 0 / 0.4: (tanh(−0.2), tanh(−1), tanh(−0.2)).
            double p = Math.sqrt(2 * Math.pow(StrictMath.tanh(-0.2), 2) + Math.pow(StrictMath.tanh(-1), 2));
            assertEquals(p, events.get(0).pressureNorm(), 1e-15);
            // The bootstrap-ending update and the breaker opening are transitions.
            assertTrue(events.get(9).isTransition());
            assertEquals(Mode.BOOTSTRAP, events.get(9).previousMode());
            assertEquals(1, events.stream().filter(RouteEvent::breakerOpened).count());
            assertEquals(2, events.stream().filter(RouteEvent::isTransition).count());
            assertEquals(decisions.size(), a.deliveredEvents());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void observersRunOffTheCallersThread(Engine engine) throws Exception {
        ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();
        CollectingObserver c = new CollectingObserver();
        try (Atrion a = Atrion.builder().engine(engine).clock(clock)
                .observer(e -> threads.add(Thread.currentThread().getName())).observer(c).build()) {
            a.route("r", Telemetry.of(50), 100);
            assertTrue(c.awaitCount(1, 10, TimeUnit.SECONDS));
            assertEquals(1, threads.size());
            String name = threads.peek();
            assertTrue(name.startsWith("atrion-observer-"), name);
            assertFalse(name.equals(Thread.currentThread().getName()));
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aBlockedObserverNeverBlocksRouteAndDropsAreCounted(Engine engine) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        AtrionObserver blocking = e -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            seen.incrementAndGet();
        };
        try (Atrion a = Atrion.builder().engine(engine).clock(clock).observer(blocking)
                .observerQueueCapacity(64).build()) {
            int calls = 20_000;
            for (int i = 0; i < calls; i++) { // would deadlock here if route() waited for the observer
                clock.advance(1);
                a.route("r" + (i % 7), Telemetry.of(90), 100);
            }
            assertTrue(a.droppedEvents() >= calls - 64 - 1, "dropped " + a.droppedEvents());
            release.countDown();
            long expectDelivered = calls - a.droppedEvents();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.get() < expectDelivered && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(expectDelivered, seen.get(), "every event is delivered or counted as dropped");
            assertEquals(expectDelivered, a.deliveredEvents());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aThrowingObserverNeverReachesTheCallerAndIsCounted(Engine engine) throws Exception {
        CollectingObserver after = new CollectingObserver();
        AtrionObserver throwing = e -> {
            throw new IllegalStateException("observer bug");
        };
        try (Atrion a = Atrion.builder().engine(engine).clock(clock)
                .observer(Observers.composite(throwing, after)).build()) {
            for (int i = 0; i < 50; i++) {
                clock.advance(10);
                a.route("r", Telemetry.of(100), 100); // must not throw
            }
            assertTrue(after.awaitCount(50, 10, TimeUnit.SECONDS), "the composite still reached the next observer");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (a.observerFailures() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(50, a.observerFailures());
        }
    }

    /** Throws {@code t} unchecked. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aCompositeIsolatesEveryThrowableAndCountsEachObserversFailures(Engine engine) throws Exception {
        CollectingObserver first = new CollectingObserver();
        CollectingObserver nested = new CollectingObserver();
        AtrionObserver assertionError = e -> {
            throw new AssertionError("an Error, not an exception");
        };
        AtrionObserver checked = e -> {
            throw sneaky(new java.io.IOException("a checked exception, thrown sneakily"));
        };
        AtrionObserver stackOverflow = e -> {
            throw new StackOverflowError();
        };
        // The builder composes its observers; one of them is itself a composite.
        try (Atrion a = Atrion.builder().engine(engine).clock(clock)
                .observer(assertionError)
                .observer(first)
                .observer(Observers.composite(checked, nested, stackOverflow))
                .build()) {
            for (int i = 0; i < 10; i++) {
                clock.advance(10);
                a.route("r", Telemetry.of(100), 100);
            }
            assertTrue(first.awaitCount(10, 10, TimeUnit.SECONDS), "all 10 events reached the second observer");
            assertTrue(nested.awaitCount(10, 10, TimeUnit.SECONDS), "and the nested one, between two throwers");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (a.observerFailures() < 30 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(30, a.observerFailures(), "three throwing observers × 10 events, each counted");
            assertEquals(10, a.deliveredEvents());
        }
    }

    @org.junit.jupiter.api.Test
    void aCompositeCalledDirectlyDeliversToAllThenRethrowsTheFirstFailure() {
        List<String> calls = new ArrayList<>();
        Error boom = new AssertionError("first");
        AtrionObserver composite = Observers.composite(
                e -> calls.add("a"),
                e -> {
                    calls.add("b");
                    throw boom;
                },
                e -> {
                    calls.add("c");
                    throw new IllegalStateException("second");
                },
                e -> calls.add("d"));
        RouteEvent event = new RouteEvent("r", 1, 0, 1, Mode.BOOTSTRAP, Mode.BOOTSTRAP, 12, 0, 0, 0, 100, Reason.OK);
        Error thrown = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> composite.onEvent(event));
        org.junit.jupiter.api.Assertions.assertSame(boom, thrown);
        assertEquals(List.of("a", "b", "c", "d"), calls);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void filteringAndTransitionsOnly(Engine engine) throws Exception {
        CollectingObserver transitions = new CollectingObserver();
        CollectingObserver shed = new CollectingObserver();
        CollectingObserver all = new CollectingObserver();
        try (Atrion a = Atrion.builder().engine(engine).clock(clock).autoTunerDisabled()
                .observer(Observers.transitionsOnly(transitions))
                .observer(Observers.filtering(e -> e.decision() == RouteEvent.Decision.SHED, shed))
                .observer(all).build()) {
            List<RouteDecision> d = drive(a, 30);
            assertTrue(all.awaitCount(d.size(), 10, TimeUnit.SECONDS));
            assertEquals(2, transitions.size(), "bootstrap ended, breaker opened");
            long shedCount = d.stream().filter(x -> !x.allowed() && x.mode() != Mode.BOOTSTRAP).count();
            assertTrue(shedCount > 0);
            assertEquals(shedCount, shed.size());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void loggingObserverWritesTransitionsAtInfo(Engine engine) throws Exception {
        RecordingLogger logger = new RecordingLogger();
        CollectingObserver done = new CollectingObserver();
        try (Atrion a = Atrion.builder().engine(engine).clock(clock).autoTunerDisabled()
                .observer(Observers.logging(logger)).observer(done).build()) {
            List<RouteDecision> d = drive(a, 30);
            assertTrue(done.awaitCount(d.size(), 10, TimeUnit.SECONDS));
            Thread.sleep(50); // the logger runs just before the collector on the same thread
            List<String> info = logger.lines(System.Logger.Level.INFO);
            assertEquals(2, info.size(), info.toString());
            assertTrue(info.get(1).contains("mode=CIRCUIT_BREAKER (from OPERATIONAL)"), info.get(1));
            assertTrue(info.get(1).startsWith("route=r tick="), info.get(1));
            assertEquals(d.size() - 2, logger.lines(System.Logger.Level.DEBUG).size());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void withoutObserversNothingIsCountedOrDelivered(Engine engine) {
        try (Atrion a = Atrion.builder().engine(engine).clock(clock).build()) {
            a.route("r", Telemetry.of(10), 100);
            assertEquals(0, a.droppedEvents());
            assertEquals(0, a.deliveredEvents());
            assertEquals(0, a.observerFailures());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void decisionCountersCountEveryReasonAndTransition(Engine engine) {
        try (Atrion a = Atrion.builder().engine(engine).clock(clock).autoTunerDisabled().decisionCounters(true).build()) {
            List<RouteDecision> d = drive(a, 30);
            clock.advance(10);
            d.add(a.route("r", Telemetry.of(10), Double.NaN));
            var c = a.counters("r").orElseThrow();
            for (Reason reason : Reason.values()) {
                long expected = d.stream().filter(x -> x.reason() == reason).count();
                assertEquals(expected, c.count(reason), reason.name());
            }
            assertEquals(d.size(), c.admitted() + c.rejected());
            assertEquals(1, c.breakerOpened());
            assertEquals(0, c.breakerClosed());
            assertTrue(a.counters("unknown").isEmpty());
            a.remove("r");
            assertTrue(a.counters("r").isEmpty());
            a.route("r", Telemetry.of(10), 100);
            assertEquals(1, a.counters("r").orElseThrow().admitted(), "a new route counts from zero");
        }
        try (Atrion off = Atrion.builder().engine(engine).clock(clock).build()) {
            off.route("r", Telemetry.of(10), 100);
            assertFalse(off.countsDecisions());
            assertTrue(off.counters("r").isEmpty());
        }
    }

    /** A System.Logger that keeps what it is asked to log. */
    static final class RecordingLogger implements System.Logger {
        private final ConcurrentLinkedQueue<Object[]> lines = new ConcurrentLinkedQueue<>();

        List<String> lines(Level level) {
            List<String> out = new ArrayList<>();
            for (Object[] l : lines) {
                if (l[0] == level) {
                    out.add((String) l[1]);
                }
            }
            return out;
        }

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(new Object[] {level, msgSupplier.get()});
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(new Object[] {level, msg});
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(new Object[] {level, format});
        }
    }
}
