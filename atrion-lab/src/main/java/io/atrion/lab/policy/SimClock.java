package io.atrion.lab.policy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link java.time.Clock} that shows the simulation's time, for Resilience4j: its circuit
 * breaker reads {@code clock.instant()} to decide when OPEN may turn HALF_OPEN and to bucket its
 * time-based sliding window, so with this clock every transition happens in simulated time.
 */
public final class SimClock extends Clock {

    /** Epoch millisecond of simulated t = 0 (2023-11-14T22:13:20Z), shared by every policy. */
    public static final long EPOCH_MS = 1_700_000_000_000L;

    private long nowMs;

    /** Sets simulated time, in ms since t = 0. */
    public void set(long simMs) {
        this.nowMs = simMs;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("the simulation clock is UTC only");
    }

    @Override
    public long millis() {
        return EPOCH_MS + nowMs;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
