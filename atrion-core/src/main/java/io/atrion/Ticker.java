package io.atrion;

/**
 * A monotonic time source in nanoseconds, for measuring intervals: how long a guarded call took,
 * how long since a guard's last update or probe. Only differences between two readings mean
 * anything (like {@link System#nanoTime()}); a reading is not a date. The physics' own time, the
 * {@code now} of every update, is the epoch-millisecond {@link MillisClock} (SPEC §2).
 *
 * <p>Separate from the clock because the wall clock can jump (NTP corrections, a changed system
 * time): an interval measured on it can come out negative or far too long. {@link ManualClock}
 * is both, so a test or a simulation on virtual time drives calls' latencies and guards' pacing
 * with the same {@code advance} that moves the physics.
 */
@FunctionalInterface
public interface Ticker {

    /** The current reading, in nanoseconds from an arbitrary origin. */
    long nanoTime();

    /**
     * {@link System#nanoTime()}; always the same instance. Guards of an instance on this ticker
     * time their calls with a cached copy of it (about 1 ms resolution; see docs/guard.md).
     */
    static Ticker system() {
        return io.atrion.internal.CachedClock.SYSTEM_TICKER;
    }
}
