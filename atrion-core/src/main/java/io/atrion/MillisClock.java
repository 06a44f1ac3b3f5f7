package io.atrion;

/**
 * The time source of an {@link Atrion} instance, in epoch milliseconds. Inject a
 * {@link ManualClock} to control time in tests, replays and simulations.
 */
@FunctionalInterface
public interface MillisClock {

    /** The current time in epoch milliseconds. */
    long millis();

    /** The wall clock, {@link System#currentTimeMillis()}. */
    static MillisClock system() {
        return System::currentTimeMillis;
    }
}
