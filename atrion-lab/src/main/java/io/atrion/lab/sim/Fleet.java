package io.atrion.lab.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How many instances of the calling application a storm runs, and how a load balancer spreads
 * the clients' requests over them. Each instance runs its own copy of the policy under test (its
 * own gates, its own Atrion instance or breakers); the services behind the protected calls are
 * shared by the whole fleet. A storm without a fleet is {@link #SINGLE}: one instance, which is
 * every storm the lab had before fleets.
 *
 * <p>A request is given to an instance when it arrives; a retry of it goes to the next instance
 * in order (a client that retries on another host), so the assignment never depends on what a
 * policy did.
 *
 * @param instances the instances behind the load balancer (1–100)
 * @param balancer  how the load balancer picks an instance
 * @param weights   one positive weight per instance: the share of requests an instance gets is
 *                  its weight ÷ the sum (equal weights: an even spread)
 */
public record Fleet(int instances, Balancer balancer, List<Double> weights) {

    /** The most instances a storm may run. */
    public static final int MAX_INSTANCES = 100;
    /** One instance: a storm without a fleet. */
    public static final Fleet SINGLE = new Fleet(1, Balancer.ROUND_ROBIN, List.of(1.0));

    /** How the load balancer picks the instance of each new request. */
    public enum Balancer {
        /**
         * Smooth weighted round-robin (the algorithm of nginx's upstreams): deterministic, every
         * instance in turn; with weights, each gets its share in the most even order.
         */
        ROUND_ROBIN("round-robin"),
        /**
         * An independent draw per request with probabilities ∝ the weights, from the run's own
         * generator (derived from the seed, the same for every policy).
         */
        RANDOM("random");

        private final String id;

        Balancer(String id) {
            this.id = id;
        }

        /** The name in a scenario file: {@code round-robin} or {@code random}. */
        public String id() {
            return id;
        }

        /**
         * The balancer named {@code text}.
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Balancer parse(String text) {
            for (Balancer b : values()) {
                if (b.id.equals(text.toLowerCase(Locale.ROOT))) {
                    return b;
                }
            }
            throw new IllegalArgumentException("unknown load balancer \"" + text + "\"; one of round-robin, random");
        }
    }

    /**
     * @throws IllegalArgumentException when the instances are out of range or a weight is missing,
     *                                  not finite or not positive
     */
    public Fleet {
        Objects.requireNonNull(balancer, "balancer");
        weights = List.copyOf(weights);
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new IllegalArgumentException("fleet: instances must be in [1, " + MAX_INSTANCES + "], got "
                    + instances);
        }
        if (weights.size() != instances) {
            throw new IllegalArgumentException("fleet: one weight per instance, got " + weights.size() + " for "
                    + instances);
        }
        for (double w : weights) {
            if (!(w > 0 && w < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("fleet: weights must be finite and > 0, got " + w);
            }
        }
    }

    /** {@code instances} instances with equal weights. */
    public static Fleet of(int instances, Balancer balancer) {
        return new Fleet(instances, balancer, Collections.nCopies(Math.max(0, instances), 1.0));
    }

    /** Whether there is more than one instance. */
    public boolean isFleet() {
        return instances > 1;
    }

    /** Whether every instance has the same weight. */
    public boolean evenWeights() {
        for (double w : weights) {
            if (w != weights.get(0)) {
                return false;
            }
        }
        return true;
    }

    /** The name of instance {@code i} (0-based) in reports: {@code node-1} … */
    public static String instanceName(int i) {
        return "node-" + (i + 1);
    }

    /** The names of every instance, in order. */
    public List<String> instanceNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            out.add(instanceName(i));
        }
        return out;
    }

    /** One line for reports, e.g. "5 instances behind a round-robin load balancer". */
    public String describe() {
        if (!isFleet()) {
            return "one instance";
        }
        return instances + " instances behind a " + balancer.id() + " load balancer"
                + (evenWeights() ? "" : " with weights " + weights);
    }

    /** A fresh picker for one run; {@code random} is used only by {@link Balancer#RANDOM}. */
    Picker picker(SplittableRandom random) {
        return new Picker(this, random);
    }

    /** The load balancer's state during one run. */
    static final class Picker {
        private final Fleet fleet;
        private final SplittableRandom random;
        private final double[] current;
        private final double total;

        Picker(Fleet fleet, SplittableRandom random) {
            this.fleet = fleet;
            this.random = random;
            this.current = new double[fleet.instances];
            double t = 0;
            for (double w : fleet.weights) {
                t += w;
            }
            this.total = t;
        }

        /** The instance of the next request. */
        int next() {
            int n = fleet.instances;
            if (n == 1) {
                return 0;
            }
            if (fleet.balancer == Balancer.RANDOM) {
                double u = random.nextDouble() * total;
                double acc = 0;
                for (int i = 0; i < n - 1; i++) {
                    acc += fleet.weights.get(i);
                    if (u < acc) {
                        return i;
                    }
                }
                return n - 1;
            }
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += fleet.weights.get(i);
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            return best;
        }
    }
}
