package io.atrion.lab.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Engine;
import io.atrion.RouteState;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Outcome;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Service;
import io.atrion.lab.sim.Simulation;
import io.atrion.lab.sim.Timeline;
import io.atrion.lab.sim.VirtualTime;
import io.atrion.state.StateStats;
import io.atrion.state.StateSyncConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * The lab's shared fleet is SPEC §5 on virtual time: a vector published by one instance reaches
 * another {@value SharedFleet#PROPAGATION_DELAY_MS} ms later and is blended there with γ = 0.3,
 * and an instance that never saw a failure sheds on what it learned. Driven by hand, call by call,
 * on a small event loop of its own.
 */
class SharedFleetTest {

    private static final String ROUTE = "dependency";
    private static final double NORMAL_V = 20;
    private static final double HIGH_V = 50;

    /** A minimal discrete-event loop: what a simulation gives a policy. */
    private static final class Loop implements VirtualTime {
        private record Event(long time, long seq, Runnable action) {
        }

        private final PriorityQueue<Event> events = new PriorityQueue<>(
                (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
        private long now;
        private long seq;

        @Override
        public long nowMs() {
            return now;
        }

        @Override
        public void at(long timeMs, Runnable action) {
            events.add(new Event(Math.max(now, timeMs), seq++, action));
        }

        @Override
        public void every(long periodMs, Runnable action) {
            at(now + periodMs, new Runnable() {
                @Override
                public void run() {
                    action.run();
                    at(now + periodMs, this);
                }
            });
        }

        /** Runs every event up to and including {@code timeMs}; then it is {@code timeMs}. */
        void runUntil(long timeMs) {
            while (!events.isEmpty() && events.peek().time <= timeMs) {
                Event e = events.poll();
                now = e.time;
                e.action.run();
            }
            now = timeMs;
        }
    }

    /** Two instances, A and B, each with one gate on the route; what happened to B's calls. */
    private static final class TwoNodes {
        final Loop loop = new Loop();
        final List<Policy> nodes;
        final Gate a;
        final Gate b;
        int failuresSeenByB;
        int shedByB;
        long firstShedByB = -1;

        TwoNodes(PolicyKind kind) {
            nodes = kind.createFleet(Engine.FAST, 2);
            Service s = Service.leaf(ROUTE, 100, 1000, Timeline.constant(50), Timeline.constant(0));
            Call call = new Call(ROUTE, s, 1, 1000, true, 1600, 100);
            a = nodes.get(0).gate(call, "");
            b = nodes.get(1).gate(call, "");
            for (Policy p : nodes) {
                p.start(loop);
            }
        }

        /** A call through {@code gate} at {@code t}, ending {@code ms} later with {@code outcome}. */
        void call(Gate gate, long t, double volts, long ms, Outcome outcome) {
            loop.at(t, () -> {
                Object token = gate.acquire(t, volts);
                if (token == null && gate == b) {
                    shedByB++;
                    firstShedByB = firstShedByB < 0 ? t : firstShedByB;
                }
                if (token != null) {
                    loop.at(t + ms, () -> {
                        gate.complete(t + ms, token, ms, outcome);
                        if (gate == b && outcome != Outcome.SUCCESS) {
                            failuresSeenByB++;
                        }
                    });
                }
            });
        }

        /**
         * 0–10 s: both instances call a healthy dependency (50 ms) 20 times a second; from 10 s, A
         * calls 100 times a second and every call of A fails in 5 ms (A's path to the dependency
         * broke: a partial fault, as in {@code ./atrion fleet}). B's calls alternate between the
         * high and the normal tier and all succeed; {@code bKeepsCalling} false: B stops at 10 s.
         */
        void storm(boolean bKeepsCalling) {
            for (long t = 0; t < 10_000; t += 50) {
                call(a, t, HIGH_V, 50, Outcome.SUCCESS);
            }
            int i = 0;
            for (long t = 25; t < (bKeepsCalling ? 12_000 : 10_000); t += 50) {
                call(b, t, i++ % 2 == 0 ? HIGH_V : NORMAL_V, 50, Outcome.SUCCESS);
            }
            for (long t = 10_000; t < 12_000; t += 10) {
                call(a, t, HIGH_V, 5, Outcome.ERROR);
            }
        }

        RouteState state(int i) {
            return ((AtrionPolicy) nodes.get(i)).atrion().state(ROUTE).orElseThrow();
        }

        StateStats stats(int i) {
            return ((AtrionPolicy) nodes.get(i)).atrion().stateStats().orElseThrow();
        }
    }

    /**
     * A's calls fail from 10 s, B's all succeed. Shared: A's scar reaches B, whose R passes the
     * normal tier's 20 V (A's own R went past its breaker's 30 Ω), so B sheds normal-tier calls of
     * a dependency that serves it well — after A's first vector with scar could have arrived.
     * Alone: B sheds nothing and its scar stays 0.
     */
    @Test
    void anInstanceThatNeverSawAFailureShedsOnWhatAnotherOneLearned() {
        for (PolicyKind kind : List.of(PolicyKind.ATRION_SHARED, PolicyKind.ATRION_ALONE)) {
            TwoNodes f = new TwoNodes(kind);
            f.storm(true);
            f.loop.runUntil(12_100);
            assertEquals(0, f.failuresSeenByB, kind + ": B's own calls all succeeded");
            if (kind == PolicyKind.ATRION_SHARED) {
                assertTrue(f.shedByB > 0, "B shed normal-tier calls on A's scar");
                assertTrue(f.firstShedByB > 10_000 + SharedFleet.PROPAGATION_DELAY_MS, "only after A learned: "
                        + f.firstShedByB);
                assertTrue(f.stats(1).merged() > 0 && f.stats(0).published() > 0);
                assertTrue(f.stats(0).merged() > 0, "and A blended B's vectors in too");
            } else {
                assertEquals(0, f.shedByB, "alone, B knows nothing");
                assertEquals(0.0, f.state(1).scar());
            }
        }
    }

    /**
     * SPEC §5, by hand: when A publishes its route vector (scar S_A, updated at t_A), B — which has
     * no update of its own after 10 s, so its stored scar S_B changes only by merges — blends it
     * in 20 ms later, at t_d, and not before:
     * S_B' = γ·S_A·e^(−λ·(t_d − t_A)/1000) + (1 − γ)·S_B, with γ = 0.3 and λ = 0.3/s (the
     * interactive preset's decay rate). Checked on A's second publication that carries scar, so
     * that S_B is not 0 either. A's own vector comes back to A and is ignored.
     */
    @Test
    void aPublishedVectorIsBlendedIntoTheOtherInstance20msLater() {
        TwoNodes f = new TwoNodes(PolicyKind.ATRION_SHARED);
        f.storm(false);
        f.loop.runUntil(10_000);
        long t = nextPublicationWithScar(f, 10_000);
        f.loop.runUntil(t + SharedFleet.PROPAGATION_DELAY_MS);
        t = nextPublicationWithScar(f, t + SharedFleet.PROPAGATION_DELAY_MS);
        RouteState sentByA = f.state(0); // as published: A's tick is the last event of that millisecond
        double before = f.state(1).scar();
        assertTrue(before > 0, "B holds A's first scar");
        long merged = f.stats(1).merged();
        f.loop.runUntil(t + SharedFleet.PROPAGATION_DELAY_MS - 1);
        assertEquals(before, f.state(1).scar(), "not delivered before the delay");
        assertEquals(merged, f.stats(1).merged());
        f.loop.runUntil(t + SharedFleet.PROPAGATION_DELAY_MS);
        assertEquals(merged + 1, f.stats(1).merged(), "delivered once, at the delay");
        double lambda = ((AtrionPolicy) f.nodes.get(1)).atrion().physicsConfig().decayRate();
        assertEquals(0.3, lambda);
        long ageMs = SimClock.EPOCH_MS + t + SharedFleet.PROPAGATION_DELAY_MS - sentByA.lastUpdatedMillis();
        assertTrue(ageMs >= SharedFleet.PROPAGATION_DELAY_MS && ageMs < 200, "age " + ageMs);
        double expected = 0.3 * (sentByA.scar() * StrictMath.exp(-lambda * ageMs / 1000.0)) + 0.7 * before;
        assertEquals(expected, f.state(1).scar(), 1e-12 * expected, "S_B' = γ·S_A' + (1 − γ)·S_B");
        assertTrue(f.stats(0).ignored() > 0, "A's own vectors came back to A and were ignored");

        // Finding: B's next update decays the blended scar from B's last update (9.925 s), not from
        // the merge (ARCHITECTURE, "Many nodes", decisions): an idle instance forgets what it
        // learned as if it had held it all along. B's calls were healthy, so no trauma is added:
        // S = S_B'·e^(−λ·(t − t_B)/1000) (SPEC §2.4), with t_B B's last update.
        double blended = f.state(1).scar();
        long lastUpdateB = f.state(1).lastUpdatedMillis();
        assertEquals(SimClock.EPOCH_MS + 9_925, lastUpdateB);
        long next = t + SharedFleet.PROPAGATION_DELAY_MS + 1;
        f.loop.runUntil(next);
        Object permit = f.b.acquire(next, HIGH_V); // evidence of B's last call is pending: an update
        assertEquals(SimClock.EPOCH_MS + next, f.state(1).lastUpdatedMillis(), "B updated");
        double decayed = blended * StrictMath.exp(-lambda * (SimClock.EPOCH_MS + next - lastUpdateB) / 1000.0);
        assertEquals(decayed, f.state(1).scar(), 1e-12 * decayed);
        if (permit != null) {
            f.b.complete(next + 50, permit, 50, Outcome.SUCCESS);
        }
    }

    /** Steps 1 ms at a time from {@code from} to the first moment A has published a vector with scar. */
    private static long nextPublicationWithScar(TwoNodes f, long from) {
        long t = from;
        long published = f.stats(0).published();
        do {
            published = f.stats(0).published();
            t++;
            f.loop.runUntil(t);
            assertTrue(t < 12_000, "A published no scar by 12 s");
        } while (f.stats(0).published() == published || f.state(0).scar() == 0);
        return t;
    }

    /**
     * γ = 0 keeps the local scar (SPEC §5), so a fleet sharing with γ = 0 must run exactly as one
     * that does not share: the store, the publisher ticks and the deliveries change nothing else.
     */
    @Test
    void sharingWithWeightZeroIsTheFleetAlone() {
        Scenario s = Scenarios.byId("fleet-hard-down");
        SharedFleet zero = new SharedFleet(Engine.FAST, 5, AtrionPolicy::limits,
                StateSyncConfig.defaults().withPublisherThread(false).withRemoteWeight(0));
        String shared = new Simulation(s, new ArrayList<Policy>(zero.instances()), 3).run()
                .result("x", "FAST", 3).fingerprint();
        String alone = new Simulation(s, PolicyKind.ATRION_ALONE.createFleet(Engine.FAST, 5), 3).run()
                .result("x", "FAST", 3).fingerprint();
        assertEquals(alone, shared);
        assertTrue(zero.stats(0).merged() > 1000, "the vectors were merged, with weight 0");
    }
}
