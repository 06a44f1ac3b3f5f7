package io.atrion;

/**
 * A clock that moves only when told to; thread-safe. For tests, replays and simulations.
 *
 * <p>It is also a {@link Ticker} reading the same time in nanoseconds (milliseconds × 10⁶), so
 * an {@link Atrion} built with it measures intervals (a call's latency, a guard's pacing) on the
 * same virtual time, unless the builder is given a ticker of its own. The reading is exact for
 * times within ±292 years of zero; only differences between readings mean anything.
 */
public final class ManualClock implements MillisClock, Ticker {

    private volatile long nowMillis;

    /** A clock standing at {@code startMillis}. */
    public ManualClock(long startMillis) {
        this.nowMillis = startMillis;
    }

    @Override
    public long millis() {
        return nowMillis;
    }

    /** {@link #millis()} in nanoseconds. */
    @Override
    public long nanoTime() {
        return nowMillis * 1_000_000L;
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
