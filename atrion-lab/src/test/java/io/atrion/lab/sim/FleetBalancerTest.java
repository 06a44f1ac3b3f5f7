package io.atrion.lab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.lab.policy.Gate;
import io.atrion.lab.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The load balancer of a fleet, and how the simulation hands each instance its requests. */
class FleetBalancerTest {

    private static int[] picks(Fleet f, int n, SplittableRandom random) {
        Fleet.Picker p = f.picker(random);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = p.next();
        }
        return out;
    }

    /**
     * Smooth weighted round-robin, by hand. Even weights: 0, 1, 2, 0, 1, 2. Weights (2, 1), total
     * 3: current (2, 1) → 0, then (−1, 1); (1, 2) → 1, then (1, −1); (3, 0) → 0, then (0, 0): the
     * cycle 0, 1, 0 repeats. Weights (5, 1, 1), total 7, the first of the largest on a tie:
     * (5,1,1) → 0 (−2,1,1); (3,2,2) → 0 (−4,2,2); (1,3,3) → 1 (1,−4,3); (6,−3,4) → 0 (−1,−3,4);
     * (4,−2,5) → 2 (4,−2,−2); (9,−1,−1) → 0 (2,−1,−1); (7,0,0) → 0 (0,0,0): 0, 0, 1, 0, 2, 0, 0
     * and again.
     */
    @Test
    void roundRobinIsSmoothAndWeighted() {
        assertEquals(List.of(0, 1, 2, 0, 1, 2), list(picks(Fleet.of(3, Fleet.Balancer.ROUND_ROBIN), 6, null)));
        Fleet twoOne = new Fleet(2, Fleet.Balancer.ROUND_ROBIN, List.of(2.0, 1.0));
        assertEquals(List.of(0, 1, 0, 0, 1, 0), list(picks(twoOne, 6, null)));
        Fleet fiveOneOne = new Fleet(3, Fleet.Balancer.ROUND_ROBIN, List.of(5.0, 1.0, 1.0));
        assertEquals(List.of(0, 0, 1, 0, 2, 0, 0, 0, 0, 1), list(picks(fiveOneOne, 10, null)));
    }

    /** Weights 3 and 1: node 0 gets 3/4 of 40 000 draws, within 4 σ (σ = √(40 000·¾·¼) ≈ 86.6). */
    @Test
    void randomFollowsTheWeights() {
        int[] p = picks(new Fleet(2, Fleet.Balancer.RANDOM, List.of(3.0, 1.0)), 40_000, new SplittableRandom(7));
        int zero = 0;
        for (int i : p) {
            zero += i == 0 ? 1 : 0;
        }
        assertTrue(Math.abs(zero - 30_000) < 4 * 86.6, "node 0: " + zero);
    }

    /** One instance draws nothing: the storms of one instance keep every random number they had. */
    @Test
    void oneInstanceNeverDraws() {
        SplittableRandom r = new SplittableRandom(3);
        assertEquals(List.of(0, 0, 0), list(picks(new Fleet(1, Fleet.Balancer.RANDOM, List.of(1.0)), 3, r)));
        assertEquals(new SplittableRandom(3).nextLong(), r.nextLong());
    }

    @Test
    void aFleetIsCheckedWhenItIsMade() {
        assertThrows(IllegalArgumentException.class, () -> Fleet.of(0, Fleet.Balancer.RANDOM));
        assertThrows(IllegalArgumentException.class, () -> Fleet.of(101, Fleet.Balancer.RANDOM));
        assertThrows(IllegalArgumentException.class, () -> new Fleet(2, Fleet.Balancer.RANDOM, List.of(1.0)));
        assertThrows(IllegalArgumentException.class, () -> new Fleet(2, Fleet.Balancer.RANDOM, List.of(1.0, 0.0)));
        assertThrows(IllegalArgumentException.class,
                () -> new Fleet(2, Fleet.Balancer.RANDOM, List.of(1.0, Double.NaN)));
        assertEquals(Fleet.Balancer.RANDOM, Fleet.Balancer.parse("random"));
        assertThrows(IllegalArgumentException.class, () -> Fleet.Balancer.parse("sticky"));
    }

    /**
     * Two instances, round-robin, a dependency that always fails and clients that retry 3 times:
     * each request makes 4 attempts, the first on the instance the balancer picked and each retry
     * on the next one, so each instance sees exactly 2 attempts per request — half of them.
     */
    @Test
    void eachInstanceGetsItsRequestsAndRetriesGoToTheNextInstance() {
        Service dep = Service.leaf("x", 100, 1000, Timeline.constant(5), Timeline.constant(1.0));
        Source clients = new Source("c", Timeline.constant(50), List.of(Tier.volts("all", 100, 1.0, 1, "")),
                new Retry(3, 100, 2, 0));
        Call call = new Call("x", dep, 1, 1000, true, 1000, 100);
        Scenario sc = new Scenario("t", "t", "t", 30, 10, 15, List.of(clients), call, List.of(), Double.NaN,
                Fleet.of(2, Fleet.Balancer.ROUND_ROBIN));
        long[] calls = new long[2];
        long[] failed = new long[2];
        List<Policy> instances = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            int node = k;
            instances.add((c, endpoint) -> new Gate() {
                @Override
                public Object acquire(long nowMs, double voltage) {
                    calls[node]++;
                    return node;
                }

                @Override
                public void complete(long nowMs, Object token, long durationMs, Outcome outcome) {
                    assertEquals(node, token, "ended on the instance it started on");
                    failed[node] += outcome == Outcome.ERROR ? 1 : 0;
                }

                @Override
                public boolean open() {
                    return false;
                }
            });
        }
        RunResult r = new Simulation(sc, instances, 1).run().result("test", "FAST", 1);
        assertEquals(4.0, r.attemptsPerRequest());
        assertEquals(2 * r.offered(), calls[0]);
        assertEquals(2 * r.offered(), calls[1]);
        assertEquals(List.of("node-1/x", "node-2/x"), r.gateRoutes());
        assertEquals(2, r.instances());
        assertEquals(calls[0], failed[0], "every call fails");
        assertEquals(failed[0], r.instanceWasted(0));
        assertEquals(failed[1], r.instanceWasted(1));
        assertThrows(IllegalArgumentException.class, () -> new Simulation(sc, instances.subList(0, 1), 1),
                "one policy per instance");
    }

    private static List<Integer> list(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int i : a) {
            out.add(i);
        }
        return out;
    }
}
