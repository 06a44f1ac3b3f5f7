package io.atrion.internal.engine;

import static io.atrion.internal.engine.EngineDifferentialProperties.assertBits;
import static io.atrion.internal.engine.EngineDifferentialProperties.assertSameState;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.PhysicsConfig;
import io.atrion.Telemetry;
import io.atrion.state.InMemoryStateProvider;
import io.atrion.state.InMemoryStateStore;
import io.atrion.state.RouteVector;
import io.atrion.state.StateSyncConfig;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Differential test of the merge (SPEC §5 on both engines, SPEC §7): a REFERENCE and a FAST
 * instance receive the same stream of local updates and remote vectors (random scars, times
 * before, at and after the local clock, several nodes, repeats and reorderings, unknown routes,
 * random γ and λ) and must hold the same bits in every field after every step — and publish the
 * same vectors.
 */
class StateMergeDifferentialProperties {

    record Step(boolean remote, int route, long clockStep, double latency, double error, double saturation,
                int node, double scar, long ageMillis, long sequence) {
    }

    record Setup(double gamma, double decayRate, int bootstrapTicks, boolean tuner) {
    }

    @Property(tries = 300)
    void enginesMergeBitForBit(@ForAll("setups") Setup setup, @ForAll("streams") List<Step> steps) {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        InMemoryStateStore refStore = InMemoryStateStore.create();
        InMemoryStateStore fastStore = InMemoryStateStore.create();
        Atrion reference = build(setup, Engine.REFERENCE, clock, refStore);
        Atrion fast = build(setup, Engine.FAST, clock, fastStore);
        InMemoryStateProvider toReference = refStore.provider("peer");
        InMemoryStateProvider toFast = fastStore.provider("peer");
        toReference.connect();
        toFast.connect();
        int n = 0;
        for (Step s : steps) {
            n++;
            String id = "route-" + s.route();
            clock.advance(s.clockStep());
            if (s.remote()) {
                RouteVector v = new RouteVector(id, s.scar(), 0.0, 10.0, Mode.OPERATIONAL, 3, "node-" + s.node(),
                        Math.max(0, clock.millis() - s.ageMillis()), s.sequence());
                toReference.update(v);
                toFast.update(v);
            } else {
                Telemetry t = Telemetry.of(s.latency(), s.error(), s.saturation());
                EngineDifferentialProperties.assertSameDecision(reference.route(id, t), fast.route(id, t), "step " + n);
            }
            if (n % 7 == 0) {
                reference.flushState();
                fast.flushState();
            }
            assertSameState(reference.state(id), fast.state(id), "step " + n);
        }
        reference.flushState();
        fast.flushState();
        assertEquals(reference.stateStats().orElseThrow().merged(), fast.stateStats().orElseThrow().merged());
        assertEquals(reference.stateStats().orElseThrow().published(), fast.stateStats().orElseThrow().published());
        assertEquals(refStore.routes().size(), fastStore.routes().size());
        for (String id : refStore.routes()) {
            RouteVector e = refStore.get(id).orElseThrow();
            RouteVector a = fastStore.get(id).orElseThrow();
            assertBits(e.scar(), a.scar(), "published scar of " + id);
            assertBits(e.resistance(), a.resistance(), "published R of " + id);
            assertBits(e.momentum(), a.momentum(), "published M of " + id);
            assertEquals(e.mode(), a.mode());
            assertEquals(e.tickCount(), a.tickCount());
            assertEquals(e.nodeId(), a.nodeId());
            assertEquals(e.updatedAtMillis(), a.updatedAtMillis());
        }
    }

    private static Atrion build(Setup s, Engine engine, ManualClock clock, InMemoryStateStore store) {
        Atrion.Builder b = Atrion.builder().engine(engine).clock(clock)
                .physics(PhysicsConfig.builder().decayRate(s.decayRate()).bootstrapTicks(s.bootstrapTicks()).build())
                .stateProvider(store.provider("self"))
                .stateSync(StateSyncConfig.defaults().withRemoteWeight(s.gamma()).withPublisherThread(false));
        return (s.tuner() ? b : b.autoTunerDisabled()).build();
    }

    @Provide
    Arbitrary<Setup> setups() {
        return Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of(0.0, 0.3, 1.0), Arbitraries.doubles().between(0, 1).ofScale(9)),
                Arbitraries.oneOf(Arbitraries.just(0.1), Arbitraries.doubles().between(0, 5).ofScale(9)),
                Arbitraries.integers().between(1, 12),
                Arbitraries.of(true, false)).as(Setup::new);
    }

    @Provide
    Arbitrary<List<Step>> streams() {
        Arbitrary<Double> latency = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.doubles().between(0, 3000).ofScale(6)),
                Tuple.of(1, Arbitraries.of(Double.NaN, -5.0, 1e300)));
        Arbitrary<Double> rate = Arbitraries.doubles().between(0, 1).ofScale(6);
        Arbitrary<Double> scar = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.doubles().between(0, 300).ofScale(9)),
                Tuple.of(1, Arbitraries.of(0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e6)));
        Arbitrary<Long> age = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.longs().between(0, 5_000)),
                Tuple.of(1, Arbitraries.longs().between(-60_000, -1)),     // a remote clock ahead of ours
                Tuple.of(1, Arbitraries.longs().between(5_000, 100_000_000)));
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(0, 400),
                latency, rate, rate,
                Arbitraries.integers().between(0, 2),
                scar)
                .as((remote, route, dt, lat, err, sat, node, s) -> new Object[] {remote, route, dt, lat, err, sat, node, s})
                .flatMap(o -> Combinators.combine(age, Arbitraries.longs().between(0, 20)).as((a, seq) ->
                        new Step((Boolean) o[0], (Integer) o[1], (Long) o[2], (Double) o[3], (Double) o[4], (Double) o[5],
                                (Integer) o[6], (Double) o[7], a, seq)));
        return step.list().ofMinSize(1).ofMaxSize(120);
    }
}
