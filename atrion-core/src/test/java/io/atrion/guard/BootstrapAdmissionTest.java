package io.atrion.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.PhysicsConfig;
import io.atrion.Reason;
import io.atrion.RouteCounters;
import io.atrion.RouteDecision;
import io.atrion.Telemetry;
import io.atrion.VoltageTier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A booting route and the bottom of the voltage ladder. With the default physics a new route
 * holds R = 1.2·R_base = 12 Ω for its first N = 10 updates (SPEC §2.6), and the bulk tier is
 * 1.2·R_base = 12 V (§2.8): the physics alone sheds it (12 &gt; 12 is false) although the route
 * has seen nothing, while every stronger caller flows whatever the route's stress. The guard
 * decides a booting route on its floor R_base = 10 Ω instead: V &gt; 10 flows.
 */
class BootstrapAdmissionTest {

    private final ManualClock clock = new ManualClock(7_000_000);

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void thePhysicsAloneStillShedsTheBulkTierWhileARouteBoots(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).build();
        assertEquals(12.0, a.voltage(VoltageTier.BULK), "1.2 · R_base");
        RouteDecision d = a.route("raw", Telemetry.of(50, 0, 0.1), a.voltage(VoltageTier.BULK));
        // SPEC §2.6/§2.8 unchanged: R = 12 in BOOTSTRAP, and V > R is false for V = 12.
        assertEquals(Mode.BOOTSTRAP, d.mode());
        assertEquals(12.0, d.resistance());
        assertFalse(d.allowed());
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, d.reason());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void theGuardAdmitsEveryTierOfTheLadderWhileARouteBoots(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).decisionCounters(true).build();
        RouteGuard g = a.guard("dep");
        double bulk = a.voltage(VoltageTier.BULK);
        int admitted = 0;
        // One call every 100 ms, 5 ms each: every admission finds the interval elapsed and a call
        // ended since the last update, so calls 1–10 are the ten bootstrap updates and call 10
        // ends BOOTSTRAP (tickCount = N).
        for (int call = 1; call <= 10; call++) {
            clock.advance(100);
            assertEquals(Mode.BOOTSTRAP, g.handle().mode());
            GuardResult<String> r = g.tryCall(bulk, () -> {
                clock.advance(5);
                return "ok";
            });
            assertTrue(r.isSuccess(), "bulk call " + call + " on a booting route");
            assertFalse(r.isProbe());
            admitted++;
            assertEquals(call, g.handle().tickCount());
        }
        // Past bootstrap, a healthy route sits at R_base = 10 (its pressures are negative: 5 ms
        // against a 100 ms baseline, no errors, nothing in flight), and 12 V passes on the physics' own rule.
        assertEquals(Mode.OPERATIONAL, g.handle().mode());
        assertEquals(10.0, g.handle().resistance());
        for (int call = 0; call < 5; call++) {
            clock.advance(100);
            assertTrue(g.tryCall(bulk, () -> "ok").isSuccess());
            admitted++;
        }
        RouteCounters c = a.counters("dep").orElseThrow();
        assertEquals(admitted, c.admitted(), "counted as what the callers saw");
        assertEquals(0, c.rejected());
        assertEquals(0, c.probes());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aCallerAtOrBelowTheFloorIsShedWhetherTheRouteBootsOrNot(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).decisionCounters(true).build();
        RouteGuard g = a.guard("dep");
        // R_base = 10: a 10 V caller never beats a route (R ≥ R_base, V > R), booting or healthy,
        // and its rejection says nothing about the dependency, so it never probes either (no call
        // ever ended here, which would otherwise allow one).
        for (int i = 0; i < 30; i++) {
            clock.advance(1_000);
            GuardResult<String> r = g.tryCall(10.0, () -> "ok");
            assertTrue(r.isRejected(), "call " + i);
            assertEquals(Reason.INSUFFICIENT_VOLTAGE, r.rejection().orElseThrow().reason());
            // Every 3rd second a healthy caller keeps the route updating, so it leaves BOOTSTRAP.
            if (i % 3 == 0) {
                assertTrue(g.tryCall(20.0, () -> "ok").isSuccess());
            }
        }
        assertEquals(Mode.OPERATIONAL, g.handle().mode());
        assertEquals(0, g.probesStarted());
        assertEquals(30, a.counters("dep").orElseThrow().rejectedInsufficientVoltage());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void theBandFollowsTheConfiguredFloor(Engine engine) {
        // R_base = 40: booting R = 48, bulk 48 V, low 60 V. 45 V (in (40, 48]) flows while the
        // route boots; 40 V does not.
        Atrion a = Atrion.builder().engine(engine).clock(clock)
                .physics(PhysicsConfig.builder().baseResistance(40).build()).build();
        RouteGuard g = a.guard("dep");
        assertEquals(48.0, a.voltage(VoltageTier.BULK));
        clock.advance(100);
        assertTrue(g.tryCall(45.0, () -> "ok").isSuccess());
        clock.advance(100);
        assertTrue(g.tryCall(a.voltage(VoltageTier.BULK), () -> "ok").isSuccess());
        assertEquals(Mode.BOOTSTRAP, g.handle().mode());
        assertTrue(g.tryCall(40.0, () -> "ok").isRejected());
    }
}
