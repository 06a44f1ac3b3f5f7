package io.atrion.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.PhysicsConfig;
import io.atrion.RouteState;
import io.atrion.Telemetry;
import io.atrion.testing.TestEngines;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC.md §5 (amended 2026-11-30) on both engines, with numbers derived by hand: the merge decays
 * the remote scar to the local clock, {@code S_r' = S_r·e^(−λ·max(0, now − t_r)/1000)}, then blends
 * {@code S = γ·S_r' + (1 − γ)·S_local}; own vectors, vectors not later than what was applied from
 * the same node, vectors far in the future and vectors of unknown routes are not applied.
 *
 * <p>Setup: defaults except N = 1 (the first update ends bootstrap) and the tuner off. The first
 * update at 450 ms / 0.2 / 0.9 has ‖P⁺‖ ≈ 1.56 &gt; P_crit = 0.7, so it scars: S_local = 0·1 + σ = 5,
 * mode OPERATIONAL (§2.6: S and R computed on the update that ends bootstrap).
 */
class StateMergeTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final Telemetry STRESSED = Telemetry.of(450, 0.2, 0.9);
    private static final String ROUTE = "api/inventory";

    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryStateStore store = InMemoryStateStore.create();
    private final InMemoryStateProvider remote = store.provider("remote");

    private Atrion local(Engine engine, double gamma) {
        remote.connect();
        return TestEngines.builder(engine, clock)
                .physics(PhysicsConfig.builder().bootstrapTicks(1).build())
                .autoTunerDisabled()
                .stateProvider(store.provider("local"))
                .stateSync(StateSyncConfig.defaults().withRemoteWeight(gamma).withPublisherThread(false))
                .build();
    }

    private void send(String node, double scar, long t, long seq) {
        remote.update(new RouteVector(ROUTE, scar, 0.0, 30.0, Mode.OPERATIONAL, 7, node, t, seq));
    }

    private static double scar(Atrion a) {
        return a.state(ROUTE).orElseThrow().scar();
    }

    private static void assertCounts(Atrion a, long received, long merged, long ignored, long rejected) {
        StateStats st = a.stateStats().orElseThrow();
        assertEquals(List.of(received, merged, ignored, rejected),
                List.of(st.received(), st.merged(), st.ignored(), st.rejected()), "received, merged, ignored, rejected");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void decayThenBlend(Engine engine) {
        Atrion a = local(engine, 0.3);
        assertEquals(5.0, a.route(ROUTE, STRESSED).scar());
        double rBefore = a.state(ROUTE).orElseThrow().resistance();

        // S_r = 20 published 1 s before our now: S_r' = 20·e^(−0.1·1000/1000) = 18.096748360719193,
        // S = 0.3·18.0967… + 0.7·5 = 5.429024508215758 + 3.5 = 8.929024508215758.
        send("b", 20.0, T0 - 1_000, 1);
        assertEquals(8.929024508215758, scar(a), 1e-12);
        // The same double as SPEC §2.1a's left-to-right evaluation with fdlibm's exp:
        assertEquals(Double.doubleToLongBits(0.3 * (20.0 * StrictMath.exp((-0.1) * (1000 / 1000.0))) + (1 - 0.3) * 5.0),
                Double.doubleToLongBits(scar(a)));
        // R follows the blended scar at once (§2.5 with the last pressure and momentum): +3.929…
        RouteState s = a.state(ROUTE).orElseThrow();
        assertEquals(rBefore + (8.929024508215758 - 5.0), s.resistance(), 1e-9);
        assertEquals(Mode.OPERATIONAL, s.mode()); // the mode changes only on a local update
        assertEquals(1, s.tickCount());
        assertEquals(T0, s.lastUpdatedMillis());
        assertCounts(a, 1, 1, 0, 0);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void gammaOneAdoptsTheDecayedRemoteScar(Engine engine) {
        Atrion a = local(engine, 1.0);
        a.route(ROUTE, STRESSED);
        // γ = 1: S = S_r' = 20·e^(−0.1·2000/1000) = 20·e^(−0.2) = 16.374615061559638, whatever S_local was.
        send("b", 20.0, T0 - 2_000, 1);
        assertEquals(16.374615061559638, scar(a), 1e-12);
        assertEquals(Double.doubleToLongBits(20.0 * StrictMath.exp(-0.2)), Double.doubleToLongBits(scar(a)));
        // A remote clock ahead of ours (within the tolerance) ages by max(0, now − t_r) = 0: S = 8.
        send("b", 8.0, T0 + 5_000, 2);
        assertEquals(8.0, scar(a));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void gammaZeroKeepsTheLocalScar(Engine engine) {
        Atrion a = local(engine, 0.0);
        a.route(ROUTE, STRESSED);
        send("b", 500.0, T0, 1);
        assertEquals(5.0, scar(a)); // 0·500 + 1·5
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void orderingPerNodeByUpdateTimeThenSequence(Engine engine) {
        Atrion a = local(engine, 1.0); // γ = 1 makes each applied vector visible as the scar itself
        a.route(ROUTE, STRESSED);
        send("b", 10.0, T0, 5);
        assertEquals(10.0, scar(a));
        send("b", 11.0, T0 - 1, 6);   // older than what we applied from b (a higher sequence does not help)
        assertEquals(10.0, scar(a));
        send("b", 12.0, T0, 5);       // the same vector again
        assertEquals(10.0, scar(a));
        send("b", 13.0, T0, 6);       // same time, later sequence: applied
        assertEquals(13.0, scar(a));
        send("c", 3.0, T0 - 100, 1);  // another node, earlier time: its own order is separate
        // S = 3·e^(−0.1·100/1000) = 3·e^(−0.01) = 2.9701495025…
        assertEquals(3.0 * StrictMath.exp(-0.01), scar(a), 0.0);
        assertCounts(a, 5, 3, 2, 0);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void ownVectorsAreIgnored(Engine engine) {
        Atrion a = local(engine, 1.0);
        a.route(ROUTE, STRESSED);
        send("local", 99.0, T0, 1);
        assertEquals(5.0, scar(a));
        // Our own publication comes back through the store too, and is ignored the same way.
        a.route(ROUTE, STRESSED);
        double own = scar(a);
        a.flushState();
        assertEquals(own, scar(a));
        // Received and ignored: the vector sent as "local", the same vector read back from the store
        // when the route was first published, and our own publication delivered back.
        assertEquals(1, a.stateStats().orElseThrow().published());
        assertCounts(a, 3, 0, 3, 0);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void farFutureIsRejectedAndUnknownRoutesAreNotCreated(Engine engine) {
        Atrion a = local(engine, 1.0);
        a.route(ROUTE, STRESSED);
        send("b", 40.0, T0 + 60_001, 1); // 1 ms beyond the default 60 s tolerance
        assertEquals(5.0, scar(a));
        send("b", 40.0, T0 + 60_000, 2); // at the tolerance: applied, aged 0
        assertEquals(40.0, scar(a));
        remote.update(new RouteVector("never-seen", 50.0, 0, 60, Mode.CIRCUIT_BREAKER, 3, "b", T0, 3));
        assertTrue(a.state("never-seen").isEmpty());
        assertFalse(a.routes().contains("never-seen"));
        assertCounts(a, 3, 1, 1, 1);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void bootstrapRouteTakesTheScarButKeepsItsResistance(Engine engine) {
        remote.connect();
        Atrion a = TestEngines.builder(engine, clock)
                .stateProvider(store.provider("local"))
                .stateSync(StateSyncConfig.defaults().withRemoteWeight(1.0).withPublisherThread(false))
                .build(); // N = 10
        a.route(ROUTE, STRESSED);
        send("b", 30.0, T0, 1);
        RouteState s = a.state(ROUTE).orElseThrow();
        assertEquals(Mode.BOOTSTRAP, s.mode());
        assertEquals(30.0, s.scar());
        assertEquals(12.0, s.resistance()); // §2.6: R stays 1.2·R_base while bootstrapping
        // The update that ends bootstrap decays it and adds its own trauma: 30·e^(−0.1·Δt) + 5.
        for (int i = 2; i <= 10; i++) {
            clock.advance(100);
            a.route(ROUTE, STRESSED);
        }
        // Bootstrap updates do not touch S; the 10th decays over its own Δt = 100 ms only:
        // 30·e^(−0.01) + 5 = 34.70448502…
        assertEquals(30.0 * StrictMath.exp(-0.01) + 5.0, a.state(ROUTE).orElseThrow().scar(), 0.0);
    }
}
