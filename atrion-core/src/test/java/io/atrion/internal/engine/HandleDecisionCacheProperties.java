package io.atrion.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.PhysicsConfig;
import io.atrion.Reason;
import io.atrion.RouteHandle;
import io.atrion.RouteState;
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
import net.jqwik.api.Tuple;

/**
 * A FAST handle remembers its last lock-free decision's inputs (breaker open, R) under the row's
 * version and tick. Random interleavings of writes that do not go through the deciding handle
 * ({@code route(id)}, another handle's update, removals and re-creations that reuse the slot)
 * with decisions at voltages R ± 1 ulp: every decision of a long-lived handle (its memory warm)
 * equals the decision of a handle made for that one decision (its memory empty: the row read in
 * full), the REFERENCE engine's for the same stream, and SPEC §2.7's rule applied to the route's
 * state (not CIRCUIT_BREAKER and V &gt; R; a route absent or not yet updated is a booting route,
 * R = 1.2·R_base).
 */
class HandleDecisionCacheProperties {

    /** kind: 0 decide, 1 update via route(id), 2 update via the writer handle, 3 remove. */
    record Op(int kind, int route, long clockStepMs, double latency, double error, int voltageKind,
              double voltage) {
    }

    @Property(tries = 300)
    void rememberedDecisionsAreTheRowsDecisions(@ForAll("ops") List<Op> ops, @ForAll("physics") PhysicsConfig physics) {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        Atrion fast = Atrion.builder().engine(Engine.FAST).physics(physics).clock(clock).build();
        Atrion reference = Atrion.builder().engine(Engine.REFERENCE).physics(physics).clock(clock).build();
        int routes = 3;
        List<RouteHandle> deciders = new ArrayList<>();
        List<RouteHandle> writers = new ArrayList<>();
        List<RouteHandle> referenceDeciders = new ArrayList<>();
        for (int r = 0; r < routes; r++) {
            deciders.add(fast.handle(id(r)));
            writers.add(fast.handle(id(r)));
            referenceDeciders.add(reference.handle(id(r)));
        }
        int n = 0;
        for (Op op : ops) {
            n++;
            int r = op.route() % routes;
            String id = id(r);
            clock.advance(op.clockStepMs());
            switch (op.kind()) {
                case 1:
                case 2: {
                    Telemetry t = Telemetry.of(op.latency(), op.error(), 0.3);
                    boolean expected = reference.route(id, t, 50.0).allowed();
                    boolean actual = op.kind() == 1 ? fast.route(id, t, 50.0).allowed()
                            : writers.get(r).admit(op.latency(), op.error(), 0.3, 50.0);
                    assertEquals(expected, actual, "update, op " + n);
                    break;
                }
                case 3:
                    assertEquals(reference.remove(id), fast.remove(id), "remove, op " + n);
                    break;
                default: {
                    Optional<RouteState> state = fast.state(id);
                    double v = voltage(op, state, physics);
                    Reason remembered = deciders.get(r).decide(v);
                    Reason fresh = fast.handle(id).decide(v);
                    Reason ref = referenceDeciders.get(r).decide(v);
                    assertEquals(fresh, remembered, "remembered vs fresh handle, op " + n + ", V = " + v);
                    assertEquals(ref, remembered, "FAST vs REFERENCE, op " + n + ", V = " + v);
                    assertEquals(spec(state, physics, v), remembered, "SPEC §2.7 rule, op " + n + ", V = " + v);
                    // Asked again at once: the remembered inputs, same answer.
                    assertEquals(remembered, deciders.get(r).decide(v), "repeated, op " + n);
                }
            }
        }
    }

    /**
     * SPEC §2.7 from the state: INVALID_VOLTAGE for a non-finite or negative V; CIRCUIT_OPEN in
     * CIRCUIT_BREAKER; else OK iff V &gt; R. A route absent, or never updated (tick 0), holds
     * R = 1.2·R_base (§2.6) and no breaker.
     */
    private static Reason spec(Optional<RouteState> state, PhysicsConfig physics, double v) {
        if (!(v >= 0.0) || Double.isInfinite(v)) {
            return Reason.INVALID_VOLTAGE;
        }
        boolean booting = state.isEmpty() || state.get().tickCount() == 0;
        if (!booting && state.get().mode() == Mode.CIRCUIT_BREAKER) {
            return Reason.CIRCUIT_OPEN;
        }
        double r = booting ? 1.2 * physics.baseResistance() : state.get().resistance();
        return v > r ? Reason.OK : Reason.INSUFFICIENT_VOLTAGE;
    }

    private static double voltage(Op op, Optional<RouteState> state, PhysicsConfig physics) {
        double r = state.filter(s -> s.tickCount() > 0).map(RouteState::resistance)
                .orElse(1.2 * physics.baseResistance());
        switch (op.voltageKind()) {
            case 0: return Math.nextUp(r);
            case 1: return Math.nextDown(r);
            case 2: return r;
            default: return op.voltage();
        }
    }

    private static String id(int r) {
        return "cached-" + r;
    }

    @Provide
    Arbitrary<PhysicsConfig> physics() {
        Arbitrary<PhysicsConfig> small = Combinators.combine(
                Arbitraries.doubles().between(1, 20).ofScale(6),
                Arbitraries.doubles().between(0, 5).ofScale(6),
                Arbitraries.doubles().between(0, 30).ofScale(6),
                Arbitraries.integers().between(1, 6)
        ).as((rb, decay, sigma, n) -> PhysicsConfig.builder().baseResistance(rb).decayRate(decay).scarFactor(sigma)
                .bootstrapTicks(n).build());
        return Arbitraries.oneOf(small, Arbitraries.just(PhysicsConfig.defaults()));
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> kind = Arbitraries.frequency(Tuple.of(10, 0), Tuple.of(4, 1), Tuple.of(4, 2), Tuple.of(1, 3));
        Arbitrary<Double> latency = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles().between(0, 200).ofScale(6)),
                Tuple.of(2, Arbitraries.doubles().between(200, 5000).ofScale(6)));
        Arbitrary<Double> error = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles().between(0, 0.02).ofScale(6)),
                Tuple.of(1, Arbitraries.doubles().between(0, 1).ofScale(6)));
        Arbitrary<Double> voltage = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.doubles().between(0, 300).ofScale(6)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -1.0, -0.0, 0.0)));
        return Combinators.combine(kind, Arbitraries.integers().between(0, 2),
                Arbitraries.frequency(Tuple.of(3, 0L), Tuple.of(5, 7L), Tuple.of(1, 3_000L)),
                latency, error, Arbitraries.integers().between(0, 5), voltage)
                .as(Op::new).list().ofMinSize(1).ofMaxSize(300);
    }
}
