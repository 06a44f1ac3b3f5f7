package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.internal.select.RouteSelector;
import io.atrion.testing.FixedRandom;
import io.atrion.testing.Fixtures;
import io.atrion.testing.TestEngines;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC.md §3: among candidates not in CIRCUIT_BREAKER pick j with probability
 * e^(−β·R_j) / Σ e^(−β·R_k), with an injectable random source; a staleness penalty κ·silence/1000.
 * A uniform draw u picks the first candidate whose cumulative probability exceeds u, so the
 * tests place u just either side of the boundaries.
 */
class SelectionTest {

    private static final long T0 = 1_700_000_000_000L;

    /**
     * N 1, R_base 10, σ 0, AutoTuner off; latency weight ln(1 + 2) = ln 3, the other axes weight 0.
     * CALM gives R = max(10, 10 + tanh(−1)·ln 3) = 10; {@link #HOT} gives R = 10 + 1·ln 3.
     */
    private static Atrion.Builder builder(Engine engine, ManualClock clock, FixedRandom random) {
        return TestEngines.builder(engine, clock).random(random).autoTunerDisabled()
                .physics(PhysicsConfig.builder().bootstrapTicks(1).scarFactor(0).build())
                .slo(Slo.builder().criticality(2, 0, 0).build());
    }

    /** Latency 2600: tanh((2600 − 100)/100) = tanh(25) = 1.0 exactly in double. */
    private static final Telemetry HOT = Telemetry.of(2600, 0.01, 0.5);

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void probabilitiesFollowBoltzmannWeights(Engine engine) {
        // R_a = 10, R_b = 10 + ln 3: P(a) = 1/(1 + e^−ln 3) = 3/4, P(b) = 1/4 (β = 1)
        ManualClock clock = new ManualClock(T0);
        FixedRandom u = new FixedRandom(0);
        Atrion a = builder(engine, clock, u).build();
        assertEquals(10.0, a.route("a", Fixtures.CALM).resistance());
        assertEquals(10 + StrictMath.log(3), a.route("b", HOT).resistance());
        assertEquals(0.0, a.route("b", HOT).momentum(), "precondition: no momentum in R_b");
        List<String> ab = List.of("a", "b");
        assertEquals(Optional.of("a"), a.select(ab));
        assertEquals(Optional.of("a"), a.select(ab));
        u.set(0.74);
        assertEquals(Optional.of("a"), a.select(ab));
        u.set(0.76);
        assertEquals(Optional.of("b"), a.select(ab));
        u.set(0.999);
        assertEquals(Optional.of("b"), a.select(ab));
        // order of candidates: b first -> b takes [0, 0.25)
        List<String> ba = List.of("b", "a");
        u.set(0.24);
        assertEquals(Optional.of("b"), a.select(ba));
        u.set(0.26);
        assertEquals(Optional.of("a"), a.select(ba));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void largerBetaSharpensThePreference(Engine engine) {
        // β = 2: P(a) = 1/(1 + e^(−2·ln 3)) = 1/(1 + 1/9) = 0.9
        ManualClock clock = new ManualClock(T0);
        FixedRandom u = new FixedRandom(0.89);
        Atrion a = builder(engine, clock, u).selectionBeta(2).build();
        a.route("a", Fixtures.CALM);
        a.route("b", HOT);
        assertEquals(Optional.of("a"), a.select(List.of("a", "b")));
        u.set(0.91);
        assertEquals(Optional.of("b"), a.select(List.of("a", "b")));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void betaZeroIsUniform(Engine engine) {
        // three routes with different R, β = 0: each 1/3
        ManualClock clock = new ManualClock(T0);
        FixedRandom u = new FixedRandom(0);
        Atrion a = builder(engine, clock, u).selectionBeta(0).build();
        a.route("a", HOT);
        a.route("b", Fixtures.CALM);
        a.route("c", Telemetry.of(150, 0.01, 0.5));
        List<String> abc = List.of("a", "b", "c");
        double[][] expect = {{0.32, 0}, {0.34, 1}, {0.65, 1}, {0.67, 2}, {0.99, 2}};
        for (double[] e : expect) {
            u.set(e[0]);
            assertEquals(Optional.of(abc.get((int) e[1])), a.select(abc), "u=" + e[0]);
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void stalenessPenaltyShiftsPreferenceAwayFromSilentRoutes(Engine engine) {
        // equal R = 10; "old" last updated 2000 ms before "fresh". κ = 0.5: penalty (0.5·2000)/1000 = 1
        // -> P(fresh) = 1/(1 + e^−1) ≈ 0.7311
        ManualClock clock = new ManualClock(T0);
        FixedRandom u = new FixedRandom(0);
        Atrion a = builder(engine, clock, u).build();
        a.route("old", Fixtures.CALM);
        clock.advance(2000);
        a.route("fresh", Fixtures.CALM);
        double pFresh = 1 / (1 + StrictMath.exp(-1));
        List<String> order = List.of("fresh", "old");
        u.set(pFresh - 0.005);
        assertEquals(Optional.of("fresh"), a.select(order));
        u.set(pFresh + 0.005);
        assertEquals(Optional.of("old"), a.select(order));

        // κ = 0: no penalty -> 50:50
        ManualClock clock2 = new ManualClock(T0);
        FixedRandom u2 = new FixedRandom(0.49);
        Atrion noPenalty = builder(engine, clock2, u2).stalenessPenaltyPerSecond(0).build();
        noPenalty.route("old", Fixtures.CALM);
        clock2.advance(2000);
        noPenalty.route("fresh", Fixtures.CALM);
        assertEquals(Optional.of("fresh"), noPenalty.select(order));
        u2.set(0.51);
        assertEquals(Optional.of("old"), noPenalty.select(order));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void stalenessPenaltyCanOutweighResistance(Engine engine) {
        // κ = 1: "a" (R 10) has been silent 3 s -> 10 + (1·3000)/1000 = 13; the hotter but fresh "b" has
        // R 10 + ln 3 ≈ 11.1 and is now preferred: P(b) = 1/(1 + e^−(13 − (10 + ln 3))) = 1/(1 + e^−(3 − ln 3))
        ManualClock clock = new ManualClock(T0);
        FixedRandom u = new FixedRandom(0);
        Atrion a = builder(engine, clock, u).stalenessPenaltyPerSecond(1).build();
        a.route("a", Fixtures.CALM);
        clock.advance(3000);
        a.route("b", HOT);
        double pB = 1 / (1 + StrictMath.exp(-(3 - StrictMath.log(3))));
        List<String> order = List.of("b", "a");
        u.set(pB - 0.005);
        assertEquals(Optional.of("b"), a.select(order));
        u.set(pB + 0.005);
        assertEquals(Optional.of("a"), a.select(order));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void routesInCircuitBreakerAreExcluded(Engine engine) {
        // γ 1 -> every OPERATIONAL update breaks; "open" is in CIRCUIT_BREAKER with the lowest R
        ManualClock clock = new ManualClock(T0);
        FixedRandom u = new FixedRandom(0);
        Atrion a = builder(engine, clock, u)
                .physics(PhysicsConfig.builder().bootstrapTicks(1).scarFactor(0).breakMultiplier(1).build()).build();
        a.route("open", Fixtures.CALM);
        assertEquals(Mode.CIRCUIT_BREAKER, a.route("open", Fixtures.CALM).mode());
        a.route("closed", HOT); // ends bootstrap: OPERATIONAL, no break check
        assertEquals(Mode.OPERATIONAL, a.state("closed").orElseThrow().mode());
        for (double x : new double[] {0.0, 0.5, 0.999}) {
            u.set(x);
            assertEquals(Optional.of("closed"), a.select(List.of("open", "closed")), "u=" + x);
        }
        // none available -> empty
        assertEquals(Optional.empty(), a.select(List.of("open")));
        assertEquals(Optional.empty(), a.select(List.of()));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void selectOnlyReadsState(Engine engine) {
        ManualClock clock = new ManualClock(T0);
        Atrion a = builder(engine, clock, new FixedRandom(0.3)).build();
        a.route("a", Fixtures.CALM);
        a.route("b", HOT);
        RouteState sa = a.state("a").orElseThrow();
        RouteState sb = a.state("b").orElseThrow();
        clock.advance(5000);
        a.select(List.of("a", "b"));
        assertEquals(sa, a.state("a").orElseThrow());
        assertEquals(sb, a.state("b").orElseThrow());
    }

    // ---------------------------------------------------------------- RouteSelector directly

    @Test
    void probabilitiesOfTheFormula() {
        // R differing by ln 3 at β 1 -> 3:1
        double[] p = RouteSelector.probabilities(new double[] {10, 10 + StrictMath.log(3)}, 2, 1.0);
        assertEquals(0.75, p[0], 1e-12);
        assertEquals(0.25, p[1], 1e-12);
        // three routes R = 1, 2, 3 at β 1: e^−1 : e^−2 : e^−3
        double[] q = RouteSelector.probabilities(new double[] {1, 2, 3}, 3, 1.0);
        double z = StrictMath.exp(-1) + StrictMath.exp(-2) + StrictMath.exp(-3);
        assertEquals(StrictMath.exp(-1) / z, q[0], 1e-12);
        assertEquals(StrictMath.exp(-2) / z, q[1], 1e-12);
        assertEquals(StrictMath.exp(-3) / z, q[2], 1e-12);
        // β 0: uniform
        double[] uni = RouteSelector.probabilities(new double[] {1, 500, 1e6}, 3, 0.0);
        for (double x : uni) {
            assertEquals(1.0 / 3, x, 1e-12);
        }
    }

    @Test
    void probabilitiesStayFiniteForHugeResistances() {
        // e^(−1e6) underflows to 0 in a naive softmax (0/0 = NaN); the stable form must not
        double[][] cases = {
            {1e6, 1e6, 1e6},
            {1e6, 1e6 - 1, 5e5},
            {1e300, 1e300, 1e300},
            {1e308, 1e6, 10},
        };
        for (double[] r : cases) {
            for (double beta : new double[] {1.0, 1e3, 1e300}) {
                double[] p = RouteSelector.probabilities(r, r.length, beta);
                double sum = 0;
                for (double x : p) {
                    assertTrue(Double.isFinite(x) && x >= 0 && x <= 1, "p=" + x);
                    sum += x;
                }
                assertEquals(1.0, sum, 1e-12);
            }
        }
        // equal huge R -> equal shares
        double[] eq = RouteSelector.probabilities(new double[] {1e6, 1e6}, 2, 1.0);
        assertEquals(0.5, eq[0], 1e-12);
        // R differing by ln 3 at the clamp still 3:1
        double[] hi = RouteSelector.probabilities(new double[] {1e6 - StrictMath.log(3), 1e6}, 2, 1.0);
        assertEquals(0.75, hi[0], 1e-9);
        // lowest R wins everything when β is huge
        double[] sharp = RouteSelector.probabilities(new double[] {1e6, 1e6 - 1, 5e5}, 3, 1e300);
        assertEquals(1.0, sharp[2]);
    }

    @Test
    void pickMatchesTheCumulativeDistribution() {
        double[] r = {10, 10 + StrictMath.log(3)};
        assertEquals(0, RouteSelector.pick(r, 2, 1.0, 0.0));
        assertEquals(0, RouteSelector.pick(r, 2, 1.0, 0.7499));
        assertEquals(1, RouteSelector.pick(r, 2, 1.0, 0.7501));
        assertEquals(1, RouteSelector.pick(r, 2, 1.0, Math.nextDown(1.0)));
        assertEquals(-1, RouteSelector.pick(new double[0], 0, 1.0, 0.5));
        // only the first `count` entries are candidates
        assertEquals(0, RouteSelector.pick(new double[] {10, 0}, 1, 1.0, 0.99));
        // huge values stay well-defined
        assertEquals(2, RouteSelector.pick(new double[] {1e6, 1e6, 5e5}, 3, 1.0, 0.5));
    }
}
