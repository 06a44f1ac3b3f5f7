package io.atrion.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.PhysicsConfig;
import io.atrion.RouteState;
import io.atrion.Slo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A guard's limits: trauma starts exactly at them, as with an SLO stated as limits. */
class GuardLimitsTest {

    /** Calls of a constant latency every 100 ms for 60 s; the route's scar at the end. */
    private static double scarAfterCallsOf(Engine engine, double latencyMs, GuardConfig config) {
        ManualClock clock = new ManualClock(2_000_000);
        Atrion a = Atrion.builder().engine(engine).clock(clock).autoTunerDisabled().build();
        RouteGuard g = a.guards().guard("dep", config);
        for (int i = 0; i < 600; i++) {
            clock.advance(100);
            g.tryCall(100, () -> {
                clock.advance((long) latencyMs);
                return "ok";
            });
        }
        return g.handle().scar();
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void traumaStartsAtTheGuardsLatencyLimit(Engine engine) {
        GuardConfig limits = GuardConfig.builder().limits(500, 0.25).build();
        // The average converges on the call latency; reported scaled by b_slo·f/L = 100·1.8673/500,
        // 490 ms reads as 183.0 ms against the 100 ms baseline: p = tanh(0.830) = 0.681 < 0.7, no
        // trauma; 510 ms reads as 190.4 ms: p = tanh(0.904) = 0.718 > 0.7, trauma on every update.
        assertEquals(0.0, scarAfterCallsOf(engine, 490, limits), "below the limit: never scarred");
        assertTrue(scarAfterCallsOf(engine, 510, limits) > 5, "above the limit: scarred");
        // Without limits the SPEC SLO scars at 186.7 ms already.
        assertTrue(scarAfterCallsOf(engine, 200, GuardConfig.defaults()) > 5);
        assertEquals(0.0, scarAfterCallsOf(engine, 180, GuardConfig.defaults()));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void guardLimitsActLikeAnSloStatedAsLimits(Engine engine) {
        ManualClock c1 = new ManualClock(0);
        ManualClock c2 = new ManualClock(0);
        Atrion bySlo = Atrion.builder().engine(engine).clock(c1).slo(Slo.fromLimits(500, 0.25)).build();
        Atrion byGuard = Atrion.builder().engine(engine).clock(c2)
                .guardConfig(GuardConfig.builder().limits(500, 0.25).build()).build();
        RouteGuard g1 = bySlo.guard("dep");
        RouteGuard g2 = byGuard.guard("dep");
        for (int i = 0; i < 400; i++) {
            long latency = 100 + (i * 37) % 900;
            boolean fail = i % 7 < (i > 200 ? 4 : 1);
            for (RouteGuard g : new RouteGuard[] {g1, g2}) {
                ManualClock clock = g == g1 ? c1 : c2;
                clock.advance(100);
                g.tryCall(100, () -> {
                    clock.advance(latency);
                    if (fail) {
                        throw new IllegalStateException("x");
                    }
                    return "ok";
                });
            }
            RouteState s1 = g1.handle().state().orElseThrow();
            RouteState s2 = g2.handle().state().orElseThrow();
            // The same pressures up to rounding (x·b/b' instead of x with baseline b').
            assertEquals(s1.mode(), s2.mode(), "call " + i);
            assertEquals(s1.scar(), s2.scar(), 1e-9 * (1 + s1.scar()), "call " + i);
            assertEquals(s1.resistance(), s2.resistance(), 1e-9 * s1.resistance(), "call " + i);
        }
        assertTrue(g1.handle().scar() > 0, "the sequence did stress the route");
    }

    @Test
    void limitsNeedACriticalPressureBelowOne() {
        Atrion a = Atrion.builder().physics(PhysicsConfig.builder().criticalPressure(1.0).build()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.guards().guard("x", GuardConfig.builder().maxLatencyMs(500).build()));
        assertTrue(e.getMessage().startsWith("GuardConfig.maxLatencyMs needs PhysicsConfig.criticalPressure < 1"),
                e.getMessage());
        a.guards().guard("y", GuardConfig.defaults()); // without limits: fine
    }
}
