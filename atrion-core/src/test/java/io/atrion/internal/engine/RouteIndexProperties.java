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
        RouteIndex index = new RouteIndex();
        Map<String, Long> model = new HashMap<>();
        AtomicLong next = new AtomicLong();
        for (Op op : ops) {
            // A fresh String each time: lookups must use equals, not identity.
            String key = new String("k" + op.key());
            switch (op.op()) {
                case 0: {
                    long v = index.getOrInsert(key, next::incrementAndGet);
                    Long expected = model.computeIfAbsent(key, k -> v);
                    assertEquals(expected.longValue(), v);
                    break;
                }
                case 1:
                    assertEquals(model.containsKey(key) ? model.remove(key) : RouteIndex.ABSENT, index.remove(key));
                    break;
                default:
                    assertEquals(model.getOrDefault(key, RouteIndex.ABSENT), index.get(key));
            }
            assertEquals(model.size(), index.size());
        }
        List<String> keys = new ArrayList<>(index.keys());
        keys.sort(null);
        List<String> expected = new ArrayList<>(model.keySet());
        expected.sort(null);
        assertEquals(expected, keys);
    }

    /** Load stays between 1/4 and 1/2 after growth: 24–48 bytes per route (4-byte references). */
    @org.junit.jupiter.api.Test
    void growsByDoublingSoTheIndexCostsAtMost48BytesPerRoute() {
        RouteIndex index = new RouteIndex();
        AtomicLong next = new AtomicLong();
        int n = 0;
        for (int target : new int[] {1_000, 5_000, 100_000, 300_000}) {
            for (; n < target; n++) {
                index.getOrInsert("id-" + n, next::incrementAndGet);
            }
            double perRoute = index.footprintBytes(4) / (double) n;
            org.junit.jupiter.api.Assertions.assertTrue(perRoute >= 24 && perRoute <= 48,
                    perRoute + " bytes per route at " + n + " routes");
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(
                Arbitraries.frequency(net.jqwik.api.Tuple.of(5, 0), net.jqwik.api.Tuple.of(2, 1), net.jqwik.api.Tuple.of(3, 2)),
                Arbitraries.integers().between(0, 300)).as(Op::new);
        return op.list().ofMaxSize(2000);
    }
}
