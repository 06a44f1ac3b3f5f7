package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.ClockDriver;
import io.atrion.testing.Fixtures;
import io.atrion.testing.SpecMath;
import io.atrion.testing.TestEngines;
import io.atrion.internal.tuning.AutoTuner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AutoTuner of SPEC.md §2.7: the EMA formulas on {@link AutoTuner} directly, then the tuner as
 * seen through {@link RouteState#breakPoint()} / {@link RouteState#recoveryPoint()} of every engine.
 */
class AutoTunerTest {

    private static final long T0 = 1_700_000_000_000L;

    // ================================================================ formulas

    @Test
    void alphaIsTwoOverWindowPlusOne() {
        // α = 2/(windowSize + 1)
        assertEquals(2.0 / 101, AutoTunerConfig.defaults().alpha());
        assertEquals(0.5, AutoTunerConfig.builder().windowSize(3).build().alpha());
        assertEquals(1.0, AutoTunerConfig.builder().windowSize(1).build().alpha());
    }

    @Test
    void firstSampleSetsMeanAndZeroVariance() {
        AutoTuner t = new AutoTuner(0.5, 2, 0, 1e6, 1, 0.5);
        t.observe(42.0);
        assertEquals(42.0, t.mean());
        assertEquals(0.0, t.variance());
        assertEquals(1, t.samples());
    }

    @Test
    void emaUpdateOfMeanAndVariance() {
        // α = 0.5; samples 10, 20, 30 (every step exact in binary):
        //   x=10: mean 10, var 0
        //   x=20: δ = 10, mean = 10 + 0.5·10 = 15, var = (1−0.5)·(0 + (0.5·10)·10) = 25
        //   x=30: δ = 15, mean = 15 + 0.5·15 = 22.5, var = 0.5·(25 + (0.5·15)·15) = 68.75
        AutoTuner t = new AutoTuner(0.5, 2, 0, 1e6, 3, 0.5);
        t.observe(10);
        t.observe(20);
        assertEquals(15.0, t.mean());
        assertEquals(25.0, t.variance());
        t.observe(30);
        assertEquals(22.5, t.mean());
        assertEquals(68.75, t.variance());
    }

    @Test
    void emaStepFunctionsFollowTheWrittenOrder() {
        // δ = x − mean; mean + α·δ; (1 − α)·(var + (α·δ)·δ), with α = 2/101
        double a = 2.0 / 101;
        double mean = 13.7;
        double var = 2.25;
        double x = 31.1;
        double delta = x - mean;
        assertEquals(mean + a * delta, AutoTuner.nextMean(mean, a, x));
        assertEquals((1 - a) * (var + (a * delta) * delta), AutoTuner.nextVariance(var, mean, a, x));
    }

    @Test
    void breakPointIsStaticDuringWarmUpThenTunedAndClamped() {
        // warm-up 50: 49 samples -> static R_base·γ; 50 samples -> clamp(mean + k·√var, floor, ceiling)
        assertEquals(100.0, AutoTuner.breakPoint(49, 20, 16, 100, 50, 3, 30, 500));
        // mean 20 + 3·√16 = 32, inside [30, 500]
        assertEquals(20 + 3 * StrictMath.sqrt(16), AutoTuner.breakPoint(50, 20, 16, 100, 50, 3, 30, 500));
        // 10 + 3·√1 = 13 < floor 30 -> 30
        assertEquals(30.0, AutoTuner.breakPoint(50, 10, 1, 100, 50, 3, 30, 500));
        // 480 + 3·√100 = 510 > ceiling 500 -> 500
        assertEquals(500.0, AutoTuner.breakPoint(50, 480, 100, 100, 50, 3, 30, 500));
        // a (rounding-)negative variance counts as 0: sqrt(max(0, var))
        assertEquals(40.0, AutoTuner.breakPoint(50, 40, -1e-12, 100, 50, 3, 30, 500));
        // warm-up 0: tuned from the very first sample
        assertEquals(30.0, AutoTuner.breakPoint(0, 0, 0, 100, 0, 3, 30, 500));
    }

    @Test
    void tunedBreakPointThroughAnInstance() {
        // samples 10, 20, 30 with α 0.5 -> mean 22.5, var 68.75 (see above); k 2
        AutoTuner t = new AutoTuner(0.5, 2, 0, 1e6, 3, 0.5);
        t.observe(10);
        t.observe(20);
        assertEquals(100.0, t.breakPoint(100)); // 2 samples < warm-up 3
        t.observe(30);
        double tuned = 22.5 + 2 * StrictMath.sqrt(68.75);
        assertEquals(tuned, t.breakPoint(100));
        AutoTuner floored = new AutoTuner(0.5, 2, 50, 1e6, 3, 0.5);
        AutoTuner capped = new AutoTuner(0.5, 2, 0, 30, 3, 0.5);
        for (double x : new double[] {10, 20, 30}) {
            floored.observe(x);
            capped.observe(x);
        }
        assertEquals(50.0, floored.breakPoint(100));
        assertEquals(30.0, capped.breakPoint(100));
    }

    @Test
    void recoveryPointIsMaxOfHalfFloorAndBreakPointTimesMultiplier() {
        // max(0.5·minFloor, bp·multiplier)
        assertEquals(50.0, AutoTuner.recoveryPoint(100, 30, 0.5)); // max(15, 50)
        assertEquals(15.0, AutoTuner.recoveryPoint(20, 30, 0.5)); // max(15, 10)
        assertEquals(15.0, AutoTuner.recoveryPoint(100, 30, 0.0)); // max(15, 0)
        assertEquals(100.0, AutoTuner.recoveryPoint(100, 30, 1.0)); // max(15, 100)
        assertEquals(0.0, AutoTuner.recoveryPoint(0, 0, 0.5));
    }

    // ================================================================ through the engines

    private static ClockDriver driver(Engine engine, PhysicsConfig physics, AutoTunerConfig tuner) {
        ManualClock clock = new ManualClock(T0);
        return new ClockDriver(TestEngines.builder(engine, clock).physics(physics).autoTuner(tuner).build(), clock);
    }

    private static RouteState state(ClockDriver d) {
        return d.atrion().state("r").orElseThrow();
    }

    /** R of a telemetry that differs from the baselines only in latency, with R_base 100, σ 0, M 0. */
    private static double r100(double latency) {
        // P = (tanh((x−100)/100), 0, 0) -> P·W = (p·ln 6 + 0·ln 9) + 0·ln 4; R = max(100, ((100 + P·W) + μ·0) + 0)
        double p = StrictMath.tanh(((latency - 100) / 100) * 1);
        double pw = (p * StrictMath.log(6) + 0.0 * StrictMath.log(9)) + 0.0 * StrictMath.log(4);
        return Math.max(100, ((100 + pw) + 0 * 0.0) + 0.0);
    }

    private static Telemetry lat(double latency) {
        return Telemetry.of(latency, 0.01, 0.5);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void defaultsKeepTheStaticBreakPointForFiftySamples(Engine engine) {
        // defaults: N 10, warm-up 50 samples; BASELINE keeps R = 10 + 0 = 10 on every update.
        // Samples are taken from update 11 on, so update 59 has 49 samples (static 100 / 50) and
        // update 60 has 50: mean 10, var 0 -> clamp(10 + 3·0, 30, 500) = 30, recovery max(15, 30·0.5) = 15.
        ClockDriver d = driver(engine, PhysicsConfig.defaults(), AutoTunerConfig.defaults());
        d.repeat(100, "r", Fixtures.BASELINE, 59, 100);
        assertEquals(100.0, state(d).breakPoint());
        assertEquals(50.0, state(d).recoveryPoint());
        d.after(100, "r", Fixtures.BASELINE);
        assertEquals(60, state(d).tickCount());
        assertEquals(30.0, state(d).breakPoint());
        assertEquals(15.0, state(d).recoveryPoint());
        assertEquals(Mode.OPERATIONAL, state(d).mode());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void tunerIsNotFedDuringBootstrapNorOnTheUpdateThatEndsIt(Engine engine) {
        // N 3, R_base 100, σ 0, μ 0, static break point 100·1000 = 1e5.
        // Tuner: window 3 (α 0.5), k 2, floor 0, ceiling 1e6, warm-up 2, multiplier 0.5.
        PhysicsConfig physics = PhysicsConfig.builder().bootstrapTicks(3).baseResistance(100).scarFactor(0)
                .dampingFactor(0).breakMultiplier(1000).build();
        AutoTunerConfig tuner = AutoTunerConfig.builder().windowSize(3).sensitivity(2).minFloor(0)
                .hardCeiling(1e6).warmupTicks(2).recoveryMultiplier(0.5).build();
        ClockDriver d = driver(engine, physics, tuner);
        d.now("r", lat(300));
        d.after(100, "r", lat(50));
        RouteDecision end = d.after(100, "r", lat(0)); // ends bootstrap: R = max(100, 100 + tanh(−1)·ln 6) = 100
        assertEquals(r100(0), end.resistance());
        assertEquals(1e5, state(d).breakPoint()); // no sample yet
        RouteDecision r4 = d.after(100, "r", lat(150)); // sample 1
        assertEquals(r100(150), r4.resistance());
        assertEquals(1e5, state(d).breakPoint()); // 1 sample < warm-up 2
        RouteDecision r5 = d.after(100, "r", lat(250)); // sample 2
        assertEquals(r100(250), r5.resistance());
        // EMA over exactly (R4, R5): mean = R4 + 0.5·δ, var = (1 − 0.5)·(0 + (0.5·δ)·δ), δ = R5 − R4
        double x1 = r100(150);
        double x2 = r100(250);
        double delta = x2 - x1;
        double mean = x1 + 0.5 * delta;
        double var = (1 - 0.5) * (0.0 + (0.5 * delta) * delta);
        double bp = Math.min(Math.max(mean + 2 * StrictMath.sqrt(Math.max(0, var)), 0), 1e6);
        assertEquals(bp, state(d).breakPoint());
        assertEquals(Math.max(0.5 * 0, bp * 0.5), state(d).recoveryPoint());
        assertTrue(r5.resistance() < bp, "precondition: no break");
        assertEquals(Mode.OPERATIONAL, r5.mode());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void tunerSeesResistanceBeforeTheBreakCheckOfTheSameUpdate(Engine engine) {
        // warm-up 1, floor 0: the first sample gives mean = R, var = 0 -> breakPoint = R + k·0 = R, and
        // R ≥ breakPoint on that same update -> CIRCUIT_BREAKER. (Fed after the check, the static 1e5 applied.)
        PhysicsConfig physics = PhysicsConfig.builder().bootstrapTicks(1).baseResistance(100).scarFactor(0)
                .dampingFactor(0).breakMultiplier(1000).build();
        AutoTunerConfig tuner = AutoTunerConfig.builder().windowSize(3).sensitivity(2).minFloor(0)
                .hardCeiling(1e6).warmupTicks(1).recoveryMultiplier(0.5).build();
        ClockDriver d = driver(engine, physics, tuner);
        assertEquals(Mode.OPERATIONAL, d.now("r", lat(150)).mode());
        assertEquals(1e5, state(d).breakPoint());
        RouteDecision r = d.after(100, "r", lat(150));
        assertEquals(r100(150), r.resistance());
        assertEquals(r100(150), state(d).breakPoint());
        assertEquals(r100(150) * 0.5, state(d).recoveryPoint()); // max(0.5·0, bp·0.5)
        assertEquals(Mode.CIRCUIT_BREAKER, r.mode());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void tunedBreakPointIsClampedToMinFloor(Engine engine) {
        // R = 100 at baseline; warm-up 1, floor 150: clamp(100 + k·0, 150, 1e6) = 150; no break (100 < 150)
        PhysicsConfig physics = PhysicsConfig.builder().bootstrapTicks(1).baseResistance(100).build();
        for (double mult : new double[] {0.2, 0.5, 0.8}) {
            AutoTunerConfig tuner = AutoTunerConfig.builder().minFloor(150).hardCeiling(1e6).warmupTicks(1)
                    .recoveryMultiplier(mult).build();
            ClockDriver d = driver(engine, physics, tuner);
            d.now("r", Fixtures.BASELINE);
            RouteDecision r = d.after(100, "r", Fixtures.BASELINE);
            assertEquals(100.0, r.resistance());
            assertEquals(150.0, state(d).breakPoint());
            // recovery: max(0.5·150, 150·mult) -> 75 for 0.2 (floor wins: 150·0.2 = 30) and 0.5, 120 for 0.8
            assertEquals(Math.max(0.5 * 150, 150 * mult), state(d).recoveryPoint());
            assertEquals(Mode.OPERATIONAL, r.mode());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void tunedBreakPointIsClampedToHardCeiling(Engine engine) {
        // R_base 1000 (static 1e4); warm-up 1, floor 0, ceiling 500: clamp(1000 + 0, 0, 500) = 500 -> R ≥ 500 breaks
        PhysicsConfig physics = PhysicsConfig.builder().bootstrapTicks(1).baseResistance(1000).build();
        AutoTunerConfig tuner = AutoTunerConfig.builder().minFloor(0).hardCeiling(500).warmupTicks(1).build();
        ClockDriver d = driver(engine, physics, tuner);
        d.now("r", Fixtures.BASELINE);
        RouteDecision r = d.after(100, "r", Fixtures.BASELINE);
        assertEquals(1000.0, r.resistance());
        assertEquals(500.0, state(d).breakPoint());
        assertEquals(250.0, state(d).recoveryPoint()); // max(0, 500·0.5)
        assertEquals(Mode.CIRCUIT_BREAKER, r.mode());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void tunerIsFedOnCircuitBreakerUpdatesToo(Engine engine) {
        // R_base 10, γ 1 (static break point 10: the first OPERATIONAL update breaks), λ 0, μ 0, N 1.
        // CRITICAL every 100 ms: ‖P‖ ≥ 0.7 keeps the breaker open while R ≥ recovery point.
        // S after call i = 5·i (λ 0), M = 0 (same pressure), so R_i = ((10 + P·W) + 0) + 5·i.
        // Samples: R_2 (the update that breaks) and R_3, R_4, R_5 (taken in CIRCUIT_BREAKER).
        PhysicsConfig physics = PhysicsConfig.builder().bootstrapTicks(1).baseResistance(10).breakMultiplier(1)
                .decayRate(0).dampingFactor(0).build();
        AutoTunerConfig tuner = AutoTunerConfig.builder().windowSize(3).sensitivity(3).minFloor(0)
                .hardCeiling(1e6).warmupTicks(4).recoveryMultiplier(0.5).build();
        ClockDriver d = driver(engine, physics, tuner);
        double pw = SpecMath.dot(SpecMath.pressures(Fixtures.CRITICAL), SpecMath.defaultWeights());
        double mean = 0;
        double var = 0;
        for (int call = 1; call <= 5; call++) {
            RouteDecision r = d.after(call == 1 ? 0 : 100, "r", Fixtures.CRITICAL);
            double rHand = ((10 + pw) + 0 * 0.0) + 5.0 * call;
            assertEquals(rHand, r.resistance(), "call " + call);
            if (call == 2) {
                mean = rHand;
                var = 0;
            } else if (call > 2) {
                double delta = rHand - mean;
                mean = mean + 0.5 * delta;
                var = (1 - 0.5) * (var + (0.5 * delta) * delta);
            }
            if (call >= 2) {
                assertEquals(Mode.CIRCUIT_BREAKER, r.mode(), "call " + call);
            }
            if (call < 5) {
                assertEquals(10.0, state(d).breakPoint(), "call " + call + ": warm-up");
            }
        }
        double bp = mean + 3 * StrictMath.sqrt(var);
        assertEquals(bp, state(d).breakPoint());
        assertEquals(bp * 0.5, state(d).recoveryPoint());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void disabledTunerKeepsStaticThresholds(Engine engine) {
        // γ 4: breakPoint 10·4 = 40, recoveryPoint 0.5·10·4 = 20, however many updates
        ManualClock clock = new ManualClock(T0);
        Atrion a = TestEngines.builder(engine, clock).physics(PhysicsConfig.builder().breakMultiplier(4).build())
                .autoTunerDisabled().build();
        assertTrue(a.autoTunerConfig().isEmpty());
        new ClockDriver(a, clock).repeat(100, "r", Fixtures.BASELINE, 200, 100);
        RouteState st = a.state("r").orElseThrow();
        assertEquals(40.0, st.breakPoint());
        assertEquals(20.0, st.recoveryPoint());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void eachRouteHasItsOwnTuner(Engine engine) {
        ClockDriver d = driver(engine, PhysicsConfig.defaults(), AutoTunerConfig.defaults());
        d.repeat(100, "warm", Fixtures.BASELINE, 60, 100);
        d.repeat(100, "cold", Fixtures.BASELINE, 20, 100); // 10 samples only
        assertEquals(30.0, d.atrion().state("warm").orElseThrow().breakPoint());
        assertEquals(100.0, d.atrion().state("cold").orElseThrow().breakPoint());
    }
}
