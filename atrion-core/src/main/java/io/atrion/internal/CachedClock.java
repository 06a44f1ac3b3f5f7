package io.atrion.internal;

import io.atrion.MillisClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The system's epoch-millisecond clock, and a cached copy of it that one daemon thread refreshes
 * every {@value #PERIOD_MICROS} µs, for guards that time every call.
 *
 * <p>Why: {@code System.currentTimeMillis()} costs 20–35 ns on the machines this project is
 * measured on, and a guarded call reads the time at its start and at its end: two readings were
 * a third of a guarded call's cost (docs/BENCHMARKS.md). A read of the cached copy is one
 * volatile load (a plain load on x86).
 *
 * <p>Resolution: the system clock already moves in whole milliseconds, so the cached copy has the
 * same 1 ms resolution; what it adds is lag: a reading is up to one period (plus the refresh
 * thread's scheduling delay) behind the system clock. Both ends of a call lag alike, so a
 * measured duration is off by less than about ±1 ms, with no bias on average: 1 % of the SPEC's
 * 100 ms latency baseline, per call, before the guard's moving average smooths it. On a machine
 * so overloaded that the refresh thread is not scheduled for several milliseconds, durations
 * measured meanwhile come out short; the system clock's readings would be as distorted by the
 * same stall.
 *
 * <p>Cost: the thread starts with the first {@link #millis} call and runs for the life of the JVM,
 * one wake-up per period (a daemon thread; a few µs of CPU each). Only guards of an
 * {@code Atrion} on the default clock ({@link #SYSTEM}) read it; an injected clock is read as it is.
 *
 * <p>Internal: not part of the public API.
 */
public final class CachedClock {

    /** The system clock; {@link MillisClock#system()} returns this instance, so it can be recognized. */
    public static final MillisClock SYSTEM = System::currentTimeMillis;

    static final long PERIOD_MICROS = 1000;

    private CachedClock() {
    }

    /** The cached epoch milliseconds (started on first use). */
    public static long millis() {
        return Holder.millis;
    }

    /** Lazily started: loading this class starts the thread. */
    private static final class Holder {
        static volatile long millis = System.currentTimeMillis();

        static {
            Thread t = new Thread(Holder::refresh, "atrion-cached-clock");
            t.setDaemon(true);
            t.start();
        }

        private static void refresh() {
            long period = TimeUnit.MICROSECONDS.toNanos(PERIOD_MICROS);
            while (true) {
                millis = System.currentTimeMillis();
                LockSupport.parkNanos(period);
            }
        }
    }
}
