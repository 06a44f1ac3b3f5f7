package io.atrion.internal;

import io.atrion.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The system's monotonic ticker ({@link System#nanoTime()}), and a cached copy of it that one
 * daemon thread refreshes every {@value #PERIOD_MICROS} µs, for guards that time every call.
 *
 * <p>Why: a {@code System.nanoTime()} call costs 20–35 ns on the machines this project is measured
 * on, and a guarded call reads the ticker at its start and at its end: two readings were a third
 * of a guarded call's cost (docs/BENCHMARKS.md). A read of the cached copy is one volatile load (a
 * plain load on x86).
 *
 * <p>Resolution: the copy moves in steps of one period (about 1 ms), so a call's measured latency
 * is a whole number of steps: each end of a call lags the true ticker by up to one period (plus
 * the refresh thread's scheduling delay), both ends alike, so a duration is off by less than about
 * ±1 ms, with no bias on average: 1 % of the SPEC's 100 ms latency baseline, per call, before the
 * guard's moving average smooths it. The copy is still monotonic (one writer storing increasing
 * readings). On a machine so overloaded that the refresh thread is not scheduled for several
 * milliseconds, durations measured meanwhile come out short.
 *
 * <p>Cost: the thread starts with the first {@link #nanos} call and runs for the life of the JVM,
 * one wake-up per period (a daemon thread; a few µs of CPU each). Only guards of an
 * {@code Atrion} whose ticker is {@link #SYSTEM_TICKER} (the default, {@link Ticker#system()})
 * read it; an injected ticker, or a {@code ManualClock}, is read as it is, to the nanosecond.
 *
 * <p>Internal: not part of the public API.
 */
public final class CachedClock {

    /** The system ticker; {@link Ticker#system()} returns this instance, so it can be recognized. */
    public static final Ticker SYSTEM_TICKER = System::nanoTime;

    static final long PERIOD_MICROS = 1000;

    private CachedClock() {
    }

    /** The cached {@link System#nanoTime()} (the refresh thread starts on first use). */
    public static long nanos() {
        return Holder.nanos;
    }

    /** Lazily started: loading this class starts the thread. */
    private static final class Holder {
        static volatile long nanos = System.nanoTime();

        static {
            Thread t = new Thread(Holder::refresh, "atrion-cached-clock");
            t.setDaemon(true);
            t.start();
        }

        private static void refresh() {
            long period = TimeUnit.MICROSECONDS.toNanos(PERIOD_MICROS);
            while (true) {
                nanos = System.nanoTime();
                LockSupport.parkNanos(period);
            }
        }
    }
}
