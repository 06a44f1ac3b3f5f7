package io.atrion.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Telemetry;
import io.atrion.testing.Eventually;
import io.atrion.testing.TestEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Route listeners learn of routes created (first call) and removed (Atrion.remove) off the
 * caller's thread: a snapshot first, then the changes of each route in order, and a fresh
 * snapshot after events had to be dropped, so their view always ends equal to Atrion.routes().
 */
class RouteListenerTest {

    private static final Telemetry CALM = Telemetry.of(80, 0, 0.4);

    /** Keeps the routes it was told about, and a log of what it received. */
    static class View implements RouteListener {
        final Set<String> routes = new TreeSet<>();
        final List<String> log = new ArrayList<>();

        @Override
        public synchronized void onCreated(String routeId) {
            routes.add(routeId);
            log.add("+" + routeId);
        }

        @Override
        public synchronized void onRemoved(String routeId) {
            routes.remove(routeId);
            log.add("-" + routeId);
        }

        @Override
        public synchronized void onSnapshot(List<String> routeIds) {
            routes.clear();
            routes.addAll(routeIds);
            log.add("=" + routeIds);
        }

        synchronized Set<String> routes() {
            return new TreeSet<>(routes);
        }

        synchronized List<String> log() {
            return new ArrayList<>(log);
        }
    }

    private static Atrion atrion(Engine engine) {
        return TestEngines.builder(engine, new ManualClock(1_700_000_000_000L)).build();
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aSnapshotFirstThenEachRoutesChangesInOrder(Engine engine) throws InterruptedException {
        try (Atrion atrion = atrion(engine)) {
            atrion.route("b", CALM);
            atrion.route("a", CALM);
            View view = new View();
            atrion.addRouteListener(view);
            // The snapshot is read when it is delivered: wait for it, so that it precedes the changes below.
            assertTrue(Eventually.holds(() -> !view.log().isEmpty()));
            atrion.route("c", CALM);
            atrion.route("c", CALM); // not a creation
            assertTrue(atrion.remove("a"));
            assertFalse(atrion.remove("a"), "nothing to remove: no event");
            atrion.route("a", CALM); // created anew
            List<String> expected = List.of("=[a, b]", "+c", "-a", "+a");
            assertTrue(Eventually.holds(() -> view.log().size() >= expected.size()), view.log().toString());
            assertEquals(expected, view.log());
            assertEquals(Set.copyOf(atrion.routes()), view.routes());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aListenerThatFellBehindGetsASnapshotAndEndsWithTheRoutes(Engine engine) throws InterruptedException {
        try (Atrion atrion = atrion(engine)) {
            CountDownLatch release = new CountDownLatch(1);
            View view = new View() {
                @Override
                public void onSnapshot(List<String> routeIds) {
                    try {
                        release.await(); // blocks the delivering thread while routes pile up
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    super.onSnapshot(routeIds);
                }
            };
            atrion.addRouteListener(view);
            // More changes than the queue holds (4,096): some events are dropped.
            for (int i = 0; i < 10_000; i++) {
                atrion.route("r" + i, CALM);
            }
            for (int i = 0; i < 10_000; i += 3) {
                atrion.remove("r" + i);
            }
            release.countDown();
            assertTrue(Eventually.holds(() -> view.routes().equals(Set.copyOf(atrion.routes()))),
                    view.routes().size() + " routes known, " + atrion.routes().size() + " exist");
            assertTrue(view.log().stream().filter(e -> e.startsWith("=")).count() >= 2,
                    "the first snapshot, and one after the drop");
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void concurrentCreationAndRemovalConverge(Engine engine) throws Exception {
        try (Atrion atrion = atrion(engine)) {
            View view = new View();
            atrion.addRouteListener(view);
            Thread[] threads = new Thread[2];
            for (int t = 0; t < threads.length; t++) {
                int seed = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        String id = "r" + ((i * 7 + seed * 13) % 50); // 50 ids both threads churn
                        if ((i + seed) % 3 == 0) {
                            atrion.remove(id);
                        } else {
                            atrion.route(id, CALM);
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(Eventually.holds(() -> view.routes().equals(Set.copyOf(atrion.routes()))),
                    view.routes() + " vs " + atrion.routes());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aThrowingListenerIsCountedAndTheOthersStillHear(Engine engine) throws InterruptedException {
        try (Atrion atrion = atrion(engine)) {
            atrion.addRouteListener(new RouteListener() {
                @Override
                public void onCreated(String routeId) {
                    throw new AssertionError("boom");
                }

                @Override
                public void onRemoved(String routeId) {
                }
            });
            View view = new View();
            atrion.addRouteListener(view);
            atrion.route("x", CALM);
            assertTrue(Eventually.holds(() -> view.routes().contains("x")));
            assertTrue(Eventually.holds(() -> atrion.observerFailures() >= 1), "the listener's throw is counted");
            assertTrue(atrion.removeRouteListener(view));
            assertFalse(atrion.removeRouteListener(view));
            atrion.route("y", CALM);
            assertTrue(Eventually.holds(() -> atrion.observerFailures() >= 2));
            assertFalse(view.routes().contains("y"), "a removed listener hears nothing more");
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void withoutListenersNoThreadRunsAndAClosedInstanceTakesNone(Engine engine) {
        long before = routeThreads();
        Atrion atrion = atrion(engine);
        for (int i = 0; i < 100; i++) {
            atrion.route("r" + i, CALM);
        }
        atrion.remove("r0");
        assertTrue(routeThreads() <= before, "no delivering thread without listeners");
        atrion.close();
        assertThrows(IllegalStateException.class, () -> atrion.addRouteListener(new View()));
    }

    private static long routeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("atrion-routes-")).count();
    }
}
