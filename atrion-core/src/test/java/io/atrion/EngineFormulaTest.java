package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.ClockDriver;
import io.atrion.testing.Fixtures;
import io.atrion.testing.SpecMath;
import io.atrion.testing.TestEngines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The formulas of SPEC.md §2.2–§2.5 observed through the public API of every engine. Most tests use
 * N = 1, so the very first call ends bootstrap (M = 0, S and R computed) and later calls run the full
 * physics. The AutoTuner is off unless a test is about it (it does not change R, S or M anyway).
 * Expected numbers are the SPEC expressions evaluated by hand in the written order, compared exactly.
 */
class EngineFormulaTest {

    private static final long T0 = 1_700_000_000_000L;

    private static ClockDriver driver(Engine engine, PhysicsConfig physics, Slo slo) {
        ManualClock clock = new ManualClock(T0);
        Atrion a = TestEngines.builder(engine, clock).physics(physics).slo(slo).autoTunerDisabled().build();
        return new ClockDriver(a, clock);
    }

    private static ClockDriver driver(Engine engine, PhysicsConfig physics) {
        return driver(engine, physics, Slo.defaults());
    }

    private static PhysicsConfig.Builder n1() {
        return PhysicsConfig.builder().bootstrapTicks(1);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void pressureAndWeightsGiveResistance(Engine engine) {
        // N = 1, σ = 0 (no scar), R_base = 100 (so the floor does not bite); first call: M = 0, S = 0.
        ClockDriver d = driver(engine, n1().baseResistance(100).scarFactor(0).build());
        RouteDecision r = d.now("a", Telemetry.of(130, 0.02, 0.6));
        // p = (tanh((130-100)/100), tanh((0.02-0.01)/0.01), tanh((0.6-0.5)/0.5)) ≈ (tanh 0.3, tanh 1, tanh 0.2)
        double pl = StrictMath.tanh(((130.0 - 100) / 100) * 1);
        double pe = StrictMath.tanh(((0.02 - 0.01) / 0.01) * 1);
        double ps = StrictMath.tanh(((0.6 - 0.5) / 0.5) * 1);
        // P·W with (ln 6, ln 9, ln 4) ≈ 0.53 + 1.67 + 0.27 > 0; R = max(100, ((100 + P·W) + 20·0) + 0)
        double pw = (pl * StrictMath.log(6) + pe * StrictMath.log(9)) + ps * StrictMath.log(4);
        assertTrue(pw > 0, "precondition");
        assertEquals(Math.max(100, ((100 + pw) + 20 * 0.0) + 0.0), r.resistance());
        assertEquals(0.0, r.scar());
        assertEquals(0.0, r.momentum());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void sloBaselinesCriticalityAndTanhScaleEnterThePressure(Engine engine) {
        // k = 2, latency baseline 50, error baseline 0.05, criticality (10, 0, 2) -> weights (ln 11, ln 1 = 0, ln 3)
        Slo slo = Slo.builder().baselineLatencyMs(50).targetErrorRate(0.05).criticality(10, 0, 2).build();
        ClockDriver d = driver(engine, n1().baseResistance(100).scarFactor(0).tanhScale(2).build(), slo);
        RouteDecision r = d.now("a", Telemetry.of(60, 0.5, 0.3));
        // p_lat = tanh(((60-50)/50)*2) = tanh(0.4); p_err = tanh(((0.5-0.05)/0.05)*2); p_sat = tanh(((0.3-0.5)/0.5)*2)
        double pl = StrictMath.tanh(((60.0 - 50) / 50) * 2);
        double pe = StrictMath.tanh(((0.5 - 0.05) / 0.05) * 2);
        double ps = StrictMath.tanh(((0.3 - 0.5) / 0.5) * 2);
        double pw = (pl * StrictMath.log(1 + 10.0) + pe * StrictMath.log(1 + 0.0)) + ps * StrictMath.log(1 + 2.0);
        assertEquals(((100 + pw) + 20 * 0.0) + 0.0, r.resistance());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void momentumIsPressureChangeSinceThePreviousUpdatePerMillisecond(Engine engine) {
        ClockDriver d = driver(engine, n1().baseResistance(100).scarFactor(0).build());
        Telemetry a = Telemetry.of(80, 0.0, 0.4);
        Telemetry b = Telemetry.of(450, 0.2, 0.9);
        Telemetry c = Telemetry.of(130, 0.02, 0.6);
        double[] pa = SpecMath.pressures(a);
        double[] pb = SpecMath.pressures(b);
        double[] pc = SpecMath.pressures(c);
        double[] w = SpecMath.defaultWeights();

        // call 1 ends bootstrap: M = 0
        assertEquals(0.0, d.now("r", a).momentum());
        // call 2, 250 ms later: M = ‖P_b − P_a‖ / 250; R = ((100 + P_b·W) + 20·M) + 0
        RouteDecision r2 = d.after(250, "r", b);
        double m2 = StrictMath.sqrt(SpecMath.sumSq(pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2])) / 250;
        assertEquals(m2, r2.momentum());
        assertEquals(((100 + SpecMath.dot(pb, w)) + 20 * m2) + 0.0, r2.resistance());
        // call 3, 40 ms later: against call 2 (the previous update), not call 1
        RouteDecision r3 = d.after(40, "r", c);
        double m3 = StrictMath.sqrt(SpecMath.sumSq(pc[0] - pb[0], pc[1] - pb[1], pc[2] - pb[2])) / 40;
        assertEquals(m3, r3.momentum());
        assertEquals(((100 + SpecMath.dot(pc, w)) + 20 * m3) + 0.0, r3.resistance());
        // call 4, same pressure as call 3: ‖0‖ = 0 -> M = 0 (two updates back would give ‖P_c − P_b‖/Δt)
        assertEquals(0.0, d.after(100, "r", c).momentum());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void momentumIsZeroWhenDeltaTIsZero(Engine engine) {
        ClockDriver d = driver(engine, n1().baseResistance(100).scarFactor(0).build());
        d.now("r", Fixtures.CALM);
        // a big pressure change at the same millisecond: Δt = 0 -> M = 0, R = (100 + P·W) + 20·0
        RouteDecision r = d.after(0, "r", Fixtures.CRITICAL);
        assertEquals(0.0, r.momentum());
        double pw = SpecMath.dot(SpecMath.pressures(Fixtures.CRITICAL), SpecMath.defaultWeights());
        assertEquals(((100 + pw) + 20 * 0.0) + 0.0, r.resistance());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void momentumUsesThePressureOfTheUpdateThatEndedBootstrap(Engine engine) {
        // N = 3: calls 1, 2 bootstrap, call 3 ends it (M = 0), call 4 compares with call 3
        ClockDriver d = driver(engine, PhysicsConfig.builder().bootstrapTicks(3).baseResistance(100).scarFactor(0).build());
        d.now("r", Fixtures.CRITICAL);
        d.after(100, "r", Fixtures.CALM);
        RouteDecision r3 = d.after(100, "r", Fixtures.BASELINE);
        assertEquals(Mode.OPERATIONAL, r3.mode());
        assertEquals(0.0, r3.momentum());
        RouteDecision r4 = d.after(100, "r", Fixtures.CRITICAL);
        // ΔP = P_critical − P_baseline = P_critical − 0
        double[] pc = SpecMath.pressures(Fixtures.CRITICAL);
        assertEquals(StrictMath.sqrt(SpecMath.sumSq(pc[0] - 0.0, pc[1] - 0.0, pc[2] - 0.0)) / 100, r4.momentum());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void momentumHasTheNoiseFloor(Engine engine) {
        ClockDriver d = driver(engine, n1().build());
        d.now("r", Fixtures.BASELINE);
        // latency 100.002 -> p_lat = tanh(0.002/100) ≈ 2e-5; ‖ΔP‖² ≈ 4e-10 < 1e-9 -> M = 0 even over 1 ms
        double pl = StrictMath.tanh(((100.002 - 100) / 100) * 1);
        assertTrue(pl * pl < 1e-9 && pl > 0, "precondition");
        assertEquals(0.0, d.after(1, "r", Telemetry.of(100.002, 0.01, 0.5)).momentum());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void scarDecaysPerSecondAndGrowsBySigmaOnCriticalUpdates(Engine engine) {
        // σ = 5, λ = 0.1/s, P_crit = 0.7
        ClockDriver d = driver(engine, n1().build());
        // call 1: ‖P+‖ ≈ 1.6 > 0.7 -> S = 0·1 + 5
        assertEquals(5.0, d.now("r", Fixtures.CRITICAL).scar());
        // call 2, 500 ms later, below baseline (‖P+‖ = 0): S = 5·exp((-0.1)·(500/1000.0)) + 0
        double s2 = 5.0 * StrictMath.exp((-0.1) * (500 / 1000.0)) + 0.0;
        assertEquals(s2, d.after(500, "r", Fixtures.CALM).scar());
        // call 3, 1500 ms later, critical again: S = s2·exp((-0.1)·1.5) + 5
        double s3 = s2 * StrictMath.exp((-0.1) * (1500 / 1000.0)) + 5.0;
        RouteDecision r3 = d.after(1500, "r", Fixtures.CRITICAL);
        assertEquals(s3, r3.scar());
        // and S enters R: ((10 + P·W) + 20·M) + S
        double[] pc = SpecMath.pressures(Fixtures.CRITICAL);
        double[] pcalm = SpecMath.pressures(Fixtures.CALM);
        double m3 = SpecMath.normOfDifference(pc, pcalm) / 1500;
        assertEquals(((10 + SpecMath.dot(pc, SpecMath.defaultWeights())) + 20 * m3) + s3, r3.resistance());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void checkValveBetterThanBaselineNeverScars(Engine engine) {
        // P_crit = 0.01: ‖P‖ of CALM is ≈ 1.32 but ‖P+‖ = ‖(0, 0, 0)‖ = 0 -> no trauma, ever
        ClockDriver d = driver(engine, n1().criticalPressure(0.01).build());
        for (RouteDecision r : d.repeat(100, "r", Fixtures.CALM, 20, 100)) {
            assertEquals(0.0, r.scar());
        }
        // one axis worse than baseline is enough: latency 200 -> p_lat = tanh(1) ≈ 0.76 > 0.01 -> S = 0 + 5
        assertEquals(5.0, d.after(100, "r", Telemetry.of(200, 0, 0)).scar());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void checkValveNormHasNoNoiseFloor(Engine engine) {
        // latency 100.001 at the other baselines: P+ ≈ (1e-5, 0, 0), ‖P+‖² ≈ 1e-10 < 1e-9.
        // Without a floor ‖P+‖ ≈ 1e-5 > P_crit = 1e-6 -> trauma σ.
        Telemetry t = Telemetry.of(100.001, 0.01, 0.5);
        double pPlus = SpecMath.positiveNorm(SpecMath.pressures(t));
        assertTrue(pPlus > 1e-6 && pPlus * pPlus < 1e-9, "precondition");
        ClockDriver d = driver(engine, n1().criticalPressure(1e-6).build());
        assertEquals(5.0, d.now("r", t).scar());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void traumaNeedsPositiveNormStrictlyAboveCriticalPressure(Engine engine) {
        Telemetry t = Telemetry.of(170, 0.005, 0.65);
        // ‖P+‖ by hand: (max(tanh 0.7, 0), max(tanh(-0.5), 0), max(tanh(0.3), 0))
        double pPlus = SpecMath.positiveNorm(SpecMath.pressures(t));
        // P_crit == ‖P+‖: not above -> no scar
        ClockDriver equal = driver(engine, n1().criticalPressure(pPlus).build());
        assertEquals(0.0, equal.now("r", t).scar());
        // P_crit one ulp below: above -> σ
        ClockDriver below = driver(engine, n1().criticalPressure(Math.nextDown(pPlus)).build());
        assertEquals(5.0, below.now("r", t).scar());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void decayFactorIsExactlyZeroBelowExponentMinus745(Engine engine) {
        // λ = 1/s, σ = 5. Call 2 after 745_100 ms: exponent (−1)·745.1 = −745.1 < −745 -> decay 0.
        // Plain exp(−745.1) would be 4.9e-324 and S ≈ 2.5e-323; SPEC says S = 5·0 + 0 = 0 exactly.
        ClockDriver d = driver(engine, n1().decayRate(1).build());
        d.now("r", Fixtures.CRITICAL);
        assertEquals(0.0, d.after(745_100, "r", Fixtures.BASELINE).scar());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void tinyScarIsKeptAtExponentMinus745(Engine engine) {
        // exponent exactly −745 is not below −745: S = 5·exp(−745) ≈ 2.5e-323, kept (never rounded to 0)
        ClockDriver d = driver(engine, n1().decayRate(1).build());
        d.now("r", Fixtures.CRITICAL);
        double expected = 5.0 * StrictMath.exp((-1.0) * (745_000 / 1000.0)) + 0.0;
        assertTrue(expected > 0, "precondition");
        assertEquals(expected, d.after(745_000, "r", Fixtures.BASELINE).scar());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void zeroDecayRateNeverForgives(Engine engine) {
        // λ = 0: exp(−0·Δt) = 1, so S stays 5 after 10^12 ms of silence
        ClockDriver d = driver(engine, n1().decayRate(0).build());
        d.now("r", Fixtures.CRITICAL);
        assertEquals(5.0, d.after(1_000_000_000_000L, "r", Fixtures.BASELINE).scar());
        // and grows by σ per critical update
        assertEquals(10.0, d.after(1000, "r", Fixtures.CRITICAL).scar());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void resistanceIsFlooredAtBaseResistance(Engine engine) {
        // CALM: R = max(10, 10 + P·W) with P·W ≈ −4.09 -> exactly 10
        ClockDriver d = driver(engine, n1().build());
        assertEquals(10.0, d.now("r", Fixtures.CALM).resistance());
        // R_base = 0 is the floor too: max(0, 0 + negative) = 0
        ClockDriver zero = driver(engine, n1().baseResistance(0).build());
        assertEquals(0.0, zero.now("r", Fixtures.CALM).resistance());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void resistanceIsClampedAtOneMillion(Engine engine) {
        // σ = 2e6: S = 2e6 after one critical update; R = 10 + P·W + 2e6 > 1e6 -> clamped to 1e6.
        // S is only required to be ≥ 0 and finite, so it stays 2e6.
        ClockDriver d = driver(engine, n1().scarFactor(2e6).build());
        RouteDecision r = d.now("r", Fixtures.CRITICAL);
        assertEquals(1e6, r.resistance());
        assertEquals(2e6, r.scar());
    }
}
