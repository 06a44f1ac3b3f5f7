package io.atrion.guard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Decides which admission performs the next physics update: at most one per interval, and only
 * when the evidence counter moved since the previous update (a call started or ended). Without
 * fresh evidence an update would feed the physics the same averages again, and each such update
 * adds trauma while they are bad: an open breaker, where nothing flows, would keep scarring on
 * the failures that opened it.
 *
 * <p>Times are the instance's ticker readings in nanoseconds (monotonic), compared only with
 * each other.
 */
final class UpdatePacer {

    private static final VarHandle NEXT_UPDATE;

    static {
        try {
            NEXT_UPDATE = MethodHandles.lookup().findVarHandle(UpdatePacer.class, "nextUpdateNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long intervalNanos;
    /** Earliest time of the next update. */
    private volatile long nextUpdateNanos = CallStats.NEVER;
    /** The evidence counter the previous update saw; -1 before the first, which is always due. */
    private volatile long evidenceAtLastUpdate = -1;

    UpdatePacer(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * True for the one admission that performs the next update: the first at or after the due
     * time (or after the clock went back by more than an interval) that sees new evidence wins
     * the CAS.
     */
    boolean due(long nowNanos, long evidence) {
        if (evidence == evidenceAtLastUpdate) {
            return false;
        }
        long due = lvNextUpdate();
        if (nowNanos < due && due - nowNanos <= intervalNanos) {
            return false;
        }
        if (!casNextUpdate(due, nowNanos + intervalNanos)) {
            return false;
        }
        // Written after winning: a start or end racing with this update leaves the counter ahead
        // of what is recorded, so the next interval updates again (never one update too few).
        evidenceAtLastUpdate = evidence;
        return true;
    }

    // Accessors named in the JCTools manner (lv = volatile load, cas = compare-and-set).

    private long lvNextUpdate() {
        return nextUpdateNanos;
    }

    private boolean casNextUpdate(long expected, long next) {
        return NEXT_UPDATE.compareAndSet(this, expected, next);
    }
}
