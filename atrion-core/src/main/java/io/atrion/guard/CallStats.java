package io.atrion.guard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one guard knows about its calls: exponentially weighted averages of latency and of the
 * error indicator, how many calls the error average rests on, the calls in flight, and an
 * evidence counter that moves whenever a call starts or ends (the update pacer reads it). Every
 * field is updated with atomic operations, so concurrent calls lose nothing; no lock.
 */
final class CallStats {

    static final long NEVER = Long.MIN_VALUE;

    private static final VarHandle LATENCY;
    private static final VarHandle ERROR;
    private static final VarHandle WINDOW_CALLS;
    private static final VarHandle IN_FLIGHT;
    private static final VarHandle COMPLETED;
    private static final VarHandle EVIDENCE;
    private static final VarHandle PREDICATE_FAILURES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LATENCY = l.findVarHandle(CallStats.class, "latencyBits", long.class);
            ERROR = l.findVarHandle(CallStats.class, "errorBits", long.class);
            WINDOW_CALLS = l.findVarHandle(CallStats.class, "windowCalls", int.class);
            IN_FLIGHT = l.findVarHandle(CallStats.class, "inFlight", int.class);
            COMPLETED = l.findVarHandle(CallStats.class, "completed", long.class);
            EVIDENCE = l.findVarHandle(CallStats.class, "evidence", long.class);
            PREDICATE_FAILURES = l.findVarHandle(CallStats.class, "predicateFailures", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final double alpha;
    private final int window;
    private final double z;

    // Averages as raw double bits, updated by CAS so concurrent completions are never lost.
    private volatile long latencyBits;
    private volatile long errorBits;
    /** Calls measured since the averages were last restarted; saturates at the window. */
    private volatile int windowCalls;
    private volatile int inFlight;
    private volatile long completed;
    private volatile long evidence;
    private volatile long predicateFailures;
    /** When the last call ended: a ticker reading in nanoseconds (monotonic, not a date). */
    private volatile long lastEndedNanos = NEVER;

    CallStats(double initialLatencyMs, double alpha, int window, double z) {
        this.alpha = alpha;
        this.window = window;
        this.z = z;
        this.latencyBits = Double.doubleToRawLongBits(initialLatencyMs);
        this.errorBits = Double.doubleToRawLongBits(0.0);
    }

    /** A call starts; {@code evidence} false for a probe, whose start tells the physics nothing new. */
    void started(boolean evidence) {
        IN_FLIGHT.getAndAdd(this, 1);
        if (evidence) {
            EVIDENCE.getAndAdd(this, 1L);
        }
    }

    /** A call leaves the in-flight count (measured, released, or its probe lease expired). */
    void left() {
        IN_FLIGHT.getAndAdd(this, -1);
    }

    /** An ordinary call ended after {@code latencyMs}; folded into the averages. */
    void measured(double latencyMs, boolean error, long now) {
        ewma(LATENCY, latencyMs);
        ewma(ERROR, error ? 1.0 : 0.0);
        if (windowCalls < window) {
            WINDOW_CALLS.getAndAdd(this, 1); // may overshoot the window under a race; only min() reads it
        }
        ended(now);
    }

    /**
     * A probe passed: the averages held the failures of the past, the probe is the one fresh
     * observation, so they start again from it (latency = the probe's, no error, one call).
     */
    void restart(double latencyMs, long now) {
        latencyBits = Double.doubleToRawLongBits(latencyMs);
        errorBits = Double.doubleToRawLongBits(0.0);
        windowCalls = 1;
        ended(now);
    }

    /**
     * A probe failed (or its lease expired): the averages stay as they are, holding the failures
     * the probe confirmed; evidence, so the next update sees them once more.
     */
    void probeFailed(long now) {
        ended(now);
    }

    /**
     * A probe's lease expired: it counts as a failed probe (evidence), but nothing ended, so the
     * averages are no fresher than before and the next probe may go at once.
     */
    void probeExpired() {
        COMPLETED.getAndAdd(this, 1L);
        EVIDENCE.getAndAdd(this, 1L);
    }

    private void ended(long now) {
        lastEndedNanos = now;
        COMPLETED.getAndAdd(this, 1L);
        EVIDENCE.getAndAdd(this, 1L);
    }

    void predicateFailed() {
        PREDICATE_FAILURES.getAndAdd(this, 1L);
    }

    private void ewma(VarHandle cell, double x) {
        long bits;
        long next;
        do {
            bits = (long) cell.getVolatile(this);
            double mean = Double.longBitsToDouble(bits);
            next = Double.doubleToRawLongBits(mean + alpha * (x - mean));
        } while (!cell.compareAndSet(this, bits, next));
    }

    double latencyMs() {
        return Double.longBitsToDouble(latencyBits);
    }

    double errorAverage() {
        return Double.longBitsToDouble(errorBits);
    }

    /** The Wilson lower bound of the error average over the calls it rests on. */
    double errorEstimate() {
        return wilsonLowerBound(errorAverage(), Math.min(windowCalls, window), z);
    }

    int inFlight() {
        return inFlight;
    }

    long completed() {
        return completed;
    }

    long evidence() {
        return evidence;
    }

    long lastEndedNanos() {
        return lastEndedNanos;
    }

    long predicateFailures() {
        return predicateFailures;
    }

    /**
     * Lower bound of the Wilson score interval of a proportion {@code p} observed over {@code n}
     * trials at {@code z} standard deviations: {@code (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)};
     * {@code p} itself when {@code z} is 0, and 0 before any trial.
     */
    static double wilsonLowerBound(double p, double n, double z) {
        if (z == 0.0) {
            return p;
        }
        if (n <= 0.0) {
            return 0.0;
        }
        double q = Math.min(1.0, Math.max(0.0, p));
        double z2 = z * z;
        double center = q + z2 / (2 * n);
        double margin = z * Math.sqrt(q * (1 - q) / n + z2 / (4 * n * n));
        return Math.max(0.0, (center - margin) / (1 + z2 / n));
    }
}
