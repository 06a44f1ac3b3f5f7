package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The voltage ladder of SPEC §2.8 (anchored on R_base) and SLOs stated as limits. */
class VoltageLadderAndLimitsTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void ladderFollowsTheInstancesPhysics() {
        // R_base 40, γ 4: bulk 48, low 60, normal 80, high 200, critical 160 (the break point)
        PhysicsConfig p = PhysicsConfig.builder().baseResistance(40).breakMultiplier(4).build();
        Atrion a = Atrion.builder().physics(p).clock(new ManualClock(T0)).build();
        assertEquals(48.0, a.voltage(VoltageTier.BULK));
        assertEquals(60.0, a.voltage(VoltageTier.LOW));
        assertEquals(80.0, a.voltage(VoltageTier.NORMAL));
        assertEquals(200.0, a.voltage(VoltageTier.HIGH));
        assertEquals(160.0, a.voltage(VoltageTier.CRITICAL));
        assertEquals(60.0, a.parseVoltage("Low"));
        assertEquals(7.5, a.parseVoltage("7.5"));
        assertThrows(IllegalArgumentException.class, () -> a.parseVoltage("urgent"));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void everyTierPassesAHealthyRoute(Engine engine) {
        ManualClock clock = new ManualClock(T0);
        Atrion a = TestEngines.builder(engine, clock).build();
        Telemetry healthy = Telemetry.of(50, 0, 0.2); // better than every baseline: R = R_base
        RouteDecision last = null;
        for (int i = 0; i < 20; i++) {
            clock.advance(100);
            last = a.route("r", healthy);
        }
        assertEquals(Mode.OPERATIONAL, last.mode());
        assertEquals(10.0, last.resistance());
        for (VoltageTier tier : VoltageTier.values()) {
            clock.advance(100);
            RouteDecision d = a.route("r", healthy, a.voltage(tier));
            assertTrue(d.allowed(), tier + " on a healthy route");
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void tiersAreShedInOrderAsResistanceRises(Engine engine) {
        // AutoTuner off so the break point stays at 100. Each stressed update adds σ = 5 of scar,
        // so R climbs through the ladder; at every R the admitted tiers are exactly those above R.
        ManualClock clock = new ManualClock(T0);
        Atrion a = TestEngines.builder(engine, clock).autoTunerDisabled().build();
        for (int i = 0; i < 10; i++) {
            clock.advance(100);
            a.route("r", Telemetry.of(50, 0, 0.2));
        }
        int lastAdmitted = VoltageTier.values().length;
        for (int i = 0; i < 40; i++) {
            clock.advance(100);
            RouteDecision d = a.route("r", Telemetry.of(400, 0.05, 0.6), 0.0);
            if (d.mode() == Mode.CIRCUIT_BREAKER) {
                break;
            }
            int admitted = 0;
            for (VoltageTier tier : VoltageTier.values()) { // CRITICAL, HIGH, NORMAL, LOW, BULK
                boolean passes = a.handle("r").decide(a.voltage(tier)) == Reason.OK;
                assertEquals(a.voltage(tier) > d.resistance(), passes, tier + " at R = " + d.resistance());
                if (passes) {
                    assertEquals(admitted, tier.ordinal(), "tiers pass as a prefix of the ladder");
                    admitted++;
                }
            }
            assertTrue(admitted <= lastAdmitted, "a rising R never re-admits a tier");
            lastAdmitted = admitted;
        }
        assertEquals(1, lastAdmitted, "just before the breaker opens only CRITICAL passes");
    }

    @Test
    void fromLimitsPutsTheBaselineWhereTraumaStartsAtTheLimit() {
        // atanh(0.7) = ½·ln(1.7/0.3) = 0.8673005276940532 (by hand: ln(5.6667) = 1.7346010553881064)
        double factor = 1 + 0.5 * Math.log(1.7 / 0.3);
        Slo slo = Slo.fromLimits(500, 0.25);
        assertEquals(500 / factor, slo.baselineLatencyMs(), 1e-12);
        assertEquals(267.7662, slo.baselineLatencyMs(), 1e-4); // 500 / 1.8673005
        assertEquals(0.25 / factor, slo.targetErrorRate(), 1e-15);
        assertEquals(500.0, slo.maxAcceptableLatencyMs());
        assertEquals(0.5, slo.baselineSaturation(), "saturation keeps its default");
        assertEquals(factor, Slo.traumaFactor(PhysicsConfig.defaults()), 1e-15);

        Slo withSat = Slo.fromLimits(500, 0.25, 0.9);
        assertEquals(0.9 / factor, withSat.baselineSaturation(), 1e-15);

        // k = 2, P_crit = 0.5: factor = 1 + atanh(0.5)/2 = 1 + ln(3)/4
        PhysicsConfig p = PhysicsConfig.builder().tanhScale(2).criticalPressure(0.5).build();
        assertEquals(1 + Math.log(3) / 4, Slo.traumaFactor(p), 1e-15);
        assertEquals(200 / (1 + Math.log(3) / 4), Slo.fromLimits(200, 0.1, Double.NaN, p).baselineLatencyMs(), 1e-12);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void traumaStartsExactlyAboveEachLimit(Engine engine) {
        Slo slo = Slo.fromLimits(500, 0.25, 0.9);
        // just above a limit on one axis, the others calm: one σ of scar per update; just below: none
        assertEquals(5.0, scarAfterOneStressedUpdate(engine, slo, Telemetry.of(500.001, 0, 0)));
        assertEquals(0.0, scarAfterOneStressedUpdate(engine, slo, Telemetry.of(499.999, 0, 0)));
        assertEquals(5.0, scarAfterOneStressedUpdate(engine, slo, Telemetry.of(0, 0.2501, 0)));
        assertEquals(0.0, scarAfterOneStressedUpdate(engine, slo, Telemetry.of(0, 0.2499, 0)));
        assertEquals(5.0, scarAfterOneStressedUpdate(engine, slo, Telemetry.of(0, 0, 0.9001)));
        assertEquals(0.0, scarAfterOneStressedUpdate(engine, slo, Telemetry.of(0, 0, 0.8999)));
    }

    private static double scarAfterOneStressedUpdate(Engine engine, Slo slo, Telemetry stressed) {
        ManualClock clock = new ManualClock(T0);
        Atrion a = TestEngines.builder(engine, clock).slo(slo).autoTunerDisabled().build();
        for (int i = 0; i < 10; i++) {
            clock.advance(100);
            a.route("r", Telemetry.of(0, 0, 0));
        }
        clock.advance(100);
        return a.route("r", stressed).scar();
    }

    @Test
    void fromLimitsRejectsBadLimitsNamingThem() {
        assertMessage("maxLatencyMs", () -> Slo.fromLimits(0, 0.25));
        assertMessage("maxErrorRate", () -> Slo.fromLimits(500, Double.NaN));
        assertMessage("maxSaturation", () -> Slo.fromLimits(500, 0.25, -1));
        PhysicsConfig noLimit = PhysicsConfig.builder().criticalPressure(1.0).build();
        assertMessage("criticalPressure", () -> Slo.fromLimits(500, 0.25, Double.NaN, noLimit));
        assertFalse(Slo.defaults().equals(Slo.fromLimits(500, 0.25)));
    }

    private static void assertMessage(String field, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(field), x.getMessage());
    }
}
