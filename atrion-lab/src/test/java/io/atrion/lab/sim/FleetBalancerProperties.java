package io.atrion.lab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the fleet's load balancer, for any number of instances and weights. */
class FleetBalancerProperties {

    /**
     * Smooth weighted round-robin with whole weights w_i (total W): every W picks, each instance
     * has had exactly w_i of them, and the instance picked is always one of the fleet's.
     */
    @Property(tries = 300)
    void roundRobinGivesEachInstanceItsWeightEveryCycle(
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 9) Integer> weights,
            @ForAll @IntRange(min = 1, max = 4) int cycles) {
        List<Double> w = new ArrayList<>();
        int total = 0;
        for (int x : weights) {
            w.add((double) x);
            total += x;
        }
        Fleet.Picker p = new Fleet(weights.size(), Fleet.Balancer.ROUND_ROBIN, w).picker(null);
        for (int c = 0; c < cycles; c++) {
            int[] count = new int[weights.size()];
            for (int i = 0; i < total; i++) {
                int k = p.next();
                assertTrue(k >= 0 && k < weights.size(), "instance " + k);
                count[k]++;
            }
            for (int k = 0; k < weights.size(); k++) {
                assertEquals(weights.get(k), count[k], "cycle " + c + ", instance " + k);
            }
        }
    }

    /** The random balancer picks only the fleet's instances, and the same seed gives the same picks. */
    @Property(tries = 100)
    void randomPicksAreInstancesAndRepeatWithTheSeed(
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 9) Integer> weights,
            @ForAll long seed) {
        List<Double> w = new ArrayList<>();
        for (int x : weights) {
            w.add((double) x);
        }
        Fleet f = new Fleet(weights.size(), Fleet.Balancer.RANDOM, w);
        Fleet.Picker a = f.picker(new SplittableRandom(seed));
        Fleet.Picker b = f.picker(new SplittableRandom(seed));
        for (int i = 0; i < 200; i++) {
            int k = a.next();
            assertTrue(k >= 0 && k < weights.size(), "instance " + k);
            assertEquals(k, b.next());
        }
    }
}
