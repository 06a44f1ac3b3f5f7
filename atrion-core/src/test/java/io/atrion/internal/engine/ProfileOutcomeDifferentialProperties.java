package io.atrion.internal.engine;

import static io.atrion.internal.engine.EngineDifferentialProperties.assertSameDecision;
import static io.atrion.internal.engine.EngineDifferentialProperties.assertSameState;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.AutoTunerConfig;
import io.atrion.PhysicsConfig;
import io.atrion.RouteCounters;
import io.atrion.Slo;
import io.atrion.WorkloadProfile;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The differential test of SPEC §7 extended to §4: with routes of every workload profile (the
 * built-in ones and custom ones, assigned before creation and re-assigned while live), lease
 * outcomes (an uncounted update plus k·σ_route of scar) mixed with ordinary updates, the FAST and
 * REFERENCE engines give the same bits in every field, and the same decision counters.
 */
class ProfileOutcomeDifferentialProperties {

    record Step(int route, int kind, long clockStep, double latency, double error, double saturation,
                double voltage, int outcome, int profile) {
    }

    private static final double[] OUTCOME_SIGMAS = {0.0, 1.0, 0.0, 1.5};

    @Property(tries = 200)
    void enginesAgreeWithProfilesAndOutcomes(@ForAll("physics") PhysicsConfig physics, @ForAll("slos") Slo slo,
                                             @ForAll("profiles") List<WorkloadProfile> profiles,
                                             @ForAll("steps") List<Step> steps) {
        EngineParams refParams = new EngineParams(physics, slo, AutoTunerConfig.defaults());
        EngineParams fastParams = new EngineParams(physics, slo, AutoTunerConfig.defaults());
        PhysicsEngine reference = new ReferenceEngine(refParams, true, null);
        PhysicsEngine fast = new FastEngine(fastParams, true, null);
        // Half of the routes get a profile before they exist.
        for (int r = 0; r < 4; r += 2) {
            assign(refParams, reference, fastParams, fast, "r" + r, profiles.get(r % profiles.size()));
        }
        long now = 1_700_000_000_000L;
        int n = 0;
        for (Step s : steps) {
            n++;
            String id = "r" + s.route();
            now += s.clockStep();
            switch (s.kind()) {
                case 0:
                    assertSameDecision(
                            reference.route(id, s.latency(), s.error(), s.saturation(), s.voltage(), now),
                            fast.route(id, s.latency(), s.error(), s.saturation(), s.voltage(), now), "route, step " + n);
                    break;
                case 1:
                    double sigmas = OUTCOME_SIGMAS[s.outcome()];
                    reference.recordOutcome(id, s.latency(), s.error(), s.saturation(), s.voltage(), now, sigmas);
                    fast.recordOutcome(id, s.latency(), s.error(), s.saturation(), s.voltage(), now, sigmas);
                    break;
                default:
                    assign(refParams, reference, fastParams, fast, id, profiles.get(s.profile() % profiles.size()));
                    break;
            }
            assertSameState(Optional.ofNullable(reference.state(id)), Optional.ofNullable(fast.state(id)),
                    "state, step " + n);
            RouteCounters rc = reference.counters(id);
            RouteCounters fc = fast.counters(id);
            assertEquals(rc, fc, "counters, step " + n);
        }
    }

    private static void assign(EngineParams rp, PhysicsEngine reference, EngineParams fp, PhysicsEngine fast,
                               String id, WorkloadProfile p) {
        int ri = rp.profiles.assign(id, p);
        int fi = fp.profiles.assign(id, p);
        assertEquals(ri, fi);
        assertEquals(reference.assignProfile(id, ri), fast.assignProfile(id, fi));
    }

    private static Arbitrary<Double> d(double min, double max) {
        return Arbitraries.doubles().between(min, max).ofScale(9);
    }

    @Provide
    Arbitrary<PhysicsConfig> physics() {
        Arbitrary<PhysicsConfig> random = Combinators.combine(d(0, 50), d(0, 5), d(0, 20), d(0, 100), d(0.01, 2),
                d(1, 20), Arbitraries.integers().between(1, 12)).as((rb, decay, sigma, mu, pc, gamma, n) ->
                PhysicsConfig.builder().baseResistance(rb).decayRate(decay).scarFactor(sigma).dampingFactor(mu)
                        .criticalPressure(pc).breakMultiplier(gamma).bootstrapTicks(n).build());
        return Arbitraries.oneOf(random, Arbitraries.just(PhysicsConfig.defaults()));
    }

    @Provide
    Arbitrary<Slo> slos() {
        return Arbitraries.oneOf(Arbitraries.just(Slo.defaults()),
                d(1, 500).map(lat -> Slo.builder().baselineLatencyMs(lat).build()));
    }

    @Provide
    Arbitrary<List<WorkloadProfile>> profiles() {
        Arbitrary<WorkloadProfile> custom = Combinators.combine(d(0.5, 100_000), d(0, 5))
                .as((baseline, multiplier) -> WorkloadProfile.custom("C" + baseline, baseline, 60_000, 1_000, multiplier));
        Arbitrary<WorkloadProfile> any = Arbitraries.oneOf(Arbitraries.of(WorkloadProfile.LIGHT,
                WorkloadProfile.STANDARD, WorkloadProfile.HEAVY, WorkloadProfile.EXTREME), custom);
        return any.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Double> latency = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, d(0, 200_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -5.0, 0.0)));
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(6, 0), net.jqwik.api.Tuple.of(3, 1),
                        net.jqwik.api.Tuple.of(1, 2)),
                Arbitraries.longs().between(0, 20_000),
                latency,
                d(0, 1),
                d(0, 1.5),
                d(0, 150),
                Arbitraries.integers().between(0, 3)
        ).as((route, kind, dt, lat, err, sat, v, outcome) -> new Step(route, kind, dt, lat, err, sat, v, outcome,
                route + outcome));
        return step.list().ofMinSize(1).ofMaxSize(120);
    }
}
