package io.atrion.internal.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Route id → packed {@code (generation << 32) | slot}, by open addressing with linear probing.
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
 * <p>Memory: one reference and one long per position, at a load between 1/4 and 1/2: 24–48
 * bytes per route with compressed references (about 25 at 1,000,000 routes).
 */
final class RouteIndex {

    static final long ABSENT = -1L;

    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(String[].class);
    private static final String TOMBSTONE = new String("<removed>");
    private static final int MIN_CAPACITY = 16;

    private static final class Table {
        final String[] keys;
        final long[] values;
        final int mask;

        Table(int capacity) {
            keys = new String[capacity];
            values = new long[capacity];
            mask = capacity - 1;
        }
    }

    private volatile Table table = new Table(MIN_CAPACITY);
    /** Positions holding a key or a tombstone; guarded by this. */
    private int used;
    /** Live keys; guarded by this. */
    private int size;

    /** The packed value for {@code id}, or {@link #ABSENT}. Lock-free. */
    long get(String id) {
        Table t = table;
        String[] keys = t.keys;
        int mask = t.mask;
        int h = id.hashCode();
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            String k = (String) KEYS.getAcquire(keys, i);
            if (k == null) {
                return ABSENT;
            }
            if (k == id || (k != TOMBSTONE && k.hashCode() == h && k.equals(id))) {
                return t.values[i];
            }
        }
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
        insert(table, id, value);
        used++;
        size++;
        return value;
    }

    /** Removes {@code id}; returns its packed value or {@link #ABSENT}. */
    synchronized long remove(String id) {
        Table t = table;
        int h = id.hashCode();
        for (int i = spread(h) & t.mask; ; i = (i + 1) & t.mask) {
            String k = t.keys[i];
            if (k == null) {
                return ABSENT;
            }
            if (k != TOMBSTONE && k.equals(id)) {
                KEYS.setRelease(t.keys, i, TOMBSTONE);
                size--;
                return t.values[i];
            }
        }
    }

    synchronized int size() {
        return size;
    }

    /** Live ids, unordered. */
    synchronized List<String> keys() {
        List<String> out = new ArrayList<>(size);
        for (String k : table.keys) {
            if (k != null && k != TOMBSTONE) {
                out.add(k);
            }
        }
        return out;
    }

    /** Bytes held by the index arrays (for the memory benchmark). */
    synchronized long footprintBytes(int referenceBytes) {
        long capacity = table.keys.length;
        return capacity * referenceBytes + capacity * Long.BYTES;
    }

    private void resize() {
        Table old = table;
        int capacity = old.keys.length;
        // Resizes happen when positions in use reach half the table. Doubling leaves live keys at
        // a quarter of the new table, so it fills to half again before the next resize; when
        // tombstones, not live keys, filled the table, it is rebuilt at the same size.
        while ((long) size * 4 > capacity) {
            capacity <<= 1;
        }
        Table next = new Table(capacity);
        for (int i = 0; i < old.keys.length; i++) {
            String k = old.keys[i];
            if (k != null && k != TOMBSTONE) {
                insert(next, k, old.values[i]);
            }
        }
        used = size;
        table = next; // volatile write publishes the fully built table
    }

    private static void insert(Table t, String id, long value) {
        for (int i = spread(id.hashCode()) & t.mask; ; i = (i + 1) & t.mask) {
            if (t.keys[i] == null) {
                t.values[i] = value;
                KEYS.setRelease(t.keys, i, id);
                return;
            }
        }
    }

    private static int spread(int h) {
        // String hashes of similar ids differ in low bits only a little; mix the high bits in.
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
