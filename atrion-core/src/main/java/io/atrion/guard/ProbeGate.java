package io.atrion.guard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The single probe slot of a guard, as a lease. One word holds a sequence number and a state:
 * FREE, RESERVED (an admission is asking the physics, and takes the probe if it rejects), ACTIVE
 * (a probe runs, until its deadline). A probe's token carries its sequence number, so the end of a
 * probe whose lease already expired is recognised and ignored, and can never free a newer lease.
 *
 * <p>Times are the instance's ticker readings in nanoseconds (monotonic), compared only with
 * each other.
 */
final class ProbeGate {

    /** No reservation, no expired lease. */
    static final long NONE = 0;

    private static final int FREE = 0;
    private static final int RESERVED = 1;
    private static final int ACTIVE = 2;
    /** Low bits of a token: 1 an ordinary admission, 2 a probe (sequence number above). */
    static final long ADMITTED_TOKEN = 1;
    private static final long PROBE_KIND = 2;

    private static final VarHandle LEASE;
    private static final VarHandle STARTED;
    private static final VarHandle EXPIRED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LEASE = l.findVarHandle(ProbeGate.class, "lease", long.class);
            STARTED = l.findVarHandle(ProbeGate.class, "started", long.class);
            EXPIRED = l.findVarHandle(ProbeGate.class, "expired", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long intervalNanos;
    private final long timeoutNanos;
    /** (sequence << 2) | state. */
    private volatile long lease;
    /** Deadline of the ACTIVE lease; written before the lease turns ACTIVE. */
    private volatile long deadlineNanos;
    private volatile long lastStartNanos = CallStats.NEVER;
    private volatile long started;
    private volatile long expired;

    ProbeGate(long intervalNanos, long timeoutNanos) {
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
    }

    static boolean isProbe(long token) {
        return (token & 3) == PROBE_KIND;
    }

    private static long seq(long word) {
        return word >>> 2;
    }

    private static int state(long word) {
        return (int) (word & 3);
    }

    /**
     * Reserves the slot when a probe may start now: no call ended for an interval (the averages
     * are stale, nothing else will refresh them), the previous probe started at least an interval
     * ago, and no probe runs. Returns the reservation, or {@link #NONE}.
     */
    long tryReserve(long now, long lastEndedNanos) {
        if (lastEndedNanos != CallStats.NEVER && now - lastEndedNanos < intervalNanos) {
            return NONE; // calls are ending: the averages are fresh, nothing to learn
        }
        long last = lastStartNanos;
        if (last != CallStats.NEVER && now - last < intervalNanos) {
            return NONE;
        }
        long word = lvLease();
        if (state(word) != FREE) {
            return NONE;
        }
        long reserved = ((seq(word) + 1) << 2) | RESERVED;
        return casLease(word, reserved) ? reserved : NONE;
    }

    /** The reservation was not needed (the physics admitted the call, or rejected it for another reason). */
    void cancel(long reservation) {
        casLease(reservation, (seq(reservation) << 2) | FREE);
    }

    /** The reserved admission becomes the probe; returns its token. */
    long confirm(long reservation, long now) {
        deadlineNanos = now + timeoutNanos;
        lastStartNanos = now;
        STARTED.getAndAdd(this, 1L);
        svLease((seq(reservation) << 2) | ACTIVE); // publishes the deadline with the lease
        return (seq(reservation) << 2) | PROBE_KIND;
    }

    /** The probe of {@code token} ended; false when its lease had expired (it was ended then). */
    boolean end(long token) {
        long active = (seq(token) << 2) | ACTIVE;
        return casLease(active, (seq(token) << 2) | FREE);
    }

    /**
     * The probe of {@code token} was never made (its permit was released): frees the slot and lets
     * the next probe go at once. False when its lease had expired.
     */
    boolean release(long token) {
        if (!end(token)) {
            return false;
        }
        lastStartNanos = CallStats.NEVER;
        return true;
    }

    /** Ends an ACTIVE lease whose deadline passed; true when this call expired it. */
    boolean expire(long now) {
        long word = lvLease();
        if (state(word) != ACTIVE || now - deadlineNanos < 0) {
            return false;
        }
        if (!casLease(word, (seq(word) << 2) | FREE)) {
            return false;
        }
        EXPIRED.getAndAdd(this, 1L);
        return true;
    }

    // The lease word's accessors, named in the JCTools manner so each call site says its ordering:
    // lv = volatile load, sv = volatile store, cas = compare-and-set.

    private long lvLease() {
        return lease;
    }

    private void svLease(long word) {
        lease = word;
    }

    private boolean casLease(long expected, long next) {
        return LEASE.compareAndSet(this, expected, next);
    }

    /**
     * Milliseconds until a probe may start, counted from {@code now}, rounded up (0 when one may
     * start now).
     */
    long millisUntilNextProbe(long now, long lastEndedNanos) {
        long wait = 0;
        if (lastEndedNanos != CallStats.NEVER) {
            wait = Math.max(wait, lastEndedNanos + intervalNanos - now);
        }
        long last = lastStartNanos;
        if (last != CallStats.NEVER) {
            wait = Math.max(wait, last + intervalNanos - now);
        }
        if (state(lvLease()) == ACTIVE) {
            wait = Math.max(wait, deadlineNanos - now);
        }
        return wait / 1_000_000L + (wait % 1_000_000L == 0 ? 0 : 1);
    }

    boolean running() {
        return state(lvLease()) == ACTIVE;
    }

    long started() {
        return started;
    }

    long expired() {
        return expired;
    }
}
