package io.atrion.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.PhysicsConfig;
import io.atrion.Telemetry;
import io.atrion.testing.TestEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several {@code Atrion} instances sharing routes through one {@link InMemoryStateStore}: what
 * is published (coalesced, bounded, paced), when it arrives (the delivery hook), resync, close.
 * Publication is driven by {@code flushState()} on a {@link ManualClock}, so every number is exact.
 */
class StateSharingTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final Telemetry STRESSED = Telemetry.of(450, 0.2, 0.9);
    private static final Telemetry CALM = Telemetry.of(80, 0.0, 0.4);
    private static final PhysicsConfig N1 = PhysicsConfig.builder().bootstrapTicks(1).build();
    private static final StateSyncConfig MANUAL = StateSyncConfig.defaults().withPublisherThread(false);

    private final ManualClock clock = new ManualClock(T0);

    private Atrion node(Engine engine, StateProvider provider, StateSyncConfig sync) {
        return TestEngines.builder(engine, clock).physics(N1).autoTunerDisabled()
                .stateProvider(provider).stateSync(sync).build();
    }

    private static double scar(Atrion a, String route) {
        return a.state(route).orElseThrow().scar();
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void scarRaisedOnOneReachesTheOthers(Engine engine) {
        InMemoryStateStore store = InMemoryStateStore.create();
        Atrion a = node(engine, store.provider("a"), MANUAL);
        Atrion b = node(engine, store.provider("b"), MANUAL);
        Atrion c = node(engine, store.provider("c"), MANUAL);
        // Each node knows the route, healthy: S = 0 (‖P⁺‖ of 80 / 0 / 0.4 is 0 < 0.7).
        a.route("db", CALM);
        b.route("db", CALM);
        c.route("db", CALM);
        b.flushState();
        c.flushState();
        a.flushState(); // a has no scar yet: publishing S = 0 changes nothing anywhere
        assertEquals(0.0, scar(b, "db"));

        clock.advance(100);
        assertEquals(5.0, a.route("db", STRESSED).scar()); // 0·e^(−0.01) + σ
        a.flushState();
        // b and c: S = 0.3·(5·e^0) + 0.7·0 = 1.5 (published and received at the same instant).
        assertEquals(1.5, scar(b, "db"), 1e-15);
        assertEquals(1.5, scar(c, "db"), 1e-15);
        assertEquals(5.0, scar(a, "db"));
        assertEquals(2, a.stateStats().orElseThrow().published());
        // b merged c's vector, a's first (S = 0) and a's second; its own came back and was ignored.
        assertEquals(3, b.stateStats().orElseThrow().merged());
        assertEquals(1, b.stateStats().orElseThrow().ignored());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void updatesBetweenPublicationsAreCoalesced(Engine engine) {
        InMemoryStateStore store = InMemoryStateStore.create();
        Atrion a = node(engine, store.provider("a"), MANUAL);
        for (int i = 0; i < 10; i++) {
            clock.advance(10);
            a.route("db", STRESSED);
        }
        a.flushState();
        StateStats st = a.stateStats().orElseThrow();
        assertEquals(1, st.published());
        assertEquals(9, st.coalesced()); // the first update queued the route, nine more only counted
        RouteVector stored = store.get("db").orElseThrow();
        assertEquals(10, stored.tickCount()); // the latest state, not the first
        assertEquals(a.state("db").orElseThrow().scar(), stored.scar());
        assertEquals("a", stored.nodeId());
        assertEquals(T0 + 100, stored.updatedAtMillis());
        assertEquals(1, stored.sequence());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aFullQueueDropsAndCounts(Engine engine) {
        InMemoryStateStore store = InMemoryStateStore.create();
        Atrion a = node(engine, store.provider("a"), MANUAL.withQueueCapacity(4));
        for (int r = 0; r < 10; r++) {
            a.route("route-" + r, CALM);
        }
        StateStats st = a.stateStats().orElseThrow();
        assertEquals(6, st.dropped());
        assertEquals(4, st.queued());
        a.flushState();
        assertEquals(4, store.size());
        // A dropped route was left unqueued, so its next update queues it.
        a.route("route-9", CALM);
        a.flushState();
        assertTrue(store.get("route-9").isPresent());
        assertEquals(0, a.stateStats().orElseThrow().queued());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void providerIntervalPacesEachRoute(Engine engine) {
        InMemoryStateStore store = InMemoryStateStore.create();
        Atrion a = node(engine, new Paced(store.provider("a"), 100), MANUAL);
        a.route("db", CALM);
        a.flushState();
        assertEquals(1, a.stateStats().orElseThrow().published());
        clock.advance(50);
        a.route("db", STRESSED);
        a.flushState(); // 50 ms after the last publication: waits
        assertEquals(1, a.stateStats().orElseThrow().published());
        assertEquals(1, a.stateStats().orElseThrow().queued());
        clock.advance(30);
        a.route("db", STRESSED); // coalesced into the waiting publication
        clock.advance(20);
        a.flushState(); // 100 ms: due
        StateStats st = a.stateStats().orElseThrow();
        assertEquals(2, st.published());
        assertEquals(1, st.coalesced());
        assertEquals(3, store.get("db").orElseThrow().tickCount());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aRouteMetLateLearnsTheStoredScarBeforePublishing(Engine engine) {
        InMemoryStateStore store = InMemoryStateStore.create();
        InMemoryStateProvider x = store.provider("x");
        x.connect();
        x.update(new RouteVector("db", 40.0, 0, 50, Mode.OPERATIONAL, 30, "x", T0, 1));
        Atrion a = node(engine, store.provider("a"), MANUAL.withRemoteWeight(0.5));
        clock.advance(10); // later than x's vector in the fleet's order, so the store takes ours
        a.route("db", CALM); // new route, S = 0; unknown when x published, so nothing merged then
        assertEquals(0.0, scar(a, "db"));
        a.flushState(); // first publication of "db": read the stored vector first
        // 0.5·(40·e^(−0.1·10/1000)) + 0.5·0 = 20·e^(−0.001) = 19.980009996667…
        assertEquals(0.5 * (40.0 * StrictMath.exp(-0.001)), scar(a, "db"), 0.0);
        assertEquals(scar(a, "db"), store.get("db").orElseThrow().scar());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void deliveryHookDelaysPropagation(Engine engine) {
        List<Runnable> inFlight = new ArrayList<>();
        InMemoryStateStore store = InMemoryStateStore.builder().delivery(inFlight::add).build();
        Atrion a = node(engine, store.provider("a"), MANUAL);
        Atrion b = node(engine, store.provider("b"), MANUAL);
        b.route("db", CALM);
        a.route("db", STRESSED);
        a.flushState();
        assertEquals(0.0, scar(b, "db")); // in flight
        clock.advance(1_000);              // the simulated network takes 1 s
        List<Runnable> due = new ArrayList<>(inFlight);
        inFlight.clear();
        due.forEach(Runnable::run);
        // b: S = 0.3·(5·e^(−0.1·1000/1000)) + 0.7·0 = 1.5·e^(−0.1) = 1.3572561270539394
        assertEquals(0.3 * (5.0 * StrictMath.exp(-0.1)), scar(b, "db"), 0.0);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void reconnectResyncsAndCloseFlushes(Engine engine) {
        InMemoryStateStore store = InMemoryStateStore.create();
        Reconnectable p = new Reconnectable(store.provider("a"));
        Atrion a = node(engine, p, MANUAL);
        a.route("one", CALM);
        a.route("two", STRESSED);
        a.flushState();
        assertEquals(1, a.stateStats().orElseThrow().resyncs()); // the connect at build time (no route yet)
        store.delete("one");
        store.delete("two");
        p.reconnect();
        a.flushState();
        StateStats st = a.stateStats().orElseThrow();
        assertEquals(2, st.resyncs());
        assertEquals(4, st.published()); // both routes again, although neither was updated
        assertEquals(2, store.size());

        a.route("three", CALM);
        a.close(); // publishes what is queued, then disconnects
        assertTrue(store.get("three").isPresent());
        assertEquals(ConnectionState.CLOSED, a.stateStats().orElseThrow().connectionState());
        assertEquals(Mode.OPERATIONAL, a.route("three", CALM).mode()); // local routing goes on
    }

    @Test
    void storeKeepsTheLatestVectorInFleetOrderAndHonoursItsLruBound() {
        InMemoryStateStore store = InMemoryStateStore.builder().maxRoutes(2).build();
        InMemoryStateProvider p = store.provider("n");
        p.connect();
        p.update(new RouteVector("r", 1, 0, 10, Mode.OPERATIONAL, 1, "m", 100, 1));
        p.update(new RouteVector("r", 2, 0, 10, Mode.OPERATIONAL, 1, "a", 99, 9)); // earlier: not stored
        assertEquals(1.0, store.get("r").orElseThrow().scar());
        p.update(new RouteVector("r", 3, 0, 10, Mode.OPERATIONAL, 1, "z", 100, 1)); // same time, larger node id
        assertEquals(3.0, store.get("r").orElseThrow().scar());
        p.update(new RouteVector("s", 1, 0, 10, Mode.OPERATIONAL, 1, "n", 1, 1));
        store.get("r"); // r used more recently than s
        p.update(new RouteVector("t", 1, 0, 10, Mode.OPERATIONAL, 1, "n", 1, 1));
        assertEquals(List.of("r", "t"), store.routes());
        assertEquals(Optional.empty(), store.get("s"));
    }

    @Test
    void publisherThreadPublishesWithoutFlush() throws InterruptedException {
        InMemoryStateStore store = InMemoryStateStore.create();
        Atrion a = Atrion.builder().physics(N1).stateProvider(store.provider("a")).build();
        a.route("db", STRESSED);
        // Liveness, not speed: the daemon thread publishes within its 10 ms idle park; allow 10 s.
        for (int i = 0; i < 1_000 && store.get("db").isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertTrue(store.get("db").isPresent());
        a.close();
    }

    @Test
    void delayedDeliveryArrivesAfterItsWallClockDelay() throws InterruptedException {
        DeliveryScheduler.Delayed delayed = DeliveryScheduler.delayed(java.time.Duration.ofMillis(50));
        try (InMemoryStateStore store = InMemoryStateStore.builder().delivery(delayed).build()) {
            Atrion a = node(Engine.FAST, store.provider("a"), MANUAL);
            Atrion b = node(Engine.FAST, store.provider("b"), MANUAL);
            b.route("db", CALM);
            a.route("db", STRESSED);
            a.flushState();
            // Liveness only (no speed assertion): it arrives, on the scheduler's thread, within 10 s.
            for (int i = 0; i < 1_000 && b.stateStats().orElseThrow().merged() == 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(1.5, scar(b, "db"), 1e-15); // 0.3·5 + 0.7·0, the manual clock did not move
        }
        delayed.schedule(() -> {
            throw new AssertionError("closed: must not run");
        });
    }

    /** A provider with a minimum publication interval (as the Redis provider's maxPublishHz). */
    private static final class Paced extends Delegating {
        private final long intervalMillis;

        Paced(StateProvider p, long intervalMillis) {
            super(p);
            this.intervalMillis = intervalMillis;
        }

        @Override
        public long minPublishIntervalMillis() {
            return intervalMillis;
        }
    }

    /** Tells its listener "connected" again, as a provider does after a reconnect. */
    private static final class Reconnectable extends Delegating {
        private StateListener listener;

        Reconnectable(StateProvider p) {
            super(p);
        }

        @Override
        public void subscribe(StateListener l) {
            this.listener = l;
            super.subscribe(l);
        }

        void reconnect() {
            listener.onConnected();
        }
    }

    private abstract static class Delegating implements StateProvider {
        private final StateProvider p;

        Delegating(StateProvider p) {
            this.p = p;
        }

        @Override public String nodeId() { return p.nodeId(); }
        @Override public void connect() { p.connect(); }
        @Override public void disconnect() { p.disconnect(); }
        @Override public ConnectionState connectionState() { return p.connectionState(); }
        @Override public Optional<RouteVector> get(String routeId) { return p.get(routeId); }
        @Override public void update(RouteVector vector) { p.update(vector); }
        @Override public void delete(String routeId) { p.delete(routeId); }
        @Override public List<String> listRoutes() { return p.listRoutes(); }
        @Override public void subscribe(StateListener l) { p.subscribe(l); }
    }
}
