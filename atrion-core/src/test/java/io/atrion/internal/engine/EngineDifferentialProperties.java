package io.atrion.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.Atrion;
import io.atrion.AutoTunerConfig;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.PhysicsConfig;
import io.atrion.RouteDecision;
import io.atrion.RouteHandle;
import io.atrion.RouteState;
import io.atrion.Slo;
import io.atrion.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Differential test of SPEC.md §7: the FAST and REFERENCE engines, driven with the same random
 * streams (random configs, SLOs, tuner settings, route sets, telemetry with NaN/±∞/negatives,
 * clock steps of 0, backwards and huge, voltages at R ± 1 ulp, removals), give the same bits in
 * every field of every decision and snapshot. A third instance drives FAST through handles and
 * must agree too.
 */
class EngineDifferentialProperties {

    /** One call of a stream. */
    record Step(int route, int clockKind, long clockStep, double latency, double error, double saturation,
                int voltageKind, double voltage, boolean remove) {
    }

    record Setup(PhysicsConfig physics, Slo slo, AutoTunerConfig tuner, int routes) {
    }

    @Property(tries = 300)
    void enginesAgreeBitForBit(@ForAll("setups") Setup setup, @ForAll("streams") List<Step> steps) {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        Atrion reference = build(setup, Engine.REFERENCE, clock);
        Atrion fast = build(setup, Engine.FAST, clock);
        Atrion fastHandles = build(setup, Engine.FAST, clock);
        List<RouteHandle> handles = new ArrayList<>();
        for (int r = 0; r < setup.routes(); r++) {
            handles.add(fastHandles.handle(routeId(r)));
        }

        int n = 0;
        for (Step s : steps) {
            n++;
            String id = routeId(s.route() % setup.routes());
            if (s.clockKind() == 0) {
                clock.set(clock.millis() - s.clockStep()); // backwards
            } else if (s.clockKind() == 1) {
                // same instant: Δt = 0
            } else {
                clock.advance(s.clockStep());
            }
            if (s.remove()) {
                assertEquals(reference.remove(id), fast.remove(id), "remove, step " + n);
                fastHandles.remove(id);
                continue;
            }
            double v = voltage(s, reference.state(id));
            Telemetry t = Telemetry.of(s.latency(), s.error(), s.saturation());
            RouteDecision expected = reference.route(id, t, v);
            RouteDecision actual = fast.route(id, t, v);
            assertSameDecision(expected, actual, "step " + n);
            boolean viaHandle = handles.get(s.route() % setup.routes()).admit(s.latency(), s.error(), s.saturation(), v);
            assertEquals(expected.allowed(), viaHandle, "handle admit, step " + n);
            assertSameState(reference.state(id), fast.state(id), "state, step " + n);
            assertSameState(reference.state(id), fastHandles.state(id), "handle state, step " + n);
        }
        assertEquals(reference.routes(), fast.routes());
        for (String id : reference.routes()) {
            assertSameState(reference.state(id), fast.state(id), "final state of " + id);
        }
    }

    private static double voltage(Step s, Optional<RouteState> state) {
        double r = state.map(RouteState::resistance).orElse(12.0);
        switch (s.voltageKind()) {
            case 0: return Math.nextUp(r);
            case 1: return Math.nextDown(r);
            case 2: return r;
            default: return s.voltage();
        }
    }

    static void assertSameDecision(RouteDecision e, RouteDecision a, String where) {
        assertEquals(e.routeId(), a.routeId(), where);
        assertEquals(e.allowed(), a.allowed(), where + " allowed");
        assertEquals(e.reason(), a.reason(), where + " reason");
        assertEquals(e.mode(), a.mode(), where + " mode");
        assertBits(e.resistance(), a.resistance(), where + " resistance");
        assertBits(e.scar(), a.scar(), where + " scar");
        assertBits(e.momentum(), a.momentum(), where + " momentum");
        assertEquals(e.tickCount(), a.tickCount(), where + " tick");
    }

    static void assertSameState(Optional<RouteState> expected, Optional<RouteState> actual, String where) {
        assertEquals(expected.isPresent(), actual.isPresent(), where + " presence");
        if (expected.isEmpty()) {
            return;
        }
        RouteState e = expected.get();
        RouteState a = actual.get();
        assertEquals(e.routeId(), a.routeId(), where);
        assertEquals(e.mode(), a.mode(), where + " mode");
        assertBits(e.resistance(), a.resistance(), where + " resistance");
        assertBits(e.scar(), a.scar(), where + " scar");
        assertBits(e.momentum(), a.momentum(), where + " momentum");
        assertEquals(e.tickCount(), a.tickCount(), where + " tick");
        assertEquals(e.lastUpdatedMillis(), a.lastUpdatedMillis(), where + " lastUpdated");
        assertBits(e.breakPoint(), a.breakPoint(), where + " breakPoint");
        assertBits(e.recoveryPoint(), a.recoveryPoint(), where + " recoveryPoint");
    }

    static void assertBits(double e, double a, String where) {
        assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(a),
                () -> where + ": expected " + e + " got " + a);
    }

    private static Atrion build(Setup s, Engine engine, ManualClock clock) {
        return Atrion.builder().engine(engine).physics(s.physics()).slo(s.slo()).autoTuner(s.tuner())
                .clock(clock).build();
    }

    private static String routeId(int r) {
        return "route-" + r;
    }

    // ---- generators ----

    /** Doubles with many decimals, so values are not all round numbers. */
    private static Arbitrary<Double> d(double min, double max) {
        return Arbitraries.doubles().between(min, max).ofScale(9);
    }

    @Provide
    Arbitrary<Setup> setups() {
        Arbitrary<PhysicsConfig> physics = Combinators.combine(
                d(0, 50),
                d(0, 5),
                d(0, 20),
                d(0, 100),
                d(0.01, 2),
                d(1, 20),
                Arbitraries.integers().between(1, 15),
                d(0.1, 5)
        ).as((rb, decay, sigma, mu, pc, gamma, n, k) -> PhysicsConfig.builder().baseResistance(rb).decayRate(decay)
                .scarFactor(sigma).dampingFactor(mu).criticalPressure(pc).breakMultiplier(gamma).bootstrapTicks(n)
                .tanhScale(k).build());
        Arbitrary<PhysicsConfig> physicsOrDefault = Arbitraries.oneOf(physics, Arbitraries.just(PhysicsConfig.defaults()));
        Arbitrary<Slo> slo = Combinators.combine(
                d(1, 500),
                d(0.001, 0.2),
                d(0, 10),
                d(0, 10),
                d(0, 10)
        ).as((lat, err, cl, ce, cs) -> Slo.builder().baselineLatencyMs(lat).targetErrorRate(err)
                .criticality(cl, ce, cs).build());
        Arbitrary<Slo> sloOrDefault = Arbitraries.oneOf(slo, Arbitraries.just(Slo.defaults()));
        Arbitrary<AutoTunerConfig> tuner = Combinators.combine(
                Arbitraries.integers().between(1, 200),
                d(0, 5),
                d(0, 100),
                d(0, 400),
                Arbitraries.integers().between(0, 40),
                d(0, 1)
        ).as((w, k, floor, extra, warm, rm) -> AutoTunerConfig.builder().windowSize(w).sensitivity(k).minFloor(floor)
                .hardCeiling(floor + extra).warmupTicks(warm).recoveryMultiplier(rm).build());
        Arbitrary<AutoTunerConfig> tunerChoice = Arbitraries.oneOf(tuner, Arbitraries.just(AutoTunerConfig.defaults()),
                Arbitraries.just(null));
        return Combinators.combine(physicsOrDefault, sloOrDefault, tunerChoice, Arbitraries.integers().between(1, 4))
                .as(Setup::new);
    }

    @Provide
    Arbitrary<List<Step>> streams() {
        Arbitrary<Double> latency = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, d(0, 3000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        -50.0, 0.0, 1e300, -0.0, Double.MIN_VALUE)));
        Arbitrary<Double> rate = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, d(0, 1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -1.0, 5.0, 0.0)));
        Arbitrary<Long> clockStep = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(1, 500)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(500, 10_000_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 2_000)));
        Arbitrary<Integer> clockKind = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(1, 0), net.jqwik.api.Tuple.of(2, 1), net.jqwik.api.Tuple.of(12, 2));
        Arbitrary<Double> voltage = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, d(0, 200)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -1.0, 100.0, -0.0)));
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 3), clockKind, clockStep, latency, rate, rate,
                Arbitraries.integers().between(0, 6), voltage
        ).as((r, ck, cs, l, e, s, vk, v) -> new Step(r, ck, cs, l, e, s, vk, v, false));
        Arbitrary<Step> removal = Arbitraries.integers().between(0, 3)
                .map(r -> new Step(r, 1, 0, 0, 0, 0, 3, 0, true));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(60, step), net.jqwik.api.Tuple.of(1, removal))
                .list().ofMinSize(1).ofMaxSize(400);
    }
}
