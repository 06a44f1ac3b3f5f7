package io.atrion.internal.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Route id ↔ slot: the ids of the slots, and a hash table from id to slot by open addressing
 * with linear probing over at most {@value #MAX_PROBE} cells, with an overflow map for ids that
 * find no free cell within that bound.
 *
 * <h2>Layout</h2>
 * The ids live once, by slot, in pages of {@value FastEngine#PAGE_ROWS} references parallel to
 * the engine's rows ({@link #idOf}); a table cell is one {@code int}: 0 empty, −1 a tombstone,
 * {@code slot + 1} an entry, whose id is the slot's. At a load between 1/4 and 1/2 that is
 * 8–16 bytes of table per route plus 4 of id reference (about 12.4 at 1,000,000 routes), where a
 * table of (id, value) pairs took 24–48. A lookup reads the cell, then the slot's id: as many
 * memory accesses as a pair table, whose keys and values were separate arrays.
 *
 * <h2>Concurrency</h2>
 * Lookups take no lock: they read the current table through a volatile field, each cell with
 * acquire semantics, then the slot's id. Inserts and removals hold this object's monitor (once per
 * route, not per call). An insert stores the slot's id, then release-stores the cell, so a reader
 * that sees the cell sees the id. A cell is written once per table: removal leaves a tombstone
 * (and clears the slot's id) and never reuses the cell; a resize (which also drops tombstones)
 * builds a new table and publishes it through the volatile field. A reader that raced a removal
 * may read a cell whose slot has no id (or another id, once the slot is reused): a mismatch, so it
 * probes on and finds nothing, as if it came after the removal; a reader still on an old table may
 * miss a new id, which sends the caller to {@link #getOrInsert}, which re-reads under the monitor.
 * The engine checks under the row's lock that a slot it holds is still its id's ({@link #idOf}).
 *
 * <h2>Hash flooding</h2>
 * Route ids can come from outside (the servlet filter's default id is the request path), so a
 * client could send ids chosen to collide. Two defences, neither on the friendly path's cost:
 * <ul>
 *   <li>the home cell mixes {@code String.hashCode()} with a random per-instance seed through a
 *       full-avalanche finalizer, so ids with different hash codes cannot be aimed at one cell
 *       without knowing the seed;</li>
 *   <li>ids with <em>equal</em> hash codes (trivial to make for {@code String}) land on one cell
 *       whatever the mixing; the probe bound stops their cluster at {@value #MAX_PROBE} cells and
 *       the rest go to the overflow, a {@link ConcurrentHashMap}, whose bins of colliding
 *       {@code Comparable} keys are trees: O(log n) compares instead of a scan of every colliding
 *       id.</li>
 * </ul>
 * A lookup that meets an empty cell stops: an id is in the overflow only if every cell of its
 * window was taken when it was inserted, and cells are never emptied within a table. With
 * friendly ids the bound is practically never reached and the overflow stays empty and unread.
 */
final class RouteIndex {

    static final long ABSENT = -1L;

    /** Cells probed from an id's home before it goes to the overflow. */
    static final int MAX_PROBE = 32;

    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle IDS = MethodHandles.arrayElementVarHandle(String[].class);
    private static final int EMPTY = 0;
    private static final int TOMBSTONE = -1;
    private static final int MIN_CAPACITY = 16;
    private static final int PAGE_SHIFT = FastEngine.PAGE_SHIFT;
    private static final int PAGE_MASK = FastEngine.PAGE_MASK;

    private static final class Table {
        final int[] cells;
        final int mask;
        /**
         * Ids whose window was full when inserted, to their slots; null until the first one.
         * Written under the monitor; a concurrent map because lookups read it without it.
         */
        volatile ConcurrentHashMap<String, Integer> overflow;

        Table(int capacity) {
            cells = new int[capacity];
            mask = capacity - 1;
        }
    }

    private volatile Table table = new Table(MIN_CAPACITY);
    /** The id of each slot (null: free), in pages; the directory is replaced when it grows. */
    private volatile String[][] idPages = new String[0][];
    /** Mixed into every hash; random per instance so cells cannot be predicted from outside. */
    private final int seed = ThreadLocalRandom.current().nextInt();
    /** Cells holding an entry or a tombstone; guarded by this. */
    private int used;
    /** Live ids, in the table and in the overflow; guarded by this. */
    private int size;

    /** The slot of {@code id}, or {@link #ABSENT}. Lock-free. */
    long get(String id) {
        Table t = lvTable();
        int[] cells = t.cells;
        int mask = t.mask;
        int h = id.hashCode();
        int i = mix(h, seed) & mask;
        for (int probe = 0; probe < MAX_PROBE; probe++, i = (i + 1) & mask) {
            int cell = lvCell(cells, i);
            if (cell == EMPTY) {
                return ABSENT;
            }
            if (cell != TOMBSTONE) {
                String k = idOf(cell - 1);
                if (k == id || (k != null && k.hashCode() == h && k.equals(id))) {
                    return cell - 1;
                }
            }
        }
        return overflowGet(t, id);
    }

    /** Off the common path: only after {@value #MAX_PROBE} taken cells. */
    private static long overflowGet(Table t, String id) {
        ConcurrentHashMap<String, Integer> overflow = t.overflow;
        if (overflow == null) {
            return ABSENT;
        }
        Integer slot = overflow.get(id);
        return slot == null ? ABSENT : slot;
    }

    /**
     * The id of {@code slot} (null when the slot is free): the identity the engine checks a held
     * slot against. Acquire load: an id seen here was stored before the cell that names it.
     */
    String idOf(int slot) {
        String[][] dir = idPages;
        int page = slot >>> PAGE_SHIFT;
        return page < dir.length ? lvId(dir[page], slot & PAGE_MASK) : null;
    }

    /**
     * The slot of {@code id}; when absent, {@code allocator} supplies a free slot (called under
     * the monitor, once; a non-negative int) and the id is inserted.
     */
    synchronized long getOrInsert(String id, java.util.function.LongSupplier allocator) {
        long existing = get(id);
        if (existing != ABSENT) {
            return existing;
        }
        if ((used + 1) * 2 > table.cells.length) {
            resize();
        }
        int slot = (int) allocator.getAsLong();
        soId(slot, id); // before the cell names the slot
        if (insert(table, id, slot)) {
            used++;
        }
        size++;
        return slot;
    }

    /** Removes {@code id} and clears its slot's id; returns its slot or {@link #ABSENT}. */
    synchronized long remove(String id) {
        Table t = table;
        int i = mix(id.hashCode(), seed) & t.mask;
        long slot = ABSENT;
        for (int probe = 0; probe < MAX_PROBE; probe++, i = (i + 1) & t.mask) {
            int cell = t.cells[i];
            if (cell == EMPTY) {
                return ABSENT;
            }
            if (cell != TOMBSTONE && id.equals(idOf(cell - 1))) {
                soCell(t.cells, i, TOMBSTONE);
                slot = cell - 1;
                break;
            }
        }
        if (slot == ABSENT) {
            Integer s = t.overflow == null ? null : t.overflow.remove(id);
            if (s == null) {
                return ABSENT;
            }
            slot = s;
        }
        size--;
        soId((int) slot, null);
        return slot;
    }

    synchronized int size() {
        return size;
    }

    /** Live ids, unordered. */
    synchronized List<String> keys() {
        List<String> out = new ArrayList<>(size);
        Table t = table;
        for (int cell : t.cells) {
            if (cell != EMPTY && cell != TOMBSTONE) {
                out.add(idOf(cell - 1));
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

    /**
     * Bytes held by the table and the id pages (for the memory benchmark); the overflow, empty
     * with friendly ids, is not counted.
     */
    synchronized long footprintBytes(int referenceBytes, int arrayHeaderBytes) {
        long cells = (long) table.cells.length * Integer.BYTES + arrayHeaderBytes;
        long ids = (long) idPages.length * ((long) FastEngine.PAGE_ROWS * referenceBytes + arrayHeaderBytes
                + referenceBytes);
        return cells + ids + arrayHeaderBytes;
    }

    private void resize() {
        Table old = table;
        int capacity = old.cells.length;
        // Resizes happen when cells in use reach half the table. Doubling leaves live entries at a
        // quarter of the new table, so it fills to half again before the next resize; when
        // tombstones, not live entries, filled the table, it is rebuilt at the same size. Ids in
        // the overflow take no cell and do not count towards the load.
        int inTable = size - (old.overflow == null ? 0 : old.overflow.size());
        while ((long) inTable * 4 > capacity) {
            capacity <<= 1;
        }
        Table next = new Table(capacity);
        int cells = 0;
        for (int cell : old.cells) {
            if (cell != EMPTY && cell != TOMBSTONE && insert(next, idOf(cell - 1), cell - 1)) {
                cells++;
            }
        }
        if (old.overflow != null) {
            for (java.util.Map.Entry<String, Integer> e : old.overflow.entrySet()) {
                if (insert(next, e.getKey(), e.getValue())) {
                    cells++;
                }
            }
        }
        used = cells;
        svTable(next); // volatile write publishes the fully built table
    }

    /** Inserts into the window, or the overflow when the window is full; true when it took a cell. */
    private boolean insert(Table t, String id, int slot) {
        int i = mix(id.hashCode(), seed) & t.mask;
        for (int probe = 0; probe < MAX_PROBE; probe++, i = (i + 1) & t.mask) {
            if (t.cells[i] == EMPTY) {
                soCell(t.cells, i, slot + 1);
                return true;
            }
        }
        ConcurrentHashMap<String, Integer> overflow = t.overflow;
        if (overflow == null) {
            overflow = new ConcurrentHashMap<>();
            t.overflow = overflow; // volatile: a lookup that reads the map sees it constructed
        }
        overflow.put(id, slot); // the map's own publication makes the entry visible to lookups
        return false;
    }

    /** Under the monitor: the slot's id, growing the id pages' directory when the slot is new. */
    private void soId(int slot, String id) {
        String[][] dir = idPages;
        int page = slot >>> PAGE_SHIFT;
        if (page >= dir.length) {
            String[][] grown = java.util.Arrays.copyOf(dir, page + 1);
            for (int p = dir.length; p <= page; p++) {
                grown[p] = new String[FastEngine.PAGE_ROWS];
            }
            idPages = grown; // volatile: published before any cell names a slot of the new pages
            dir = grown;
        }
        IDS.setRelease(dir[page], slot & PAGE_MASK, id);
    }

    /**
     * The seeded home of a hash code: murmur3's 32-bit finalizer of {@code h ^ seed}, in which
     * every output bit depends on every input bit, so the cells of ids with different hash codes
     * depend on the seed as a whole.
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

    /** Acquire load of a cell: a slot seen here comes with the id stored before it. */
    private static int lvCell(int[] cells, int i) {
        return (int) CELLS.getAcquire(cells, i);
    }

    /** Release store of a cell, after its slot's id (insert), or a tombstone (remove). */
    private static void soCell(int[] cells, int i, int cell) {
        CELLS.setRelease(cells, i, cell);
    }

    private static String lvId(String[] page, int i) {
        return (String) IDS.getAcquire(page, i);
    }
}
