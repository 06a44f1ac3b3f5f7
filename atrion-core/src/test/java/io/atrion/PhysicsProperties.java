package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.SpecMath;
import io.atrion.testing.SpecModel;
import io.atrion.testing.TestEngines;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties over random telemetry streams (NaN, ±∞, negatives included), random clock steps
 * (0, backwards, huge jumps), random voltages (invalid ones included) and random configurations
 * within their domains. Every scenario runs on every engine of {@link TestEngines}.
 */
class PhysicsProperties {

    private static final long T0 = 1_700_000_000_000L;
    private static final int TRIES = 300;

    /** One call: telemetry, how far the clock moves before it, the voltage. */
    record Step(double latency, double error, double saturation, long clockStep, double voltage) {
        Telemetry telemetry() {
            return Telemetry.of(latency, error, saturation);
        }
    }

    /** A configuration and a call script. {@code tuner} null means the AutoTuner is off. */
    record Scenario(PhysicsConfig physics, Slo slo, AutoTunerConfig tuner, List<Step> steps) {
        Atrion atrion(Engine engine, ManualClock clock) {
            return TestEngines.builder(engine, clock).physics(physics).slo(slo).autoTuner(tuner).build();
        }
    }

    // ================================================================ generators

    /** Uniform doubles with nine decimals (jqwik's default scale of 2 is too coarse here). */
    private static Arbitrary<Double> dbl(double min, double max) {
        return Arbitraries.doubles().between(min, max).ofScale(9);
    }

    private static Arbitrary<Double> telemetryValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, dbl(-2, 2)),
                Tuple.of(6, dbl(-100, 2000)),
                Tuple.of(1, dbl(-1e12, 1e12)),
                Tuple.of(2, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)),
                Tuple.of(1, Arbitraries.of(0.0, -0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE)));
    }

    private static Arbitrary<Long> clockStep() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0L)),
                Tuple.of(10, Arbitraries.longs().between(1, 1_000)),
                Tuple.of(2, Arbitraries.longs().between(1_000, 10_000_000)),
                Tuple.of(2, Arbitraries.longs().between(-1_000_000, -1)),
                Tuple.of(1, Arbitraries.of(1_000_000_000_000L, 745_100L, 745_000L)));
    }

    private static Arbitrary<Double> voltage() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, dbl(0, 200)),
                Tuple.of(2, Arbitraries.of(100.0, 50.0, 20.0, 5.0, 1.0, 0.0, 1e300, Double.MAX_VALUE)),
                Tuple.of(2, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        -1.0, -Double.MIN_VALUE)));
    }

    private static Arbitrary<PhysicsConfig> physics() {
        Arbitrary<Double> rBase = Arbitraries.frequencyOf(
                Tuple.of(4, dbl(0, 100)),
                Tuple.of(1, Arbitraries.of(0.0, 10.0, 800_000.0)));
        Arbitrary<Double> lambda = Arbitraries.frequencyOf(
                Tuple.of(4, dbl(0, 5)),
                Tuple.of(1, Arbitraries.of(0.0, 1e6)));
        Arbitrary<Double> sigma = dbl(0, 1_000);
        Arbitrary<Double> mu = Arbitraries.frequencyOf(
                Tuple.of(4, dbl(0, 100)),
                Tuple.of(1, dbl(0, 1e6)));
        Arbitrary<Double> pCrit = Arbitraries.frequencyOf(
                Tuple.of(4, dbl(0.01, 2)),
                Tuple.of(1, Arbitraries.of(Double.MIN_VALUE, 1e-6, 0.7, 5.0)));
        Arbitrary<Double> gamma = Arbitraries.frequencyOf(
                Tuple.of(3, dbl(1, 3)),
                Tuple.of(2, dbl(1, 50)),
                Tuple.of(1, Arbitraries.just(1.0)));
        Arbitrary<Integer> n = Arbitraries.integers().between(1, 12);
        Arbitrary<Double> k = Arbitraries.frequencyOf(
                Tuple.of(4, dbl(0.01, 5)),
                Tuple.of(1, Arbitraries.of(1.0, 1e-9, 100.0)));
        return Combinators.combine(rBase, lambda, sigma, mu, pCrit, gamma, n, k).as((a, b, c, d, e, f, g, h) ->
                PhysicsConfig.builder().baseResistance(a).decayRate(b).scarFactor(c).dampingFactor(d)
                        // R_base·γ ≤ 1e6 (a reachable break point): γ ≤ 1.25 for R_base 800,000, whose
                        // product 1e6 is exact; the other R_base (≤ 100) allow every γ drawn (≤ 50).
                        .criticalPressure(e).breakMultiplier(a > 100 ? Math.min(f, 1e6 / a) : f)
                        .bootstrapTicks(g).tanhScale(h).build());
    }

    private static Arbitrary<Slo> slo() {
        Arbitrary<Double> latency = dbl(1e-3, 5_000);
        Arbitrary<Double> error = dbl(1e-4, 1);
        Arbitrary<Double> crit = Arbitraries.frequencyOf(
                Tuple.of(4, dbl(0, 10)),
                Tuple.of(1, Arbitraries.of(0.0, 10.0)));
        return Combinators.combine(latency, error, crit, crit, crit).as((l, e, a, b, c) ->
                Slo.builder().baselineLatencyMs(l).targetErrorRate(e).criticality(a, b, c).build());
    }

    private static Arbitrary<AutoTunerConfig> tuner() {
        Arbitrary<Integer> window = Arbitraries.integers().between(1, 200);
        Arbitrary<Double> sens = dbl(0, 5);
        Arbitrary<Double> floor = dbl(0, 200);
        Arbitrary<Double> span = dbl(0, 1_000);
        Arbitrary<Integer> warmup = Arbitraries.integers().between(0, 20);
        Arbitrary<Double> mult = dbl(0, 1);
        return Combinators.combine(window, sens, floor, span, warmup, mult).as((w, s, f, sp, wu, m) ->
                AutoTunerConfig.builder().windowSize(w).sensitivity(s).minFloor(f).hardCeiling(f + sp)
                        .warmupTicks(wu).recoveryMultiplier(m).build());
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Step> step = Combinators.combine(telemetryValue(), telemetryValue(), telemetryValue(), clockStep(),
                voltage()).as(Step::new);
        return Combinators.combine(physics(), slo(), tuner().injectNull(0.4), step.list().ofMinSize(1).ofMaxSize(80))
                .as(Scenario::new);
    }

    // ================================================================ properties

    @Property(tries = TRIES)
    void invariantsHoldOnEveryUpdate(@ForAll("scenarios") Scenario sc) {
        double rBase = sc.physics().baseResistance();
        int n = sc.physics().bootstrapTicks();
        for (Engine engine : TestEngines.list()) {
            ManualClock clock = new ManualClock(T0);
            Atrion atrion = sc.atrion(engine, clock);
            long latest = Long.MIN_VALUE;
            long tick = 0;
            for (Step st : sc.steps()) {
                clock.advance(st.clockStep());
                latest = Math.max(latest, clock.millis());
                RouteDecision d = atrion.route("r", st.telemetry(), st.voltage());
                RouteState s = atrion.state("r").orElseThrow();
                tick++;
                String at = engine + " tick " + tick + " " + d;
                // tickCount increments by exactly one per call, whatever the input
                assertEquals(tick, d.tickCount(), at);
                assertEquals(tick, s.tickCount(), at);
                // everything finite; R in [R_base, 1e6]; S, M ≥ 0
                assertTrue(Double.isFinite(d.resistance()) && Double.isFinite(d.scar())
                        && Double.isFinite(d.momentum()), at);
                assertTrue(d.resistance() >= rBase && d.resistance() <= 1e6, at);
                assertTrue(d.scar() >= 0, at);
                assertTrue(d.momentum() >= 0, at);
                assertTrue(Double.isFinite(s.breakPoint()) && Double.isFinite(s.recoveryPoint()), at);
                // bootstrap: exactly the first N − 1 updates, R = 1.2·R_base, S = M = 0
                assertEquals(tick < n, d.mode() == Mode.BOOTSTRAP, at);
                if (tick < n) {
                    assertEquals(1.2 * rBase, d.resistance(), at);
                    assertEquals(0.0, d.scar(), at);
                    assertEquals(0.0, d.momentum(), at);
                }
                if (tick == n) {
                    assertEquals(Mode.OPERATIONAL, d.mode(), at);
                    assertEquals(0.0, d.momentum(), at);
                }
                // the decision: allowed iff not in the breaker and a valid V > R
                double v = st.voltage();
                boolean validV = !Double.isNaN(v) && !Double.isInfinite(v) && v >= 0;
                assertEquals(d.mode() != Mode.CIRCUIT_BREAKER && validV && v > d.resistance(), d.allowed(), at);
                if (d.allowed()) {
                    assertTrue(d.mode() != Mode.CIRCUIT_BREAKER && v > d.resistance(), at);
                    assertEquals(Reason.OK, d.reason(), at);
                } else {
                    assertTrue(d.reason() != Reason.OK, at);
                }
                if (!validV) {
                    assertEquals(Reason.INVALID_VOLTAGE, d.reason(), at);
                } else if (d.mode() == Mode.CIRCUIT_BREAKER) {
                    assertEquals(Reason.CIRCUIT_OPEN, d.reason(), at);
                }
                // the snapshot agrees with the decision; time never goes back
                assertEquals(d.mode(), s.mode(), at);
                assertEquals(d.resistance(), s.resistance(), at);
                assertEquals(d.scar(), s.scar(), at);
                assertEquals(d.momentum(), s.momentum(), at);
                assertEquals(latest, s.lastUpdatedMillis(), at);
            }
        }
    }

    @Property(tries = TRIES)
    void modeMachineChecksDependOnTheModeBeforeTheUpdate(@ForAll("scenarios") Scenario sc) {
        PhysicsConfig p = sc.physics();
        Slo slo = sc.slo();
        boolean sawBreaker = false;
        for (Engine engine : TestEngines.list()) {
            ManualClock clock = new ManualClock(T0);
            Atrion atrion = sc.atrion(engine, clock);
            Mode before = null;
            for (Step st : sc.steps()) {
                clock.advance(st.clockStep());
                RouteDecision d = atrion.route("r", st.telemetry(), st.voltage());
                RouteState s = atrion.state("r").orElseThrow();
                String at = engine + " before " + before + " " + d + " " + s;
                // ‖P‖ from the telemetry, by the SPEC formula (non-finite -> 0, noise floor)
                double norm = SpecMath.norm(SpecMath.pressures(st.telemetry(), slo.baselineLatencyMs(),
                        slo.targetErrorRate(), p.tanhScale()));
                if (before == Mode.OPERATIONAL) {
                    // can only break, and breaks iff R ≥ breakPoint
                    assertEquals(d.resistance() >= s.breakPoint() ? Mode.CIRCUIT_BREAKER : Mode.OPERATIONAL,
                            d.mode(), at);
                } else if (before == Mode.CIRCUIT_BREAKER) {
                    sawBreaker = true;
                    boolean stressed = d.scar() >= p.scarFactor() && norm >= p.criticalPressure()
                            && d.resistance() >= s.recoveryPoint();
                    if (stressed) {
                        // never leaves the breaker while S ≥ σ and ‖P‖ ≥ P_crit and R ≥ recoveryPoint
                        assertEquals(Mode.CIRCUIT_BREAKER, d.mode(), at);
                    }
                    boolean recover = (d.scar() < p.scarFactor() && norm < p.criticalPressure())
                            || d.resistance() < s.recoveryPoint();
                    assertEquals(recover ? Mode.OPERATIONAL : Mode.CIRCUIT_BREAKER, d.mode(), at);
                    if (d.mode() == Mode.CIRCUIT_BREAKER) {
                        assertFalse(d.allowed(), at);
                    }
                }
                if (before != null && before != Mode.BOOTSTRAP) {
                    assertTrue(d.mode() != Mode.BOOTSTRAP, at);
                }
                before = d.mode();
            }
        }
        Statistics.label("reached CIRCUIT_BREAKER").collect(sawBreaker);
        Statistics.label("reached CIRCUIT_BREAKER").coverage(c -> c.check(true).percentage(pc -> pc > 10));
    }

    @Property(tries = TRIES)
    void everyFieldMatchesTheSpecModel(@ForAll("scenarios") Scenario sc) {
        for (Engine engine : TestEngines.list()) {
            ManualClock clock = new ManualClock(T0);
            Atrion atrion = sc.atrion(engine, clock);
            SpecModel model = new SpecModel(sc.physics(), sc.slo(), sc.tuner());
            int call = 0;
            for (Step st : sc.steps()) {
                clock.advance(st.clockStep());
                call++;
                RouteDecision d = atrion.route("r", st.telemetry(), st.voltage());
                RouteState s = atrion.state("r").orElseThrow();
                SpecModel.Expected e = model.update(st.telemetry(), st.voltage(), clock.millis());
                String at = engine + " call " + call + ": expected " + e + " got " + d + " " + s;
                assertEquals(e.mode(), d.mode(), at);
                assertEquals(e.resistance(), d.resistance(), at);
                assertEquals(e.scar(), d.scar(), at);
                assertEquals(e.momentum(), d.momentum(), at);
                assertEquals(e.tickCount(), d.tickCount(), at);
                assertEquals(e.reason(), d.reason(), at);
                assertEquals(e.allowed(), d.allowed(), at);
                assertEquals(e.lastUpdatedMillis(), s.lastUpdatedMillis(), at);
                if (d.mode() != Mode.BOOTSTRAP) {
                    assertEquals(e.breakPoint(), s.breakPoint(), at);
                    assertEquals(e.recoveryPoint(), s.recoveryPoint(), at);
                }
            }
        }
    }
}
