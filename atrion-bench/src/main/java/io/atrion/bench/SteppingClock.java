package io.atrion.bench;

import io.atrion.MillisClock;
import io.atrion.Ticker;

/**
 * The benchmarks' clock: a plain (non-volatile) field that the benchmark loop moves forward by
 * one millisecond per lap over its routes, so every route sees Δt = 1 ms per update.
 *
 * <p>Why not the system clock: {@code System.currentTimeMillis()} costs ~33 ns on the benchmark
 * machine (docs/notes/jvm-hot-path.md), which would be a large share of what is measured.
 * Why not a fixed clock: with Δt = 0 the update skips work (momentum is 0 and the scar decay is
 * {@code exp(-0)}, a fast path), so a frozen clock would flatter the engines. Why not
 * {@link io.atrion.ManualClock}: its {@code set} is a volatile store, which at 1 route would be
 * paid on every operation. Reading this clock is one plain load.
 *
 * <p>Shared between threads only in {@code TwoThreadBenchmark}, where each thread advances it
 * once per 1,000 of its own operations; a racing advance can make the clock step back by a
 * millisecond, which the engines treat as Δt = 0 (SPEC §2.9).
 */
public final class SteppingClock implements MillisClock, Ticker {

    /** 2023-11-14T22:13:20Z: any realistic epoch time works. */
    public static final long START_MILLIS = 1_700_000_000_000L;

    private long now = START_MILLIS;

    @Override
    public long millis() {
        return now;
    }

    /**
     * The same time in nanoseconds: an Atrion built with this clock also measures its guards'
     * intervals on it (Atrion.ticker), one plain load like {@link #millis()}, not System.nanoTime.
     */
    @Override
    public long nanoTime() {
        return now * 1_000_000L;
    }

    /** Moves the clock one millisecond forward. */
    public void advance() {
        now++;
    }
}
