package io.atrion.guard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one guard knows about its calls: exponentially weighted averages of latency and of the
 * error indicator, how many calls the error average rests on, the calls in flight, and an
 * evidence counter that moves whenever a call starts or ends (the update pacer reads it). A call's
 * start is one atomic add to the starts word; everything else a call changes (averages, window,
 * completed count, last end, the leaves and end-evidence counts) is written under a small spin
 * lock of a few stores, so a guarded call is two atomic operations (the add, the lock's CAS) and
 * concurrent calls lose nothing. Readers take no lock.
 */
final class CallStats {

    static final long NEVER = Long.MIN_VALUE;

    private static final VarHandle LATENCY;
    private static final VarHandle ERROR;
    private static final VarHandle WINDOW_CALLS;
    private static final VarHandle STARTS;
    private static final VarHandle LEAVES;
    private static final VarHandle END_EVIDENCE;
    private static final VarHandle COMPLETED;
    private static final VarHandle PREDICATE_FAILURES;
    private static final VarHandle LAST_ENDED;
    private static final VarHandle ENDS;
    private static final int SPINS_BEFORE_YIELD = 64;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LATENCY = l.findVarHandle(CallStats.class, "latencyBits", long.class);
            ERROR = l.findVarHandle(CallStats.class, "errorBits", long.class);
            WINDOW_CALLS = l.findVarHandle(CallStats.class, "windowCalls", int.class);
            STARTS = l.findVarHandle(CallStats.class, "starts", long.class);
            LEAVES = l.findVarHandle(CallStats.class, "leaves", long.class);
            END_EVIDENCE = l.findVarHandle(CallStats.class, "endEvidence", long.class);
            COMPLETED = l.findVarHandle(CallStats.class, "completed", long.class);
            PREDICATE_FAILURES = l.findVarHandle(CallStats.class, "predicateFailures", long.class);
            LAST_ENDED = l.findVarHandle(CallStats.class, "lastEndedNanos", long.class);
            ENDS = l.findVarHandle(CallStats.class, "endsLock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final double alpha;
    private final int window;
    private final double z;

    // Averages as raw double bits. They, the window count, the completed, leaves and end-evidence
    // counts and the last end are written only under endsLock, with release stores (a call's end
    // is one CAS to lock, plain arithmetic, one release store to unlock, where five atomic
    // operations took 40 of a guarded call's 71 ns); readers read each field on its own with a
    // volatile load.
    private volatile long latencyBits;
    private volatile long errorBits;
    /** Calls measured since the averages were last restarted; saturates at the window. */
    private volatile int windowCalls;
    /**
     * Starts: every call's (low 32 bits, for the in-flight count) and those that are evidence, all
     * but probes' (high 32 bits), one atomic add per start; the only field written outside the
     * lock. The halves wrap after 2^32 starts: the in-flight count is a difference of the low
     * halves in 32-bit arithmetic (exact while fewer than 2^31 calls run), and evidence is only
     * compared for change.
     */
    private volatile long starts;
    /** Calls that left the in-flight count (ended, released, or their probe lease expired); under the lock. */
    private volatile long leaves;
    /** Ends that are evidence (every end and expired probe); under the lock. */
    private volatile long endEvidence;
    private volatile long completed;
    private volatile long predicateFailures;
    /** When the last call ended: a ticker reading in nanoseconds (monotonic, not a date). */
    private volatile long lastEndedNanos = NEVER;
    /** 0 free, 1 held: serializes the end-of-call bookkeeping (a few stores; see lockEnds). */
    private volatile int endsLock;

    CallStats(double initialLatencyMs, double alpha, int window, double z) {
        this.alpha = alpha;
        this.window = window;
        this.z = z;
        this.latencyBits = Double.doubleToRawLongBits(initialLatencyMs);
        this.errorBits = Double.doubleToRawLongBits(0.0);
    }

    private static final long EVIDENCE_START = (1L << 32) + 1;
    private static final long PROBE_START = 1L;

    /** A call starts; {@code evidence} false for a probe, whose start tells the physics nothing new. */
    void started(boolean evidence) {
        getAndAddStarts(evidence ? EVIDENCE_START : PROBE_START);
    }

    /** A call leaves the in-flight count (released, or its probe lease expired, or its probe ended). */
    void left() {
        lockEnds();
        try {
            soLeaves(lpLeaves() + 1);
        } finally {
            unlockEnds();
        }
    }

    /**
     * An ordinary call ended after {@code latencyMs}: folded into the averages (evidence), and it
     * leaves the in-flight count, all under one hold of the lock.
     */
    void measuredAndLeft(double latencyMs, boolean error, long now) {
        lockEnds();
        try {
            soLatencyBits(ewmaStep(lpLatencyBits(), latencyMs));
            soErrorBits(ewmaStep(lpErrorBits(), error ? 1.0 : 0.0));
            int calls = lpWindowCalls();
            if (calls < window) {
                soWindowCalls(calls + 1);
            }
            soLastEnded(now);
            soCompleted(lpCompleted() + 1);
            soEndEvidence(lpEndEvidence() + 1);
            soLeaves(lpLeaves() + 1);
        } finally {
            unlockEnds();
        }
    }

    /**
     * A probe passed: the averages held the failures of the past, the probe is the one fresh
     * observation, so they start again from it (latency = the probe's, no error, one call).
     */
    void restart(double latencyMs, long now) {
        lockEnds();
        try {
            soLatencyBits(Double.doubleToRawLongBits(latencyMs));
            soErrorBits(Double.doubleToRawLongBits(0.0));
            soWindowCalls(1);
            soLastEnded(now);
            soCompleted(lpCompleted() + 1);
            soEndEvidence(lpEndEvidence() + 1);
        } finally {
            unlockEnds();
        }
    }

    /**
     * A probe failed (or its lease expired): the averages stay as they are, holding the failures
     * the probe confirmed; evidence, so the next update sees them once more.
     */
    void probeFailed(long now) {
        lockEnds();
        try {
            soLastEnded(now);
            soCompleted(lpCompleted() + 1);
            soEndEvidence(lpEndEvidence() + 1);
        } finally {
            unlockEnds();
        }
    }

    /**
     * A probe's lease expired: it counts as a failed probe (evidence), but nothing ended, so the
     * averages are no fresher than before and the next probe may go at once.
     */
    void probeExpired() {
        lockEnds();
        try {
            soCompleted(lpCompleted() + 1);
            soEndEvidence(lpEndEvidence() + 1);
        } finally {
            unlockEnds();
        }
    }

    /**
     * Takes the end-of-call lock. Its critical sections are a few loads and stores (no call out),
     * so a waiter spins briefly; past that it yields, in case the holder was descheduled.
     */
    private void lockEnds() {
        for (int attempt = 0; ; attempt++) {
            if (lvEndsLock() == 0 && casEndsLock(0, 1)) {
                return;
            }
            if (attempt < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Release store: the stores made under the lock are visible to the next holder, whose CAS reads it. */
    private void unlockEnds() {
        soEndsLock(0);
    }

    // Memory-ordering accessors, named in the JCTools manner so each call site says its ordering:
    // lv = volatile load, lp = plain load, so = ordered (release) store, cas = compare-and-set,
    // getAndAdd = atomic add. Plain loads only of fields written under endsLock, by its holder.

    private int lvEndsLock() {
        return endsLock;
    }

    private boolean casEndsLock(int expected, int next) {
        return ENDS.compareAndSet(this, expected, next);
    }

    private void soEndsLock(int value) {
        ENDS.setRelease(this, value);
    }

    private void getAndAddStarts(long delta) {
        STARTS.getAndAdd(this, delta);
    }

    private long lpLeaves() {
        return (long) LEAVES.get(this);
    }

    private void soLeaves(long count) {
        LEAVES.setRelease(this, count);
    }

    private long lpEndEvidence() {
        return (long) END_EVIDENCE.get(this);
    }

    private void soEndEvidence(long count) {
        END_EVIDENCE.setRelease(this, count);
    }

    private long lpLatencyBits() {
        return (long) LATENCY.get(this);
    }

    private void soLatencyBits(long bits) {
        LATENCY.setRelease(this, bits);
    }

    private long lpErrorBits() {
        return (long) ERROR.get(this);
    }

    private void soErrorBits(long bits) {
        ERROR.setRelease(this, bits);
    }

    private int lpWindowCalls() {
        return (int) WINDOW_CALLS.get(this);
    }

    private void soWindowCalls(int calls) {
        WINDOW_CALLS.setRelease(this, calls);
    }

    private long lpCompleted() {
        return (long) COMPLETED.get(this);
    }

    private void soCompleted(long count) {
        COMPLETED.setRelease(this, count);
    }

    private void soLastEnded(long nanos) {
        LAST_ENDED.setRelease(this, nanos);
    }

    void predicateFailed() {
        PREDICATE_FAILURES.getAndAdd(this, 1L);
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

    /**
     * Starts minus leaves. Leaves are read first: a start and end between the two reads then count
     * as in flight (an overestimate for an instant) instead of leaving the count below 0.
     */
    int inFlight() {
        long left = leaves;
        return (int) starts - (int) left;
    }

    long completed() {
        return completed;
    }

    long evidence() {
        return (starts >>> 32) + endEvidence;
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
