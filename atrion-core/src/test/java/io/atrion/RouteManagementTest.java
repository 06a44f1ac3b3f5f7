package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.ClockDriver;
import io.atrion.testing.Fixtures;
import io.atrion.testing.TestEngines;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Routes are created on first use, listed sorted, read without update, and forgotten on remove. */
class RouteManagementTest {

    private static final long T0 = 1_700_000_000_000L;

    private static ClockDriver driver(Engine engine) {
        ManualClock clock = new ManualClock(T0);
        return new ClockDriver(TestEngines.builder(engine, clock).build(), clock);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void stateOfUnknownRouteIsEmpty(Engine engine) {
        Atrion a = driver(engine).atrion();
        assertTrue(a.state("nope").isEmpty());
        assertEquals(List.of(), a.routes());
        // reading does not create it
        assertTrue(a.state("nope").isEmpty());
        assertEquals(List.of(), a.routes());
        assertThrows(IllegalArgumentException.class, () -> a.state(""));
        assertThrows(IllegalArgumentException.class, () -> a.state(null));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void firstCallCreatesARouteInBootstrap(Engine engine) {
        ClockDriver d = driver(engine);
        d.now("r", Fixtures.CRITICAL);
        RouteState st = d.atrion().state("r").orElseThrow();
        assertEquals("r", st.routeId());
        assertEquals(Mode.BOOTSTRAP, st.mode());
        assertEquals(1, st.tickCount());
        assertEquals(12.0, st.resistance()); // 1.2·R_base
        assertEquals(0.0, st.scar());
        assertEquals(0.0, st.momentum());
        assertEquals(T0, st.lastUpdatedMillis());
        assertEquals(100.0, st.breakPoint()); // R_base·γ
        assertEquals(50.0, st.recoveryPoint());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void routesAreSortedAndImmutable(Engine engine) {
        Atrion a = driver(engine).atrion();
        for (String id : new String[] {"orders", "api/b", "B", "api/a", "zeta", "a"}) {
            a.route(id, Fixtures.BASELINE);
        }
        a.route("api/a", Fixtures.BASELINE); // a second call does not duplicate
        List<String> routes = a.routes();
        assertEquals(List.of("B", "a", "api/a", "api/b", "orders", "zeta"), routes);
        assertThrows(UnsupportedOperationException.class, () -> routes.add("x"));
        // a copy: later routes do not appear in it
        a.route("new", Fixtures.BASELINE);
        assertEquals(6, routes.size());
        assertEquals(7, a.routes().size());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void removeForgetsTheRouteAndItsState(Engine engine) {
        ClockDriver d = driver(engine);
        Atrion a = d.atrion();
        d.repeat(100, "r", Fixtures.CRITICAL, 15, 100); // past bootstrap, scarred
        d.now("other", Fixtures.BASELINE);
        assertTrue(a.state("r").orElseThrow().scar() > 0);

        assertTrue(a.remove("r"));
        assertTrue(a.state("r").isEmpty());
        assertEquals(List.of("other"), a.routes());
        assertFalse(a.remove("r"));
        assertFalse(a.remove("never-seen"));

        // the next call starts a new route: bootstrap from tick 1, no scar, R = 1.2·R_base
        RouteDecision fresh = d.after(100, "r", Fixtures.CRITICAL);
        assertEquals(1, fresh.tickCount());
        assertEquals(Mode.BOOTSTRAP, fresh.mode());
        assertEquals(12.0, fresh.resistance());
        assertEquals(0.0, fresh.scar());
        // other routes are untouched
        assertEquals(1, a.state("other").orElseThrow().tickCount());
        assertThrows(IllegalArgumentException.class, () -> a.remove(""));
        assertThrows(IllegalArgumentException.class, () -> a.remove(null));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void routesAreIndependent(Engine engine) {
        ClockDriver d = driver(engine);
        d.repeat(100, "hot", Fixtures.CRITICAL, 20, 100);
        d.repeat(100, "cold", Fixtures.BASELINE, 20, 100);
        RouteState cold = d.atrion().state("cold").orElseThrow();
        assertEquals(0.0, cold.scar());
        assertEquals(10.0, cold.resistance()); // ((10 + 0) + 20·0) + 0
        assertEquals(20, cold.tickCount());
        assertEquals(20, d.atrion().state("hot").orElseThrow().tickCount());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void stateMatchesTheLastDecision(Engine engine) {
        ClockDriver d = driver(engine);
        RouteDecision last = null;
        for (RouteDecision r : d.repeat(100, "r", Fixtures.CRITICAL, 13, 100)) {
            last = r;
        }
        RouteState st = d.atrion().state("r").orElseThrow();
        assertEquals(last.mode(), st.mode());
        assertEquals(last.resistance(), st.resistance());
        assertEquals(last.scar(), st.scar());
        assertEquals(last.momentum(), st.momentum());
        assertEquals(last.tickCount(), st.tickCount());
        assertEquals(d.clock().millis(), st.lastUpdatedMillis());
    }
}
