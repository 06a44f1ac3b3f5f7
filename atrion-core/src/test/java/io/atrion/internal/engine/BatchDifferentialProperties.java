package io.atrion.internal.engine;

import static io.atrion.internal.engine.EngineDifferentialProperties.assertSameState;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.RouteHandle;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The FAST engine's {@code admitBatch} is bit-identical to a loop of {@code handle.admit} at the
 * same clock: the same verdict for every entry, the same state (every field, bit for bit) and
 * decision counters for every route after every batch. Batches repeat routes (a route's second
 * entry must see its first), reach routes still in bootstrap or just past it, and follow removals
 * (stale handles); configurations, SLOs, tuner settings, hostile telemetry and clock steps (0,
 * backwards, huge) come from {@link EngineDifferentialProperties}. (It checked the columnar batch
 * measured for issue 15, and keeps any future batch path honest.)
 */
class BatchDifferentialProperties {

    record Entry(int route, double latency, double error, double saturation, double voltage) {
    }

    record Batch(int clockKind, long clockStep, List<Entry> entries, int removeRoute) {
    }

    static final int ROUTES = 150;

    @Property(tries = 120)
    void batchEqualsALoopOfAdmits(@ForAll("setups") EngineDifferentialProperties.Setup setup,
                                  @ForAll("batches") List<Batch> batches) {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        Atrion batched = build(setup, clock);
        Atrion looped = build(setup, clock);
        RouteHandle[] batchHandles = new RouteHandle[ROUTES];
        RouteHandle[] loopHandles = new RouteHandle[ROUTES];
        for (int r = 0; r < ROUTES; r++) {
            batchHandles[r] = batched.handle("route-" + r);
            loopHandles[r] = looped.handle("route-" + r);
        }
        int n = 0;
        for (Batch b : batches) {
            n++;
            if (b.clockKind() == 0) {
                clock.set(clock.millis() - b.clockStep());
            } else if (b.clockKind() == 2) {
                clock.advance(b.clockStep());
            }
            int count = b.entries().size();
            RouteHandle[] handles = new RouteHandle[count];
            double[] lat = new double[count];
            double[] err = new double[count];
            double[] sat = new double[count];
            double[] volt = new double[count];
            boolean[] allowed = new boolean[count];
            for (int i = 0; i < count; i++) {
                Entry e = b.entries().get(i);
                handles[i] = batchHandles[e.route()];
                lat[i] = e.latency();
                err[i] = e.error();
                sat[i] = e.saturation();
                volt[i] = e.voltage();
            }
            batched.admitBatch(handles, lat, err, sat, volt, count, allowed);
            for (int i = 0; i < count; i++) {
                Entry e = b.entries().get(i);
                boolean expected = loopHandles[e.route()].admit(e.latency(), e.error(), e.saturation(), e.voltage());
                assertEquals(expected, allowed[i], "batch " + n + ", entry " + i);
            }
            for (int r = 0; r < ROUTES; r++) {
                String id = "route-" + r;
                assertSameState(looped.state(id), batched.state(id), "batch " + n + ", " + id);
                assertEquals(looped.counters(id), batched.counters(id), "batch " + n + ", counters of " + id);
            }
            if (b.removeRoute() >= 0) {
                assertEquals(looped.remove("route-" + b.removeRoute()), batched.remove("route-" + b.removeRoute()));
            }
        }
    }

    private static Atrion build(EngineDifferentialProperties.Setup s, ManualClock clock) {
        return Atrion.builder().engine(Engine.FAST).physics(s.physics()).slo(s.slo()).autoTuner(s.tuner())
                .decisionCounters(true).clock(clock).build();
    }

    @Provide
    Arbitrary<EngineDifferentialProperties.Setup> setups() {
        return new EngineDifferentialProperties().setups();
    }

    @Provide
    Arbitrary<List<Batch>> batches() {
        Arbitrary<Double> latency = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.doubles().between(0, 3000).ofScale(9)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -50.0, 0.0, 1e300)));
        Arbitrary<Double> rate = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.doubles().between(0, 1).ofScale(9)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, -1.0, 5.0)));
        Arbitrary<Double> voltage = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.doubles().between(0, 200).ofScale(6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -1.0)));
        // Routes from a small range as often as from all: repeats within a batch are common.
        Arbitrary<Integer> route = Arbitraries.oneOf(Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, ROUTES - 1));
        Arbitrary<Entry> entry = Combinators.combine(route, latency, rate, rate, voltage).as(Entry::new);
        Arbitrary<Batch> batch = Combinators.combine(
                Arbitraries.frequency(net.jqwik.api.Tuple.of(1, 0), net.jqwik.api.Tuple.of(2, 1),
                        net.jqwik.api.Tuple.of(10, 2)),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(1, 2000)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(2000, 10_000_000))),
                entry.list().ofMinSize(1).ofMaxSize(200),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(12, -1), net.jqwik.api.Tuple.of(1, 3),
                        net.jqwik.api.Tuple.of(1, 100))
        ).as(Batch::new);
        return batch.list().ofMinSize(1).ofMaxSize(40);
    }
}
