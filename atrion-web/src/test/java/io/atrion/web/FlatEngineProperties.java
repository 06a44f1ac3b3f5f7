package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.AutoTunerConfig;
import io.atrion.PhysicsConfig;
import io.atrion.RouteCounters;
import io.atrion.RouteDecision;
import io.atrion.RouteState;
import io.atrion.Slo;
import io.atrion.internal.engine.EngineParams;
import io.atrion.internal.engine.FastEngine;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Differential test of the browser engine against the JVM's FAST engine: random configurations
 * (physics, SLO, tuner on, off or random), 1–5 routes, telemetry with NaN, ±∞, negatives and
 * extremes, clock steps forward, zero and backwards (tick-level times as doubles, as JavaScript
 * sends them), voltages at R, R ± 1 ulp and invalid. Every decision (reason, mode, R, S, M,
 * tick) and every route's state (last update, break and recovery points) and decision counters
 * must be the same bits.
 */
class FlatEngineProperties {

    record Step(int route, int clockKind, long clockStep, double latency, double error, double saturation,
                int voltageKind, double voltage) {
    }

    @Property(tries = 400)
    void sameBitsAsTheFastEngine(@ForAll("params") EngineParams params, @ForAll("routes") int routes,
                                 @ForAll("streams") List<Step> steps) {
        FastEngine fast = new FastEngine(params, true, null);
        FlatEngine flat = new FlatEngine(params);
        int[] slots = new int[routes];
        for (int r = 0; r < routes; r++) {
            slots[r] = flat.slot("route-" + r);
        }
        long now = 1_767_225_600_000L;
        int n = 0;
        for (Step s : steps) {
            n++;
            if (s.clockKind() == 0) {
                now -= s.clockStep();
            } else if (s.clockKind() == 2) {
                now += s.clockStep();
            }
            int r = s.route() % routes;
            String id = "route-" + r;
            RouteState before = fast.state(id);
            double rNow = before == null ? params.bootstrapResistance : before.resistance();
            double v = switch (s.voltageKind()) {
                case 0 -> Math.nextUp(rNow);
                case 1 -> Math.nextDown(rNow);
                case 2 -> rNow;
                default -> s.voltage();
            };
            RouteDecision e = fast.route(id, s.latency(), s.error(), s.saturation(), v, now);
            int reason = flat.update(slots[r], s.latency(), s.error(), s.saturation(), v, FlatEngine.millis(now));
            String where = "step " + n + " " + s;
            assertEquals(e.reason().ordinal(), reason, where + " reason");
            assertEquals(e.mode().ordinal(), (int) flat.field(slots[r], FlatEngine.MODE), where + " mode");
            bits(e.resistance(), flat.field(slots[r], FlatEngine.R), where + " R");
            bits(e.scar(), flat.field(slots[r], FlatEngine.S), where + " S");
            bits(e.momentum(), flat.field(slots[r], FlatEngine.M), where + " M");
            assertEquals((double) e.tickCount(), flat.field(slots[r], FlatEngine.TICK), where + " tick");
            RouteState st = fast.state(id);
            assertEquals((double) st.lastUpdatedMillis(), flat.field(slots[r], FlatEngine.LAST), where + " last");
            bits(st.breakPoint(), flat.breakPoint(slots[r]), where + " breakPoint");
            bits(st.recoveryPoint(), flat.recoveryPoint(slots[r]), where + " recoveryPoint");
        }
        for (int r = 0; r < routes; r++) {
            RouteCounters c = fast.counters("route-" + r);
            double[] expected = c == null ? new double[6] : new double[] {c.admitted(), c.rejectedCircuitOpen(),
                c.rejectedInsufficientVoltage(), c.rejectedInvalidVoltage(), c.breakerOpened(), c.breakerClosed()};
            for (int k = 0; k < 6; k++) {
                assertEquals(expected[k], flat.field(slots[r], FlatEngine.COUNTS + k), "counter " + k + " of route " + r);
            }
        }
    }

    private static void bits(double e, double a, String where) {
        assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(a), () -> where + ": " + e + " vs " + a);
    }

    // ---- generators ----

    private static Arbitrary<Double> d(double min, double max) {
        return Arbitraries.doubles().between(min, max).ofScale(9);
    }

    @Provide
    Arbitrary<Integer> routes() {
        return Arbitraries.integers().between(1, 5);
    }

    @Provide
    Arbitrary<EngineParams> params() {
        Arbitrary<PhysicsConfig> physics = Combinators.combine(d(0, 50), d(0, 5), d(0, 20), d(0, 100), d(0.01, 2),
                d(1, 20), Arbitraries.integers().between(1, 15), d(0.1, 5))
                .as((rb, decay, sigma, mu, pc, gamma, n, k) -> PhysicsConfig.builder().baseResistance(rb)
                        .decayRate(decay).scarFactor(sigma).dampingFactor(mu).criticalPressure(pc)
                        .breakMultiplier(gamma).bootstrapTicks(n).tanhScale(k).build());
        Arbitrary<Slo> slo = Combinators.combine(d(1, 500), d(0.001, 0.2), d(0, 10), d(0, 10), d(0, 10))
                .as((lat, err, cl, ce, cs) -> Slo.builder().baselineLatencyMs(lat).targetErrorRate(err)
                        .criticality(cl, ce, cs).build());
        Arbitrary<AutoTunerConfig> tuner = Combinators.combine(Arbitraries.integers().between(1, 200), d(0, 5),
                d(0, 100), d(0, 400), Arbitraries.integers().between(0, 40), d(0, 1))
                .as((w, k, floor, extra, warm, rm) -> AutoTunerConfig.builder().windowSize(w).sensitivity(k)
                        .minFloor(floor).hardCeiling(floor + extra).warmupTicks(warm).recoveryMultiplier(rm).build());
        return Combinators.combine(
                Arbitraries.oneOf(physics, Arbitraries.just(PhysicsConfig.defaults())),
                Arbitraries.oneOf(slo, Arbitraries.just(Slo.defaults())),
                Arbitraries.oneOf(tuner, Arbitraries.just(AutoTunerConfig.defaults()), Arbitraries.just(null)))
                .as(EngineParams::new);
    }

    @Provide
    Arbitrary<List<Step>> streams() {
        Arbitrary<Double> latency = Arbitraries.frequencyOf(
                Tuple.of(6, d(0, 3000)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -50.0, 0.0,
                        1e300, -0.0, Double.MIN_VALUE)));
        Arbitrary<Double> rate = Arbitraries.frequencyOf(
                Tuple.of(6, d(0, 1)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -1.0, 5.0, 0.0)));
        Arbitrary<Long> clockStep = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(1, 500)),
                Tuple.of(1, Arbitraries.longs().between(500, 10_000_000)),
                Tuple.of(1, Arbitraries.longs().between(1, 2_000)));
        Arbitrary<Integer> clockKind = Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(2, 1), Tuple.of(12, 2));
        Arbitrary<Double> voltage = Arbitraries.frequencyOf(
                Tuple.of(6, d(0, 200)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -1.0, 0.0)));
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 4), clockKind, clockStep,
                latency, rate, rate, Arbitraries.integers().between(0, 5), voltage).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(250);
    }
}
