package io.atrion.internal.engine;

import static io.atrion.internal.engine.EngineDifferentialProperties.assertSameDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.MillisClock;
import io.atrion.Mode;
import io.atrion.RouteDecision;
import io.atrion.RouteHandle;
import io.atrion.RouteState;
import io.atrion.Telemetry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-route thread safety (SPEC §7: calls on one route serialize, calls on different routes run in
 * parallel): N threads × M calls on shared and distinct routes.
 * Every call records its inputs, its time and the decision it got; the decision's tickCount is
 * the position at which the engine applied the call under the route's lock. Afterwards, per
 * route, the ticks must be exactly 1..n (no lost or duplicated update), and a single-threaded
 * replay of the calls in tick order must reproduce every decision and the final state. A reader
 * thread snapshots shared routes throughout; each snapshot must equal the decision of the same
 * tick (a torn read would mix two updates).
 */
class EngineConcurrencyTest {

    private static final int THREADS = 4;
    private static final int CALLS_PER_THREAD = 20_000;
    private static final String[] SHARED = {"shared-0", "shared-1", "shared-2"};

    record Call(String route, long now, double latency, double error, double saturation, double voltage,
                RouteDecision decision) {
    }

    /** The time each thread's next call reads: the test chooses it, the engine reads it via the clock. */
    private static final ThreadLocal<long[]> NOW = ThreadLocal.withInitial(() -> new long[1]);

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void concurrentCallsSerializePerRouteWithoutLostOrTornUpdates(Engine engine) throws Exception {
        MillisClock threadClock = () -> NOW.get()[0];
        Atrion atrion = Atrion.builder().engine(engine).clock(threadClock).build();
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<RouteState> snapshots = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();

        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final int thread = t;
            workers.add(new Thread(() -> {
                Random rnd = new Random(1000 + thread);
                RouteHandle own = atrion.handle("own-" + thread);
                await(start);
                long now = 1_700_000_000_000L;
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    now += rnd.nextInt(3) == 0 ? -rnd.nextInt(50) : rnd.nextInt(200); // sometimes backwards
                    NOW.get()[0] = now;
                    boolean stressed = (i / 500) % 2 == 1;
                    double lat = stressed ? 200 + rnd.nextDouble() * 800 : 20 + rnd.nextDouble() * 100;
                    double err = stressed ? rnd.nextDouble() * 0.5 : rnd.nextDouble() * 0.01;
                    double sat = rnd.nextDouble();
                    double volt = rnd.nextInt(5) == 0 ? 5 : 100;
                    String route = i % 4 == 3 ? "own-" + thread : SHARED[rnd.nextInt(SHARED.length)];
                    RouteDecision d;
                    if (route.startsWith("own") && i % 8 == 7) {
                        // the handle path, recorded through a snapshot of the same call's effect
                        boolean allowed = own.admit(lat, err, sat, volt);
                        RouteState s = own.state().orElseThrow();
                        d = new RouteDecision(route, allowed, null, s.mode(), s.resistance(), s.scar(), s.momentum(),
                                s.tickCount());
                    } else {
                        d = atrion.route(route, Telemetry.of(lat, err, sat), volt);
                    }
                    calls.add(new Call(route, now, lat, err, sat, volt, d));
                }
            }));
        }
        Thread reader = new Thread(() -> {
            await(start);
            while (!done.get()) {
                for (String id : SHARED) {
                    atrion.state(id).ifPresent(snapshots::add);
                }
            }
        });
        workers.forEach(Thread::start);
        reader.start();
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        done.set(true);
        reader.join();

        Map<String, List<Call>> byRoute = new ConcurrentHashMap<>();
        for (Call c : calls) {
            byRoute.computeIfAbsent(c.route(), k -> new ArrayList<>()).add(c);
        }
        int total = 0;
        for (Map.Entry<String, List<Call>> e : byRoute.entrySet()) {
            List<Call> list = e.getValue();
            list.sort(Comparator.comparingLong(c -> c.decision().tickCount()));
            for (int i = 0; i < list.size(); i++) {
                assertEquals(i + 1, list.get(i).decision().tickCount(), e.getKey() + ": ticks must be 1..n");
            }
            assertEquals(list.size(), atrion.state(e.getKey()).orElseThrow().tickCount());
            total += list.size();
            replaySingleThreaded(e.getKey(), list, atrion.state(e.getKey()).orElseThrow());
        }
        assertEquals(THREADS * CALLS_PER_THREAD, total, "every call was applied once");

        // Snapshots: each equals the decision that produced its tick.
        Map<String, Map<Long, RouteDecision>> byTick = new ConcurrentHashMap<>();
        for (Call c : calls) {
            byTick.computeIfAbsent(c.route(), k -> new ConcurrentHashMap<>()).put(c.decision().tickCount(), c.decision());
        }
        assertTrue(snapshots.size() > 0, "the reader took snapshots");
        for (RouteState s : snapshots) {
            RouteDecision d = byTick.get(s.routeId()).get(s.tickCount());
            assertEquals(d.mode(), s.mode(), "snapshot mode at tick " + s.tickCount());
            assertEquals(Double.doubleToRawLongBits(d.resistance()), Double.doubleToRawLongBits(s.resistance()),
                    "snapshot R at tick " + s.tickCount());
            assertEquals(Double.doubleToRawLongBits(d.scar()), Double.doubleToRawLongBits(s.scar()));
            assertEquals(Double.doubleToRawLongBits(d.momentum()), Double.doubleToRawLongBits(s.momentum()));
        }
    }

    /** Replays one route's calls in tick order on a fresh REFERENCE engine; all decisions must match. */
    private static void replaySingleThreaded(String route, List<Call> inTickOrder, RouteState finalState) {
        ManualClock clock = new ManualClock(0);
        Atrion replay = Atrion.builder().engine(Engine.REFERENCE).clock(clock).build();
        for (Call c : inTickOrder) {
            clock.set(c.now());
            RouteDecision d = replay.route(route, Telemetry.of(c.latency(), c.error(), c.saturation()), c.voltage());
            RouteDecision recorded = c.decision();
            if (recorded.reason() == null) { // handle path: compare what the handle reported
                assertEquals(d.allowed(), recorded.allowed(), route + " tick " + d.tickCount());
                assertEquals(d.tickCount(), recorded.tickCount());
            } else {
                assertSameDecision(d, recorded, route + " tick " + d.tickCount());
            }
        }
        RouteState r = replay.state(route).orElseThrow();
        assertEquals(Double.doubleToRawLongBits(r.resistance()), Double.doubleToRawLongBits(finalState.resistance()));
        assertEquals(Double.doubleToRawLongBits(r.scar()), Double.doubleToRawLongBits(finalState.scar()));
        assertEquals(r.mode(), finalState.mode());
        assertEquals(r.lastUpdatedMillis(), finalState.lastUpdatedMillis());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void removalsRacingWithUpdatesNeverCorruptARoute(Engine engine) throws Exception {
        ManualClock clock = new ManualClock(1_000);
        Atrion atrion = Atrion.builder().engine(engine).clock(clock).build();
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            final int thread = t;
            threads.add(new Thread(() -> {
                try {
                    RouteHandle h = atrion.handle("churn-" + (thread % 2));
                    for (int i = 0; i < 30_000; i++) {
                        clock.advance(1);
                        if (i % 2 == 0) {
                            h.admit(50 + i % 300, 0.0, 0.5, 100);
                        } else {
                            RouteDecision d = atrion.route("churn-" + (i % 3), Telemetry.of(500, 0.3, 0.9), 100);
                            assertTrue(d.tickCount() >= 1);
                            assertTrue(d.resistance() >= 10 && d.resistance() <= 1e6);
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        Thread remover = new Thread(() -> {
            int i = 0;
            while (!done.get()) {
                atrion.remove("churn-" + (i++ % 3));
                Thread.yield();
            }
        });
        threads.forEach(Thread::start);
        remover.start();
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        remover.join();
        assertTrue(errors.isEmpty(), () -> "errors: " + errors);
        // After the storm a route behaves like a fresh one: first call is tick 1 in BOOTSTRAP.
        atrion.remove("churn-0");
        RouteDecision first = atrion.route("churn-0", Telemetry.of(80), 100);
        assertEquals(1, first.tickCount());
        assertEquals(Mode.BOOTSTRAP, first.mode());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
