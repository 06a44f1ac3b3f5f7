package io.atrion;

/**
 * A clock that moves only when told to; thread-safe. For tests, replays and simulations.
 */
public final class ManualClock implements MillisClock {

    private volatile long nowMillis;

    /** A clock standing at {@code startMillis}. */
    public ManualClock(long startMillis) {
        this.nowMillis = startMillis;
    }

    @Override
    public long millis() {
        return nowMillis;
    }

    /** Sets the time; it may go back (the engines treat that as Δt = 0, SPEC §2.9). */
    public void set(long millis) {
        this.nowMillis = millis;
    }

    /** Moves the time forward by {@code deltaMillis} and returns the new time. */
    public synchronized long advance(long deltaMillis) {
        long next = nowMillis + deltaMillis;
        nowMillis = next;
        return next;
    }
}
