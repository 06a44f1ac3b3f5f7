package io.atrion.internal.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Route id → packed {@code (generation << 32) | slot}, by open addressing with linear probing
 * over at most {@value #MAX_PROBE} positions, with an overflow map for ids that find no free
 * position within that bound.
 *
 * <p>Lookups take no lock: they read the current table through a volatile field and each key
 * with acquire semantics. Inserts and removals hold this object's monitor (they happen once per
 * route, not per call). An insert writes the value before it publishes the key with release
 * semantics, so a reader that sees the key also sees its value. A position is written once per
 * table: removal leaves a tombstone and never reuses the position, and a resize (which also
 * drops tombstones) builds a new table and publishes it through the volatile field. A reader
 * still on an old table may find a removed id or miss a new one; the first is caught by the
 * generation check under the route's row lock, the second sends the caller to
 * {@link #getOrInsert}, which re-reads under the monitor.
 *
 * <h2>Hash flooding</h2>
 * Route ids can come from outside (the servlet filter's default id is the request path), so a
 * client could send ids chosen to collide. Two defences, neither on the friendly path's cost:
 * <ul>
 *   <li>the home position mixes {@code String.hashCode()} with a random per-instance seed through
 *       a full-avalanche finalizer, so ids with different hash codes cannot be aimed at one
 *       position without knowing the seed;</li>
 *   <li>ids with <em>equal</em> hash codes (trivial to make for {@code String}) land on one
 *       position whatever the mixing; the probe bound stops their cluster at
 *       {@value #MAX_PROBE} positions and the rest go to the overflow, a
 *       {@link ConcurrentHashMap}, whose bins of colliding {@code Comparable} keys are trees:
 *       O(log n) compares instead of a linear scan of every colliding id.</li>
 * </ul>
 * A lookup that meets an empty position stops: an id is in the overflow only if every position
 * of its window was taken when it was inserted, and positions are never emptied within a table.
 * With friendly ids the bound is practically never reached (at a load ≤ 1/2 a run of
 * {@value #MAX_PROBE} taken positions is rare), and the overflow stays empty and unread.
 *
 * <p>Memory: one reference and one long per position, at a load between 1/4 and 1/2: 24–48
 * bytes per route with compressed references (about 25 at 1,000,000 routes).
 */
final class RouteIndex {

    static final long ABSENT = -1L;

    /** Positions probed from an id's home before it goes to the overflow. */
    static final int MAX_PROBE = 32;

    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(String[].class);
    private static final String TOMBSTONE = new String("<removed>");
    private static final int MIN_CAPACITY = 16;

    private static final class Table {
        final String[] keys;
        final long[] values;
        final int mask;
        /**
         * Ids whose window was full when inserted; null until the first one. Written under the
         * monitor; a concurrent map because lookups read it without the monitor.
         */
        volatile ConcurrentHashMap<String, Long> overflow;

        Table(int capacity) {
            keys = new String[capacity];
            values = new long[capacity];
            mask = capacity - 1;
        }
    }

    private volatile Table table = new Table(MIN_CAPACITY);
    /** Mixed into every hash; random per instance so positions cannot be predicted from outside. */
    private final int seed = ThreadLocalRandom.current().nextInt();
    /** Positions holding a key or a tombstone; guarded by this. */
    private int used;
    /** Live keys, in the table and in the overflow; guarded by this. */
    private int size;

    /** The packed value for {@code id}, or {@link #ABSENT}. Lock-free. */
    long get(String id) {
        Table t = lvTable();
        String[] keys = t.keys;
        int mask = t.mask;
        int h = id.hashCode();
        int i = home(h) & mask;
        for (int probe = 0; probe < MAX_PROBE; probe++, i = (i + 1) & mask) {
            String k = lvKey(keys, i);
            if (k == null) {
                return ABSENT;
            }
            if (k == id || (k != TOMBSTONE && k.hashCode() == h && k.equals(id))) {
                return t.values[i];
            }
        }
        return overflowGet(t, id);
    }

    /** Off the common path: only after {@value #MAX_PROBE} taken positions. */
    private static long overflowGet(Table t, String id) {
        ConcurrentHashMap<String, Long> overflow = lvOverflow(t);
        if (overflow == null) {
            return ABSENT;
        }
        Long v = overflow.get(id);
        return v == null ? ABSENT : v;
    }

    /**
     * The packed value for {@code id}; when absent, {@code allocator} supplies one (called under
     * the monitor, once) and it is inserted.
     */
    synchronized long getOrInsert(String id, java.util.function.LongSupplier allocator) {
        long existing = get(id);
        if (existing != ABSENT) {
            return existing;
        }
        if ((used + 1) * 2 > table.keys.length) {
            resize();
        }
        long value = allocator.getAsLong();
        if (insert(table, id, value, seed)) {
            used++;
        }
        size++;
        return value;
    }

    /** Removes {@code id}; returns its packed value or {@link #ABSENT}. */
    synchronized long remove(String id) {
        Table t = table;
        int h = id.hashCode();
        int i = home(h) & t.mask;
        for (int probe = 0; probe < MAX_PROBE; probe++, i = (i + 1) & t.mask) {
            String k = t.keys[i];
            if (k == null) {
                return ABSENT;
            }
            if (k != TOMBSTONE && k.equals(id)) {
                soKey(t.keys, i, TOMBSTONE);
                size--;
                return t.values[i];
            }
        }
        Long v = t.overflow == null ? null : t.overflow.remove(id);
        if (v == null) {
            return ABSENT;
        }
        size--;
        return v;
    }

    synchronized int size() {
        return size;
    }

    /** Live ids, unordered. */
    synchronized List<String> keys() {
        List<String> out = new ArrayList<>(size);
        Table t = table;
        for (String k : t.keys) {
            if (k != null && k != TOMBSTONE) {
                out.add(k);
            }
        }
        if (t.overflow != null) {
            out.addAll(t.overflow.keySet());
        }
        return out;
    }

    /** Ids held in the overflow (tests: colliding ids go there, friendly ones do not). */
    synchronized int overflowSize() {
        return table.overflow == null ? 0 : table.overflow.size();
    }

    /** Bytes held by the index arrays (for the memory benchmark); the overflow, empty with friendly ids, is not counted. */
    synchronized long footprintBytes(int referenceBytes) {
        long capacity = table.keys.length;
        return capacity * referenceBytes + capacity * Long.BYTES;
    }

    private void resize() {
        Table old = table;
        int capacity = old.keys.length;
        // Resizes happen when positions in use reach half the table. Doubling leaves live keys at
        // a quarter of the new table, so it fills to half again before the next resize; when
        // tombstones, not live keys, filled the table, it is rebuilt at the same size. Ids in the
        // overflow take no position and do not count towards the load.
        int inTable = size - (old.overflow == null ? 0 : old.overflow.size());
        while ((long) inTable * 4 > capacity) {
            capacity <<= 1;
        }
        Table next = new Table(capacity);
        int positions = 0;
        for (int i = 0; i < old.keys.length; i++) {
            String k = old.keys[i];
            if (k != null && k != TOMBSTONE && insert(next, k, old.values[i], seed)) {
                positions++;
            }
        }
        if (old.overflow != null) {
            for (java.util.Map.Entry<String, Long> e : old.overflow.entrySet()) {
                if (insert(next, e.getKey(), e.getValue(), seed)) {
                    positions++;
                }
            }
        }
        used = positions;
        svTable(next); // volatile write publishes the fully built table
    }

    /** Inserts into the window, or the overflow when the window is full; true when it took a position. */
    private static boolean insert(Table t, String id, long value, int seed) {
        int i = mix(id.hashCode(), seed) & t.mask;
        for (int probe = 0; probe < MAX_PROBE; probe++, i = (i + 1) & t.mask) {
            if (t.keys[i] == null) {
                t.values[i] = value;
                soKey(t.keys, i, id);
                return true;
            }
        }
        ConcurrentHashMap<String, Long> overflow = t.overflow;
        if (overflow == null) {
            overflow = new ConcurrentHashMap<>();
            t.overflow = overflow; // volatile: a lookup that reads the map sees it constructed
        }
        overflow.put(id, value); // the map's own publication makes the entry visible to lookups
        return false;
    }

    private int home(int h) {
        return mix(h, seed);
    }

    /**
     * The seeded home of a hash code: murmur3's 32-bit finalizer of {@code h ^ seed}, in which
     * every output bit depends on every input bit, so the positions of ids with different hash
     * codes depend on the seed as a whole.
     */
    static int mix(int h, int seed) {
        h ^= seed;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    // Memory-ordering accessors, named as in JCTools (lv = acquire/volatile load, so = release
    // store, sv = volatile store): each call site says its ordering.

    private Table lvTable() {
        return table;
    }

    private void svTable(Table t) {
        table = t;
    }

    /** Acquire load of a key: a key seen here comes with the value stored before it. */
    private static String lvKey(String[] keys, int i) {
        return (String) KEYS.getAcquire(keys, i);
    }

    /** Release store of a key, after its value (insert) or as a tombstone (remove). */
    private static void soKey(String[] keys, int i, String key) {
        KEYS.setRelease(keys, i, key);
    }

    private static ConcurrentHashMap<String, Long> lvOverflow(Table t) {
        return t.overflow;
    }
}
