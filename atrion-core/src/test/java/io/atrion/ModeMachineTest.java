package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.ClockDriver;
import io.atrion.testing.Fixtures;
import io.atrion.testing.SpecMath;
import io.atrion.testing.TestEngines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mode machine of SPEC.md §2.6: BOOTSTRAP → OPERATIONAL ⇄ CIRCUIT_BREAKER. Thresholds here are
 * static (AutoTuner off) unless the test says otherwise: breakPoint = R_base·γ, recoveryPoint =
 * 0.5·R_base·γ.
 *
 * <p>A useful configuration: R_base = 10, γ = 1 gives breakPoint 10 and recoveryPoint 5. Since
 * R ≥ R_base = 10 always, every update that starts OPERATIONAL breaks, and R &lt; recoveryPoint is
 * impossible, so a route can only leave the breaker by {@code S < σ and ‖P‖ < P_crit}.
 */
class ModeMachineTest {

    private static final long T0 = 1_700_000_000_000L;

    private static ClockDriver driver(Engine engine, PhysicsConfig physics) {
        ManualClock clock = new ManualClock(T0);
        return new ClockDriver(TestEngines.builder(engine, clock).physics(physics).autoTunerDisabled().build(), clock);
    }

    /** R_base 10, γ 1 (breakPoint 10, recoveryPoint 5), N 1, μ 0 (no momentum in R). */
    private static PhysicsConfig.Builder alwaysBreaks() {
        return PhysicsConfig.builder().baseResistance(10).breakMultiplier(1).bootstrapTicks(1).dampingFactor(0);
    }

    // ---------------------------------------------------------------- bootstrap

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void bootstrapLastsNUpdatesAndHoldsResistanceAtOnePointTwoTimesBase(Engine engine) {
        for (int n : new int[] {2, 5, 10}) {
            ClockDriver d = driver(engine, PhysicsConfig.builder().baseResistance(7).bootstrapTicks(n).build());
            for (int call = 1; call < n; call++) {
                // critical and calm telemetry alternate: none of it may move R, S or M in bootstrap
                Telemetry t = call % 2 == 0 ? Fixtures.CALM : Fixtures.CRITICAL;
                RouteDecision r = d.after(call == 1 ? 0 : 100, "r", t);
                String at = "N=" + n + " call " + call;
                assertEquals(Mode.BOOTSTRAP, r.mode(), at);
                assertEquals(1.2 * 7, r.resistance(), at); // R = 1.2·R_base
                assertEquals(0.0, r.scar(), at);
                assertEquals(0.0, r.momentum(), at);
                assertEquals(call, r.tickCount(), at);
                RouteState st = d.atrion().state("r").orElseThrow();
                assertEquals(Mode.BOOTSTRAP, st.mode(), at);
                assertEquals(1.2 * 7, st.resistance(), at);
                assertEquals(d.clock().millis(), st.lastUpdatedMillis(), at);
            }
            // call N ends bootstrap: M = 0 although the pressure just changed, S = 0·decay + σ (no scar
            // was collected during bootstrap), R = max(7, ((7 + P·W) + 20·0) + 5)
            Telemetry last = Fixtures.CRITICAL;
            RouteDecision r = d.after(100, "r", last);
            assertEquals(Mode.OPERATIONAL, r.mode(), "N=" + n);
            assertEquals(n, r.tickCount());
            assertEquals(0.0, r.momentum());
            assertEquals(5.0, r.scar());
            double pw = SpecMath.dot(SpecMath.pressures(last), SpecMath.defaultWeights());
            assertEquals(Math.max(7, ((7 + pw) + 20 * 0.0) + 5.0), r.resistance());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void bootstrapOfOneUpdateEndsOnTheFirstCall(Engine engine) {
        ClockDriver d = driver(engine, PhysicsConfig.builder().bootstrapTicks(1).build());
        RouteDecision r = d.now("r", Fixtures.CRITICAL);
        // N = 1: the first update makes tickCount = 1 = N -> OPERATIONAL, M = 0, S = σ, R computed
        assertEquals(Mode.OPERATIONAL, r.mode());
        assertEquals(1, r.tickCount());
        assertEquals(0.0, r.momentum());
        assertEquals(5.0, r.scar());
        double pw = SpecMath.dot(SpecMath.pressures(Fixtures.CRITICAL), SpecMath.defaultWeights());
        assertEquals(((10 + pw) + 20 * 0.0) + 5.0, r.resistance());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void defaultBootstrapIsTenUpdates(Engine engine) {
        ManualClock clock = new ManualClock(T0);
        ClockDriver d = new ClockDriver(TestEngines.builder(engine, clock).build(), clock);
        var out = d.repeat(100, "r", Fixtures.BASELINE, 10, 100);
        for (int i = 0; i < 9; i++) {
            assertEquals(Mode.BOOTSTRAP, out.get(i).mode());
            assertEquals(12.0, out.get(i).resistance(), 1e-12); // 1.2·10
        }
        assertEquals(Mode.OPERATIONAL, out.get(9).mode());
    }

    // ---------------------------------------------------------------- the transition update

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void updateThatEndsBootstrapHasNoBreakCheckEvenWithHugeResistance(Engine engine) {
        // σ = 1000: the transition update gets S = 1000, R ≈ 10 + 5 + 1000 far above breakPoint 100.
        // It still only moves to OPERATIONAL; the next update (which starts OPERATIONAL) breaks.
        for (boolean tuner : new boolean[] {false, true}) {
            ManualClock clock = new ManualClock(T0);
            Atrion.Builder b = TestEngines.builder(engine, clock)
                    .physics(PhysicsConfig.builder().bootstrapTicks(3).scarFactor(1000).build());
            if (!tuner) {
                b.autoTunerDisabled();
            }
            ClockDriver d = new ClockDriver(b.build(), clock);
            d.now("r", Fixtures.CRITICAL);
            d.after(100, "r", Fixtures.CRITICAL);
            RouteDecision end = d.after(100, "r", Fixtures.CRITICAL);
            assertEquals(Mode.OPERATIONAL, end.mode(), "tuner " + tuner);
            assertTrue(end.resistance() >= 1000, "precondition: R far above the break point 100");
            assertEquals(100.0, d.atrion().state("r").orElseThrow().breakPoint());
            assertEquals(Reason.INSUFFICIENT_VOLTAGE, end.reason());

            RouteDecision next = d.after(100, "r", Fixtures.CRITICAL);
            assertEquals(Mode.CIRCUIT_BREAKER, next.mode(), "tuner " + tuner);
            assertEquals(Reason.CIRCUIT_OPEN, next.reason());
        }
    }

    // ---------------------------------------------------------------- breaking

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void breaksWhenResistanceEqualsTheBreakPoint(Engine engine) {
        // R_base 10, γ 2 -> breakPoint 20. σ 10, λ 0, μ 0, N 1.
        // call 1 critical: ends bootstrap, S = 10. call 2 at baseline: R = ((10 + 0) + 0·M) + 10 = 20 = breakPoint.
        PhysicsConfig.Builder cfg = PhysicsConfig.builder().baseResistance(10).breakMultiplier(2).scarFactor(10)
                .decayRate(0).dampingFactor(0).bootstrapTicks(1);
        ClockDriver d = driver(engine, cfg.build());
        d.now("r", Fixtures.CRITICAL);
        RouteDecision r = d.after(100, "r", Fixtures.BASELINE);
        assertEquals(20.0, r.resistance());
        assertEquals(20.0, d.atrion().state("r").orElseThrow().breakPoint());
        assertEquals(Mode.CIRCUIT_BREAKER, r.mode());
        assertFalse(r.allowed());

        // γ one ulp above 2: breakPoint = 10·γ > 20 = R -> stays OPERATIONAL
        double gamma = Math.nextUp(2.0);
        ClockDriver above = driver(engine, cfg.breakMultiplier(gamma).build());
        above.now("r", Fixtures.CRITICAL);
        RouteDecision r2 = above.after(100, "r", Fixtures.BASELINE);
        double bp = above.atrion().state("r").orElseThrow().breakPoint();
        assertEquals(10 * gamma, bp);
        assertTrue(bp > 20.0, "precondition");
        assertEquals(20.0, r2.resistance());
        assertEquals(Mode.OPERATIONAL, r2.mode());
        assertTrue(r2.allowed());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void rejectsEveryRequestInTheBreakerEvenWithHugeVoltage(Engine engine) {
        ClockDriver d = driver(engine, alwaysBreaks().build());
        d.now("r", Fixtures.BASELINE);
        assertEquals(Mode.CIRCUIT_BREAKER, d.after(100, "r", Fixtures.CRITICAL).mode());
        for (double v : new double[] {1e300, Double.MAX_VALUE, 1e7, 100}) {
            RouteDecision r = d.after(100, "r", Fixtures.CRITICAL, v);
            assertEquals(Mode.CIRCUIT_BREAKER, r.mode(), "V=" + v);
            assertFalse(r.allowed(), "V=" + v);
            assertEquals(Reason.CIRCUIT_OPEN, r.reason(), "V=" + v);
            assertTrue(v > r.resistance(), "precondition: V > R, only the breaker rejects");
        }
        // the default-voltage overload too
        RouteDecision r = d.atrion().route("r", Fixtures.CRITICAL);
        assertEquals(Reason.CIRCUIT_OPEN, r.reason());
        assertFalse(r.allowed());
    }

    // ---------------------------------------------------------------- which check applies

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void updateStartingOperationalCanOnlyBreak(Engine engine) {
        ClockDriver d = driver(engine, alwaysBreaks().build());
        d.now("r", Fixtures.BASELINE);
        // starts OPERATIONAL; the recovery condition holds (S = 0 < 5, ‖P‖ = 0 < 0.7), but R = 10 ≥ 10
        RouteDecision r = d.after(100, "r", Fixtures.BASELINE);
        assertEquals(0.0, r.scar());
        assertEquals(10.0, r.resistance());
        assertEquals(Mode.CIRCUIT_BREAKER, r.mode());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void updateStartingInBreakerCanOnlyRecover(Engine engine) {
        ClockDriver d = driver(engine, alwaysBreaks().build());
        d.now("r", Fixtures.BASELINE);
        assertEquals(Mode.CIRCUIT_BREAKER, d.after(100, "r", Fixtures.BASELINE).mode());
        // starts in CIRCUIT_BREAKER; R = 10 ≥ breakPoint 10 (a break check would keep it open),
        // but S = 0 < σ and ‖P‖ = 0 < P_crit -> back to OPERATIONAL on this very update
        RouteDecision r = d.after(100, "r", Fixtures.BASELINE);
        assertEquals(10.0, r.resistance());
        assertEquals(Mode.OPERATIONAL, r.mode());
        assertTrue(r.allowed());
        assertEquals(Reason.OK, r.reason());
        // and the next one, starting OPERATIONAL, breaks again
        assertEquals(Mode.CIRCUIT_BREAKER, d.after(100, "r", Fixtures.BASELINE).mode());
    }

    // ---------------------------------------------------------------- recovery, path A: S < σ and ‖P‖ < P_crit

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void recoversByLowScarAndLowPressureAlone(Engine engine) {
        // γ = 1: recoveryPoint 5 < R_base, so R < recoveryPoint cannot be what closes the breaker
        ClockDriver d = driver(engine, alwaysBreaks().build());
        d.now("r", Fixtures.BASELINE);
        d.after(100, "r", Fixtures.BASELINE);
        RouteDecision r = d.after(100, "r", Fixtures.BASELINE);
        assertTrue(r.resistance() >= d.atrion().state("r").orElseThrow().recoveryPoint(), "precondition");
        assertEquals(Mode.OPERATIONAL, r.mode());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void fullNormIncludesNegativePressureForRecovery(Engine engine) {
        // CALM is far better than baseline: ‖P+‖ = 0 (no scar), but ‖P‖ = 0.7616·√3 ≈ 1.32 ≥ 0.7
        ClockDriver d = driver(engine, alwaysBreaks().build());
        d.now("r", Fixtures.CALM);
        assertEquals(Mode.CIRCUIT_BREAKER, d.after(100, "r", Fixtures.CALM).mode());
        for (int i = 0; i < 5; i++) {
            RouteDecision r = d.after(100, "r", Fixtures.CALM);
            assertEquals(0.0, r.scar());
            assertEquals(Mode.CIRCUIT_BREAKER, r.mode());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void scarEqualToSigmaKeepsTheBreakerOpen(Engine engine) {
        // λ = 0: one critical update leaves S = σ = 5 for ever; S < σ is false, ‖P‖ = 0 at baseline
        ClockDriver d = driver(engine, alwaysBreaks().decayRate(0).build());
        d.now("r", Fixtures.CRITICAL);
        assertEquals(Mode.CIRCUIT_BREAKER, d.after(100, "r", Fixtures.BASELINE).mode());
        RouteDecision r = d.after(100, "r", Fixtures.BASELINE);
        assertEquals(5.0, r.scar());
        assertEquals(Mode.CIRCUIT_BREAKER, r.mode());

        // λ = 0.1: the same scar decays to 5·e^(−0.01) < 5 within 100 ms -> recovers
        ClockDriver decaying = driver(engine, alwaysBreaks().decayRate(0.1).build());
        decaying.now("r", Fixtures.CRITICAL);
        assertEquals(Mode.CIRCUIT_BREAKER, decaying.after(100, "r", Fixtures.BASELINE).mode());
        RouteDecision r2 = decaying.after(100, "r", Fixtures.BASELINE);
        assertTrue(r2.scar() < 5.0);
        assertEquals(Mode.OPERATIONAL, r2.mode());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void pressureNormEqualToCriticalPressureKeepsTheBreakerOpen(Engine engine) {
        Telemetry t = Telemetry.of(110, 0.01, 0.5); // P = (tanh 0.1, 0, 0)
        double norm = SpecMath.norm(SpecMath.pressures(t));
        // P_crit = ‖P‖: ‖P‖ < P_crit is false (and ‖P+‖ > P_crit is false too, so S stays 0)
        ClockDriver equal = driver(engine, alwaysBreaks().criticalPressure(norm).build());
        equal.now("r", t);
        assertEquals(Mode.CIRCUIT_BREAKER, equal.after(100, "r", t).mode());
        RouteDecision r = equal.after(100, "r", t);
        assertEquals(0.0, r.scar());
        assertEquals(Mode.CIRCUIT_BREAKER, r.mode());
        // P_crit one ulp above ‖P‖ -> recovers
        ClockDriver above = driver(engine, alwaysBreaks().criticalPressure(Math.nextUp(norm)).build());
        above.now("r", t);
        assertEquals(Mode.CIRCUIT_BREAKER, above.after(100, "r", t).mode());
        assertEquals(Mode.OPERATIONAL, above.after(100, "r", t).mode());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void recoveryNormHasTheNoiseFloor(Engine engine) {
        // P_crit = 1e-6. Latency 99.999 at the other baselines: P = (tanh(−1e-5), 0, 0), ‖P+‖ = 0 (no scar),
        // ‖P‖² ≈ 1e-10 < 1e-9 -> ‖P‖ counts as 0 < P_crit -> recovers (without the floor ‖P‖ ≈ 1e-5 ≥ 1e-6).
        Telemetry tiny = Telemetry.of(99.999, 0.01, 0.5);
        double p = SpecMath.pressures(tiny)[0];
        assertTrue(p < -1e-6 && p * p < 1e-9, "precondition");
        ClockDriver d = driver(engine, alwaysBreaks().criticalPressure(1e-6).build());
        d.now("r", Fixtures.BASELINE);
        assertEquals(Mode.CIRCUIT_BREAKER, d.after(100, "r", Fixtures.BASELINE).mode());
        RouteDecision r = d.after(100, "r", tiny);
        assertEquals(0.0, r.scar());
        assertEquals(Mode.OPERATIONAL, r.mode());

        // control: latency 99.99 -> ‖P‖² ≈ 1e-8 ≥ 1e-9 -> ‖P‖ ≈ 1e-4 ≥ P_crit -> stays open
        Telemetry small = Telemetry.of(99.99, 0.01, 0.5);
        double q = SpecMath.pressures(small)[0];
        assertTrue(q * q > 1e-9, "precondition");
        ClockDriver c = driver(engine, alwaysBreaks().criticalPressure(1e-6).build());
        c.now("r", Fixtures.BASELINE);
        assertEquals(Mode.CIRCUIT_BREAKER, c.after(100, "r", Fixtures.BASELINE).mode());
        assertEquals(Mode.CIRCUIT_BREAKER, c.after(100, "r", small).mode());
    }

    // ---------------------------------------------------------------- recovery, path B: R < recoveryPoint

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void recoversByLowResistanceAloneWhileScarEqualsSigma(Engine engine) {
        // R_base 10, γ 3 -> breakPoint 30, recoveryPoint 15. λ 0, μ 1e4, N 1.
        // call 1 baseline; call 2 critical 100 ms later: S = σ, μ·M ≈ 1e4·0.016 ≈ 160 -> R ≥ 30 -> CB.
        // call 3 at the same millisecond at baseline: Δt = 0 -> M = 0, S = σ·1 + 0 = σ (S < σ false),
        // R = ((10 + 0) + 1e4·0) + σ.
        //   σ = 4.5: R = 14.5 < 15 -> recovers by R alone
        //   σ = 5:   R = 15, not below 15 -> stays open (and 15 < breakPoint 30: no "break check" either way)
        for (double sigma : new double[] {4.5, 5.0}) {
            ClockDriver d = driver(engine, PhysicsConfig.builder().baseResistance(10).breakMultiplier(3)
                    .scarFactor(sigma).decayRate(0).dampingFactor(1e4).bootstrapTicks(1).build());
            d.now("r", Fixtures.BASELINE);
            assertEquals(Mode.CIRCUIT_BREAKER, d.after(100, "r", Fixtures.CRITICAL).mode());
            RouteDecision r = d.after(0, "r", Fixtures.BASELINE);
            RouteState st = d.atrion().state("r").orElseThrow();
            assertEquals(15.0, st.recoveryPoint());
            assertEquals(30.0, st.breakPoint());
            assertEquals(0.0, r.momentum());
            assertEquals(sigma, r.scar());
            assertEquals(10 + sigma, r.resistance());
            assertEquals(sigma == 4.5 ? Mode.OPERATIONAL : Mode.CIRCUIT_BREAKER, r.mode(), "σ=" + sigma);
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void recoversByLowResistanceAloneWhilePressureNormIsHigh(Engine engine) {
        // No trauma ever (CALM and BASELINE have ‖P+‖ = 0), so S = 0 < σ; the breaker is opened by momentum:
        // CALM -> BASELINE in 100 ms: M = 0.7616·√3/100 ≈ 0.0132, μ = 1e4 -> R ≈ 142 ≥ breakPoint.
        // Then CALM at the same millisecond: ‖P‖ ≈ 1.32 ≥ 0.7 (path A false), M = 0,
        // R = max(10, 10 + P·W) = 10.
        //   γ 3 -> recoveryPoint 15: 10 < 15 -> recovers
        //   γ 2 -> recoveryPoint 10: 10 is not below 10 -> stays open, although R = 10 < breakPoint 20
        for (double gamma : new double[] {3, 2}) {
            ClockDriver d = driver(engine, PhysicsConfig.builder().baseResistance(10).breakMultiplier(gamma)
                    .dampingFactor(1e4).bootstrapTicks(1).build());
            d.now("r", Fixtures.CALM);
            assertEquals(Mode.CIRCUIT_BREAKER, d.after(100, "r", Fixtures.BASELINE).mode());
            RouteDecision r = d.after(0, "r", Fixtures.CALM);
            assertEquals(0.0, r.scar());
            assertEquals(10.0, r.resistance());
            assertEquals((0.5 * 10) * gamma, d.atrion().state("r").orElseThrow().recoveryPoint());
            assertEquals(gamma == 3 ? Mode.OPERATIONAL : Mode.CIRCUIT_BREAKER, r.mode(), "γ=" + gamma);
        }
    }
}
