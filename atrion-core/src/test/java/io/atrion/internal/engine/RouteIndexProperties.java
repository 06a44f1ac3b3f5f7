package io.atrion.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The open-addressing index behaves like a map through growth, tombstones and re-inserts. */
class RouteIndexProperties {

    /** op 0 = getOrInsert, 1 = remove, 2 = get; key from a small space so keys repeat. */
    record Op(int op, int key) {
    }

    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll("ops") List<Op> ops) {
        // A fresh String each time: lookups must use equals, not identity.
        checkAgainstHashMap(ops, n -> new String("k" + n));
    }

    /** Runs {@code ops} on an index and on a HashMap, keys named by {@code key}, and compares every answer. */
    private static void checkAgainstHashMap(List<Op> ops, java.util.function.IntFunction<String> key) {
        RouteIndex index = new RouteIndex();
        Map<String, Long> model = new HashMap<>();
        AtomicLong next = new AtomicLong();
        for (Op op : ops) {
            String id = key.apply(op.key());
            switch (op.op()) {
                case 0: {
                    long v = index.getOrInsert(id, next::incrementAndGet);
                    Long expected = model.computeIfAbsent(id, k -> v);
                    assertEquals(expected.longValue(), v);
                    break;
                }
                case 1:
                    assertEquals(model.containsKey(id) ? model.remove(id) : RouteIndex.ABSENT, index.remove(id));
                    break;
                default:
                    assertEquals(model.getOrDefault(id, RouteIndex.ABSENT), index.get(new String(id)));
            }
            assertEquals(model.size(), index.size());
        }
        List<String> keys = new ArrayList<>(index.keys());
        keys.sort(null);
        List<String> expected = new ArrayList<>(model.keySet());
        expected.sort(null);
        assertEquals(expected, keys);
    }

    /**
     * Load stays between 1/4 and 1/2 after growth, so the table costs 4 bytes a cell / load =
     * 8–16 bytes per route, and each slot's id one 4-byte reference (compressed references); the
     * id pages hold 1,024 slots each, so at n routes they hold ⌈n/1024⌉·1024 references, and array
     * headers (16 bytes) are a few per page: 12–21 bytes per route from 1,000 routes on.
     */
    @org.junit.jupiter.api.Test
    void growsByDoublingSoTheIndexCostsAtMost21BytesPerRoute() {
        RouteIndex index = new RouteIndex();
        AtomicLong next = new AtomicLong();
        int n = 0;
        for (int target : new int[] {1_000, 5_000, 100_000, 300_000}) {
            for (; n < target; n++) {
                index.getOrInsert("id-" + n, next::getAndIncrement);
            }
            double perRoute = index.footprintBytes(4, 16) / (double) n;
            org.junit.jupiter.api.Assertions.assertTrue(perRoute >= 12 && perRoute <= 21,
                    perRoute + " bytes per route at " + n + " routes");
        }
    }

    /**
     * Ids of one family all have the same {@code String.hashCode()}: "Aa" and "BB" hash alike
     * ('A'·31 + 'a' = 65·31 + 97 = 2112 = 66·31 + 66), and so does every concatenation of n such
     * blocks (the hash of a concatenation depends on the blocks' hashes and lengths only). Bit i of
     * {@code n} picks the block at position i.
     */
    static String colliding(int n, int blocks) {
        StringBuilder b = new StringBuilder(blocks * 2);
        for (int i = 0; i < blocks; i++) {
            b.append(((n >>> i) & 1) == 0 ? "Aa" : "BB");
        }
        return b.toString();
    }

    @Property(tries = 100)
    void behavesLikeAHashMapWithCollidingIds(@ForAll("ops") List<Op> ops) {
        // Odd keys from one colliding family (all one hash code), even keys ordinary.
        checkAgainstHashMap(ops, n -> (n & 1) == 1 ? colliding(n, 9) : "k" + n);
    }

    /**
     * 20,000 ids of one hash code: at most {@value RouteIndex#MAX_PROBE} of them sit in the
     * probed table (one window from their common home), the others in the overflow, so a lookup
     * compares at most that many keys before the overflow's tree bin; every id is still found,
     * and friendly ids inserted after them too.
     */
    @org.junit.jupiter.api.Test
    void collidingIdsAreBoundedToOneWindowAndStillFound() {
        RouteIndex index = new RouteIndex();
        AtomicLong next = new AtomicLong();
        int n = 20_000;
        int hash = colliding(0, 15).hashCode();
        for (int i = 0; i < n; i++) {
            String id = colliding(i, 15);
            assertEquals(hash, id.hashCode());
            assertEquals(i + 1, index.getOrInsert(id, next::incrementAndGet));
        }
        for (int i = 0; i < 1_000; i++) {
            index.getOrInsert("friendly-" + i, next::incrementAndGet);
        }
        org.junit.jupiter.api.Assertions.assertTrue(index.overflowSize() >= n - RouteIndex.MAX_PROBE,
                index.overflowSize() + " colliding ids in the overflow");
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, index.get(colliding(i, 15)));
        }
        for (int i = 0; i < 1_000; i++) {
            assertEquals(n + i + 1, index.get("friendly-" + i));
        }
        assertEquals(RouteIndex.ABSENT, index.get(colliding(n, 15)));
        for (int i = 0; i < n; i += 2) {
            assertEquals(i + 1, index.remove(colliding(i, 15)));
        }
        assertEquals(n / 2 + 1_000, index.size());
        assertEquals(RouteIndex.ABSENT, index.get(colliding(0, 15)));
        assertEquals(2, index.get(colliding(1, 15)));
    }

    /** Ordinary ids never reach the probe bound: the overflow stays empty at 300,000 routes. */
    @org.junit.jupiter.api.Test
    void friendlyIdsNeverOverflow() {
        RouteIndex index = new RouteIndex();
        AtomicLong next = new AtomicLong();
        for (int n = 0; n < 300_000; n++) {
            index.getOrInsert("/api/v1/items/" + n, next::incrementAndGet);
        }
        assertEquals(0, index.overflowSize());
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(
                Arbitraries.frequency(net.jqwik.api.Tuple.of(5, 0), net.jqwik.api.Tuple.of(2, 1), net.jqwik.api.Tuple.of(3, 2)),
                Arbitraries.integers().between(0, 300)).as(Op::new);
        return op.list().ofMaxSize(2000);
    }
}
