package io.atrion.internal.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The sequence lock of a {@link FastEngine} row: the high 32 bits of word {@code b} of a
 * {@code long[]} page are the row's version, even when free; the low 32 bits belong to the row
 * (the engine keeps the route's mode there, so a row needs no word of its own for it: they change
 * only while the version is odd, and a reader's version check covers them). Writers are serialized
 * by it; readers take no lock and retry when a write overlapped.
 *
 * <ul>
 *   <li><b>Write:</b> {@link #lock} CASes the version from even to odd (the CAS has volatile
 *       semantics, so no row store of the holder moves above it), the holder updates the row with
 *       plain stores, {@link #unlock} store-releases the next even value (no row store moves
 *       below it). The next writer's CAS reads that value, so it sees the whole previous update:
 *       no update of a row is lost.</li>
 *   <li><b>Read:</b> load the version with acquire ({@link #lvVersion}); if even, read the words,
 *       then {@link #validate}: a load-load fence (the word reads complete before) and the version
 *       again. Equal means no writer held the lock in between, so the words are one update's,
 *       never a torn mix of two.</li>
 * </ul>
 * jcstress tests (module {@code atrion-jcstress}) check both sides: no lost update between two
 * writers, and no torn read (a reader's words from two different updates is FORBIDDEN).
 *
 * <p>The accessors are named as in JCTools, so every call site says its ordering: {@code lv} =
 * load with acquire (volatile) semantics, {@code lp} = plain load, {@code so} = ordered
 * (release) store, {@code cas} = compare-and-set with volatile semantics.
 *
 * <p>Internal: not part of the public API.
 */
final class RowLock {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    /** One step of the sequence, which is the word's high 32 bits; its lowest bit set = locked. */
    static final long SEQUENCE_UNIT = 1L << 32;
    /** The sequence bits; the low 32 bits are the row's own (FastEngine keeps mode and profile there). */
    static final long SEQUENCE_MASK = 0xFFFFFFFF00000000L;
    private static final int SPINS_BEFORE_YIELD = 64;

    private RowLock() {
    }

    /** Acquires the row's lock (even → odd). */
    static void lock(long[] page, int b) {
        for (int attempt = 0; ; attempt++) {
            long v = lvVersion(page, b);
            if (!isLocked(v) && casVersion(page, b, v, v + SEQUENCE_UNIT)) {
                return;
            }
            backOffWriter(attempt);
        }
    }

    /**
     * A writer waiting for the lock backs off exponentially, 4, 8, 16 then 32 spin-wait hints
     * between looks. Every look at the version pulls the row's first cache line away from the
     * holder, whose next store to it must fetch it back: with two threads updating one route, one
     * look per hint made them 558–575 ns a call each ({@code admit}; {@code route()} 589–602), this
     * backoff 289–331 ns (341–374) (JMH, TwoThreadBenchmark, docs/BENCHMARKS.md); the price is the
     * waiting call's tail (p99 0.9 → 1.8 µs on that contended route), longer waits would raise
     * throughput further and the tail more. Readers keep
     * {@link #backOff}: they wait for one write, not for a queue of them. Past the spins it
     * yields, as {@link #backOff}.
     */
    static void backOffWriter(int attempt) {
        if (attempt < SPINS_BEFORE_YIELD) {
            for (int hints = 4 << Math.min(attempt, 3); hints > 0; hints--) {
                Thread.onSpinWait();
            }
        } else {
            Thread.yield();
        }
    }

    /**
     * Releases the row's lock (odd → next even), keeping the low bits the holder set; only the
     * holder writes the word, so it reads it plainly. The sequence wraps after 2^31 updates of one
     * row; a reader would have to stall between its two version reads for exactly that many
     * updates to be fooled (the Linux kernel's seqcount is 32 bits too).
     */
    static void unlock(long[] page, int b) {
        soVersion(page, b, lpVersion(page, b) + SEQUENCE_UNIT);
    }

    /** True when the version says a writer holds the lock. */
    static boolean isLocked(long v) {
        return (v & SEQUENCE_UNIT) != 0;
    }

    /** After reading a row's words under version {@code v} (even): true when no write overlapped them. */
    static boolean validate(long[] page, int b, long v) {
        VarHandle.loadLoadFence(); // the word reads before complete before the version is read again
        return lvVersion(page, b) == v;
    }

    /** Waiting for a lock holder (or a reader retrying): spin briefly, then yield. */
    static void backOff(int attempt) {
        if (attempt < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield(); // the holder may be descheduled; a critical section is ~100 ns
        }
    }

    /** Acquire load of the version: the row reads after it are not hoisted above it. */
    static long lvVersion(long[] page, int b) {
        return (long) LONGS.getAcquire(page, b);
    }

    /** Plain load of the version, by the lock holder (no other thread writes it then). */
    static long lpVersion(long[] page, int b) {
        return page[b];
    }

    /** The lock's CAS: volatile semantics order it before the holder's row stores. */
    static boolean casVersion(long[] page, int b, long expected, long next) {
        return LONGS.compareAndSet(page, b, expected, next);
    }

    /** Release store of the version: every row store before it is visible to whoever reads the new value. */
    static void soVersion(long[] page, int b, long v) {
        LONGS.setRelease(page, b, v);
    }

    /**
     * Acquire load of one row word read without the lock (a handle's mode, R or tick; a cached
     * generation check). One 64-bit word cannot tear on the 64-bit JVMs this runs on; two such
     * reads may straddle an update, which their callers accept.
     */
    static long lvWord(long[] page, int i) {
        return (long) LONGS.getAcquire(page, i);
    }
}
