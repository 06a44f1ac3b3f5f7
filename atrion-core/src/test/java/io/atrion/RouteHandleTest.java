package io.atrion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Route handles and the batch update, on both engines. */
class RouteHandleTest {

    private final ManualClock clock = new ManualClock(10_000);

    private Atrion atrion(Engine engine) {
        return Atrion.builder().engine(engine).clock(clock).build();
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void handleOfANewRouteReportsTheStartingStateAndCreatesNothing(Engine engine) {
        Atrion a = atrion(engine);
        RouteHandle h = a.handle("api/x");
        assertEquals("api/x", h.routeId());
        // SPEC §2.6: a new route starts in BOOTSTRAP with R = 1.2·R_base = 12, S = 0, M = 0.
        assertEquals(12.0, h.resistance());
        assertEquals(Mode.BOOTSTRAP, h.mode());
        assertEquals(0.0, h.scar());
        assertEquals(0.0, h.momentum());
        assertEquals(0, h.tickCount());
        assertTrue(h.state().isEmpty());
        assertTrue(a.routes().isEmpty(), "a handle alone creates no route");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void admitIsTheSameUpdateAsRouteAtTheClocksTime(Engine engine) {
        Atrion viaHandle = atrion(engine);
        ManualClock twinClock = new ManualClock(10_000);
        Atrion viaRoute = Atrion.builder().engine(engine).clock(twinClock).build();
        RouteHandle h = viaHandle.handle("api/x");
        Random rnd = new Random(7);
        for (int i = 0; i < 300; i++) {
            clock.advance(100);
            twinClock.advance(100);
            double lat = rnd.nextDouble() * 900;
            double err = rnd.nextDouble() * 0.4;
            double sat = rnd.nextDouble();
            double v = rnd.nextInt(4) == 0 ? 5 : 60;
            boolean allowed = h.admit(lat, err, sat, v);
            RouteDecision d = viaRoute.route("api/x", Telemetry.of(lat, err, sat), v);
            assertEquals(d.allowed(), allowed, "call " + i);
            assertEquals(d.resistance(), h.resistance(), "R after call " + i);
            assertEquals(d.scar(), h.scar());
            assertEquals(d.momentum(), h.momentum());
            assertEquals(d.mode(), h.mode());
            assertEquals(d.tickCount(), h.tickCount());
            assertEquals(viaRoute.state("api/x"), h.state());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void admitByIdIsTheSameUpdateAsRoute(Engine engine) {
        Atrion byId = atrion(engine);
        ManualClock twinClock = new ManualClock(10_000);
        Atrion viaRoute = Atrion.builder().engine(engine).clock(twinClock).build();
        Random rnd = new Random(11);
        for (int i = 0; i < 300; i++) {
            clock.advance(50);
            twinClock.advance(50);
            String id = "r" + rnd.nextInt(3);
            double lat = rnd.nextDouble() * 1500;
            double err = rnd.nextDouble() * 0.3;
            double sat = rnd.nextDouble();
            double v = rnd.nextInt(5) == 0 ? Double.NaN : 40;
            assertEquals(viaRoute.route(id, Telemetry.of(lat, err, sat), v).allowed(),
                    byId.admit(id, lat, err, sat, v), "call " + i);
            assertEquals(viaRoute.state(id), byId.state(id));
        }
        assertThrows(IllegalArgumentException.class, () -> byId.admit("", 1, 0, 0, 1));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void decideUsesTheCurrentStateCountsAndDoesNotUpdate(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).decisionCounters(true).autoTunerDisabled().build();
        RouteHandle h = a.handle("api/x");
        // No state yet: decided as a new route (R = 1.2·R_base = 12), nothing created.
        assertEquals(Reason.OK, h.decide(12.5));
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, h.decide(12));
        assertTrue(a.routes().isEmpty());
        for (int i = 0; i < 40; i++) { // a storm: bootstrap, then the breaker opens
            clock.advance(100);
            h.admit(3000, 1.0, 1.0, 100);
        }
        assertEquals(Mode.CIRCUIT_BREAKER, h.mode());
        long ticks = h.tickCount();
        RouteCounters before = a.counters("api/x").orElseThrow();
        assertEquals(Reason.CIRCUIT_OPEN, h.decide(1e9));
        assertEquals(Reason.INVALID_VOLTAGE, h.decide(-1));
        assertEquals(ticks, h.tickCount(), "no update");
        RouteCounters after = a.counters("api/x").orElseThrow();
        assertEquals(before.rejectedCircuitOpen() + 1, after.rejectedCircuitOpen());
        assertEquals(before.rejectedInvalidVoltage() + 1, after.rejectedInvalidVoltage());
        a.remove("api/x");
        assertEquals(Reason.OK, h.decide(50), "removed: decided as a new route again");
        assertTrue(a.routes().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void handleSurvivesRemovalAndStartsANewRoute(Engine engine) {
        Atrion a = atrion(engine);
        RouteHandle h = a.handle("api/x");
        for (int i = 0; i < 12; i++) {
            clock.advance(100);
            h.admit(900, 0.5, 1.0, 100);
        }
        assertEquals(Mode.OPERATIONAL, h.mode());
        assertTrue(a.remove("api/x"));
        assertEquals(0, h.tickCount(), "removed: readers report a new route");
        assertEquals(12.0, h.resistance());
        assertTrue(h.state().isEmpty());
        clock.advance(100);
        assertTrue(h.admit(80, 0, 0.4, 100));
        assertEquals(1, h.tickCount());
        assertEquals(Mode.BOOTSTRAP, h.mode());
        assertEquals(1, a.state("api/x").orElseThrow().tickCount());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void reusedSlotsDoNotLeakStateBetweenRoutes(Engine engine) {
        Atrion a = atrion(engine);
        RouteHandle old = a.handle("old");
        for (int i = 0; i < 20; i++) {
            clock.advance(100);
            old.admit(900, 0.5, 1.0, 100);
        }
        a.remove("old");
        // A new route may take the freed slot; it must start from scratch.
        RouteDecision fresh = a.route("new", Telemetry.of(80), 100);
        assertEquals(1, fresh.tickCount());
        assertEquals(12.0, fresh.resistance());
        assertEquals(0, old.tickCount(), "the old handle does not see the new route's state");
        clock.advance(100);
        old.admit(80, 0, 0.4, 100);
        assertEquals(1, a.state("old").orElseThrow().tickCount());
        assertEquals(1, a.state("new").orElseThrow().tickCount());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void batchEqualsSequentialAdmitsInIndexOrder(Engine engine) {
        Atrion batched = atrion(engine);
        ManualClock twinClock = new ManualClock(10_000);
        Atrion sequential = Atrion.builder().engine(engine).clock(twinClock).build();
        int n = 1_000;
        RouteHandle[] handles = new RouteHandle[n];
        double[] lat = new double[n];
        double[] err = new double[n];
        double[] sat = new double[n];
        double[] volt = new double[n];
        boolean[] out = new boolean[n];
        Random rnd = new Random(3);
        for (int round = 0; round < 30; round++) {
            clock.advance(250);
            twinClock.advance(250);
            for (int i = 0; i < n; i++) {
                int route = i % 700; // some routes appear twice in one batch
                handles[i] = batched.handle("r" + route);
                lat[i] = rnd.nextDouble() * (route < 100 ? 1500 : 150);
                err[i] = route < 100 ? rnd.nextDouble() * 0.5 : 0.0;
                sat[i] = rnd.nextDouble();
                volt[i] = rnd.nextInt(3) == 0 ? 5 : 50;
            }
            batched.admitBatch(handles, lat, err, sat, volt, n, out);
            boolean[] expected = new boolean[n];
            for (int i = 0; i < n; i++) {
                expected[i] = sequential.route("r" + (i % 700), Telemetry.of(lat[i], err[i], sat[i]), volt[i]).allowed();
            }
            assertArrayEquals(expected, out, "round " + round);
        }
        for (String id : sequential.routes()) {
            assertEquals(sequential.state(id), batched.state(id), id);
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void batchRejectsForeignHandlesAndShortArrays(Engine engine) {
        Atrion a = atrion(engine);
        Atrion other = atrion(engine);
        RouteHandle[] handles = {a.handle("x"), other.handle("y")};
        double[] ones = {1, 1};
        boolean[] out = new boolean[2];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.admitBatch(handles, ones, ones, ones, ones, 2, out));
        assertTrue(e.getMessage().contains("another Atrion instance"), e.getMessage());

        RouteHandle[] mine = {a.handle("p"), a.handle("q")};
        assertThrows(IndexOutOfBoundsException.class,
                () -> a.admitBatch(mine, new double[1], ones, ones, ones, 2, out));
        assertTrue(a.routes().isEmpty() || !a.routes().contains("p"), "nothing applied for a short array");
        assertThrows(IllegalArgumentException.class, () -> a.admitBatch(mine, ones, ones, ones, ones, -1, out));
        a.admitBatch(mine, ones, ones, ones, ones, 0, out); // count 0: a no-op
        assertFalse(a.routes().contains("q"));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void handleRejectsABadRouteId(Engine engine) {
        Atrion a = atrion(engine);
        assertThrows(IllegalArgumentException.class, () -> a.handle(null));
        assertThrows(IllegalArgumentException.class, () -> a.handle(""));
    }
}
