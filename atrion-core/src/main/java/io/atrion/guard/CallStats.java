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
    private static final VarHandle FLOW;
    private static final VarHandle COMPLETED;
    private static final VarHandle PREDICATE_FAILURES;
    private static final VarHandle LAST_ENDED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LATENCY = l.findVarHandle(CallStats.class, "latencyBits", long.class);
            ERROR = l.findVarHandle(CallStats.class, "errorBits", long.class);
            WINDOW_CALLS = l.findVarHandle(CallStats.class, "windowCalls", int.class);
            FLOW = l.findVarHandle(CallStats.class, "flow", long.class);
            COMPLETED = l.findVarHandle(CallStats.class, "completed", long.class);
            PREDICATE_FAILURES = l.findVarHandle(CallStats.class, "predicateFailures", long.class);
            LAST_ENDED = l.findVarHandle(CallStats.class, "lastEndedMillis", long.class);
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
    /**
     * The evidence counter (high 32 bits) and the calls in flight (low 32 bits) in one word, so a
     * call's start and its end are one atomic add each instead of two. In flight never goes below
     * 0 (a call leaves only after it started), so the low half never borrows from the high one;
     * the evidence half wraps after 2^32 events, harmless for a counter only compared for change.
     */
    private volatile long flow;
    private volatile long completed;
    private volatile long predicateFailures;
    private volatile long lastEndedMillis = NEVER;

    CallStats(double initialLatencyMs, double alpha, int window, double z) {
        this.alpha = alpha;
        this.window = window;
        this.z = z;
        this.latencyBits = Double.doubleToRawLongBits(initialLatencyMs);
        this.errorBits = Double.doubleToRawLongBits(0.0);
    }

    private static final long ONE_EVIDENCE = 1L << 32;
    private static final long ONE_IN_FLIGHT = 1L;

    /** A call starts; {@code evidence} false for a probe, whose start tells the physics nothing new. */
    void started(boolean evidence) {
        FLOW.getAndAdd(this, evidence ? ONE_EVIDENCE + ONE_IN_FLIGHT : ONE_IN_FLIGHT);
    }

    /** A call leaves the in-flight count (released, or its probe lease expired). */
    void left() {
        FLOW.getAndAdd(this, -ONE_IN_FLIGHT);
    }

    /**
     * An ordinary call ended after {@code latencyMs}: folded into the averages, and it leaves the
     * in-flight count (evidence and in flight move in the same atomic add).
     */
    void measuredAndLeft(double latencyMs, boolean error, long now) {
        ewmaLatency(latencyMs);
        ewmaError(error ? 1.0 : 0.0);
        if (windowCalls < window) {
            WINDOW_CALLS.getAndAdd(this, 1); // may overshoot the window under a race; only min() reads it
        }
        soLastEnded(now);
        COMPLETED.getAndAdd(this, 1L);
        FLOW.getAndAdd(this, ONE_EVIDENCE - ONE_IN_FLIGHT);
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
        FLOW.getAndAdd(this, ONE_EVIDENCE);
    }

    private void ended(long now) {
        soLastEnded(now);
        COMPLETED.getAndAdd(this, 1L);
        FLOW.getAndAdd(this, ONE_EVIDENCE);
    }

    /**
     * Release store of the time the last call ended: a timestamp that orders nothing else (the
     * probe gate compares it with the current time), so it needs no full fence of a volatile store.
     */
    private void soLastEnded(long now) {
        LAST_ENDED.setRelease(this, now);
    }

    void predicateFailed() {
        PREDICATE_FAILURES.getAndAdd(this, 1L);
    }

    // One method per average, each naming its VarHandle as a constant: C2 then compiles the
    // access to a plain load and a lock cmpxchg. A VarHandle passed as an argument is not a
    // constant, and a method taking one compiled on its own to the generic VarHandle linkage: in
    // JMH, guard-decorated calls spent a third of their time in VarHandleGuards frames (89 ns a
    // call against 48 ns with the averages inlined; docs/BENCHMARKS.md, issue 15).

    private void ewmaLatency(double x) {
        long bits;
        long next;
        do {
            bits = (long) LATENCY.getVolatile(this);
            next = ewmaStep(bits, x);
        } while (!LATENCY.compareAndSet(this, bits, next));
    }

    private void ewmaError(double x) {
        long bits;
        long next;
        do {
            bits = (long) ERROR.getVolatile(this);
            next = ewmaStep(bits, x);
        } while (!ERROR.compareAndSet(this, bits, next));
    }

    /** {@code mean + α·(x − mean)} on raw bits. */
    private long ewmaStep(long meanBits, double x) {
        double mean = Double.longBitsToDouble(meanBits);
        return Double.doubleToRawLongBits(mean + alpha * (x - mean));
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
        return (int) flow;
    }

    long completed() {
        return completed;
    }

    long evidence() {
        return flow >>> 32;
    }

    long lastEndedMillis() {
        return lastEndedMillis;
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
