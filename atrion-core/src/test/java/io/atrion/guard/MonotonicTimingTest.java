package io.atrion.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.atrion.Atrion;
import io.atrion.ManualClock;
import io.atrion.MillisClock;
import io.atrion.Ticker;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A guard measures intervals — a call's latency, the time since its last update — on the
 * instance's monotonic ticker, not on the wall clock, which may jump either way; the clock only
 * dates the physics' updates.
 */
class MonotonicTimingTest {

    private static final long T0 = 1_700_000_000_000L;

    private final ManualClock clock = new ManualClock(T0);
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final Ticker ticker = nanos::get;

    /** telemetryWindow 1: α = 2/(1 + 1) = 1, so the latency average is the last call's latency. */
    private RouteGuard guard(long updateIntervalMillis) {
        Atrion atrion = Atrion.builder().clock(clock).ticker(ticker).build();
        return atrion.guards().guard("r", GuardConfig.builder().telemetryWindow(1)
                .updateIntervalMillis(updateIntervalMillis).build());
    }

    @Test
    void aCallsLatencyIsTheTickersIntervalWhenTheClockStepsBack() {
        RouteGuard g = guard(0);
        g.executeSupplier(100, () -> {
            nanos.addAndGet(42_500_000L); // 42.5 ms pass
            clock.set(T0 - 3_600_000L);    // meanwhile the wall clock is set back an hour
            return "ok";
        });
        // Measured on the wall clock it would be max(0, −3,600,000) = 0 ms.
        assertEquals(42.5, g.averageLatencyMs());
    }

    @Test
    void aCallsLatencyIsTheTickersIntervalWhenTheClockJumpsAhead() {
        RouteGuard g = guard(0);
        g.tryCall(100, () -> {
            nanos.addAndGet(7_000_000L);      // 7 ms pass
            clock.advance(3_600_000L);         // the wall clock jumps an hour ahead
            return "ok";
        });
        assertEquals(7.0, g.averageLatencyMs());
    }

    @Test
    void updatesArePacedOnTheTicker() {
        RouteGuard g = guard(100);
        g.tryCall(100, () -> "first");      // the first admission updates: tick 1
        assertEquals(1, g.handle().tickCount());
        clock.advance(3_600_000L);          // an hour on the wall clock...
        nanos.addAndGet(50_000_000L);       // ...but 50 ms on the ticker: < 100 ms, not due
        g.tryCall(100, () -> "second");
        assertEquals(1, g.handle().tickCount(), "50 ms after the update, none is due");
        nanos.addAndGet(50_000_000L);       // 100 ms since the update, and calls ended since: due
        g.tryCall(100, () -> "third");
        assertEquals(2, g.handle().tickCount());
    }

    @Test
    void theTickerIsTheBuildersElseAManualClockElseTheSystems() {
        ManualClock manual = new ManualClock(T0);
        assertSame(manual, Atrion.builder().clock(manual).build().ticker(), "virtual time drives both");
        assertSame(ticker, Atrion.builder().clock(manual).ticker(ticker).build().ticker());
        MillisClock wall = MillisClock.system();
        assertNotSame(wall, Atrion.builder().clock(wall).build().ticker());
        // ManualClock's reading in nanoseconds is its time in milliseconds × 10⁶.
        manual.set(12);
        assertEquals(12_000_000L, manual.nanoTime());
    }
}
