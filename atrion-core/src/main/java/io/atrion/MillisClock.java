package io.atrion;

/**
 * The time source of an {@link Atrion} instance, in epoch milliseconds. Inject a
 * {@link ManualClock} to control time in tests, replays and simulations.
 */
@FunctionalInterface
public interface MillisClock {

    /** The current time in epoch milliseconds. */
    long millis();

    /**
     * The wall clock, {@link System#currentTimeMillis()}; always the same instance. Guards of an
     * instance on this clock time their calls with a cached copy of it (1 ms resolution, as this
     * clock's; see docs/guard.md).
     */
    static MillisClock system() {
        return io.atrion.internal.CachedClock.SYSTEM;
    }
}
