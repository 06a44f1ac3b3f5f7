package io.atrion.lab.policy;

import io.atrion.lab.sim.Outcome;

/**
 * The policy under test in front of one protected call (or one endpoint of it). The simulator
 * calls {@link #acquire} when a request wants to make the call and {@link #complete} when the
 * call ends (or times out for its caller), always in the order of simulated time, with that
 * time. Every admitted call is completed exactly once.
 */
public interface Gate {

    /**
     * May a call at this voltage start now? {@code null} when it is shed; otherwise a token (the
     * library's own permit, listener or a marker) to pass to {@link #complete}.
     */
    Object acquire(long nowMs, double voltage);

    /**
     * The admitted call ended after {@code durationMs}: {@link Outcome#SUCCESS}, {@link Outcome#ERROR},
     * {@link Outcome#TIMEOUT} (the caller stopped waiting) or {@link Outcome#SHED} (a protection
     * further down the chain refused it, fast).
     */
    void complete(long nowMs, Object token, long durationMs, Outcome outcome);

    /** Whether an admitted call was let through as a probe of an open breaker. */
    default boolean isProbe(Object token) {
        return false;
    }

    /** Whether the breaker is not closed now (open or half-open: traffic does not flow normally). */
    boolean open();

    /** Atrion's resistance R in ohms, or NaN for policies that have none. */
    default double resistance() {
        return Double.NaN;
    }
}
