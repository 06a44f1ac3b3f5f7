package io.atrion.lab.policy;

/**
 * The policy under test in front of one protected call. The simulator calls {@link #acquire} when
 * a request wants to make the call and {@link #complete} when the call ends (or times out for its
 * caller), always in the order of simulated time, with that time.
 */
public interface Gate {

    /** Token of a call admitted without a special role. */
    int ADMITTED = 0;
    /** Token of a call admitted as a probe of an open breaker. */
    int PROBE = 1;
    /** Returned by {@link #acquire} when the call is shed. */
    int SHED = -1;

    /** May a call at this voltage start now? {@link #SHED}, or a token to pass to {@link #complete}. */
    int acquire(long nowMs, double voltage);

    /** The admitted call ended after {@code durationMs}; {@code success} false for errors and timeouts. */
    void complete(long nowMs, int token, long durationMs, boolean success);

    /** Whether the breaker is not closed now (open or half-open: traffic does not flow normally). */
    boolean open();

    /** Atrion's resistance R in ohms, or NaN for policies that have none. */
    double resistance();
}
