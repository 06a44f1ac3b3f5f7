package io.atrion.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code Atrion.remove(id)} removes the route's guard with the route; memory returns. */
class GuardRemovalTest {

    private final ManualClock clock = new ManualClock(1_000);

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void removingARouteRemovesItsGuardAndOldReferencesForwardToTheNextGuard(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).build();
        GuardConfig small = GuardConfig.builder().maxConcurrentCalls(3).build();
        a.guards().configure("t", small);
        RouteGuard old = a.guard("t");
        for (int i = 0; i < 5; i++) {
            clock.advance(100);
            old.tryCall(50, () -> {
                throw new IllegalStateException("failing");
            });
        }
        assertTrue(a.remove("t"));
        assertTrue(a.guards().find("t").isEmpty(), "the registry forgot the guard");
        assertTrue(a.routes().isEmpty());
        assertTrue(a.guards().guards().isEmpty());

        // A reference kept from before does not bring the stale averages back.
        clock.advance(100);
        assertEquals(2, (int) old.executeSupplier(50, () -> 2));
        RouteGuard fresh = a.guards().find("t").orElseThrow();
        assertNotSame(old, fresh);
        assertSame(small, fresh.config(), "created again with the route's configured settings");
        assertEquals(1, fresh.completedCalls());
        assertEquals(0.0, fresh.averageErrorRate(), "the new guard starts clean");
        assertEquals(5, old.completedCalls(), "the old guard took no new call");
        assertEquals(1, a.state("t").orElseThrow().tickCount(), "a new route");
        assertTrue(old.toString().contains("retired"), old.toString());
    }

    /** The reproduction of the leak: 100,000 guarded routes created and removed. */
    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void memoryReturnsOverManyCycles(Engine engine) throws Exception {
        Atrion a = Atrion.builder().engine(engine).clock(clock).build();
        cycles(a, 0, 20_000); // warm-up: classes, JIT, the engine's first pages
        long before = usedHeapAfterGc();
        cycles(a, 20_000, 100_000);
        long after = usedHeapAfterGc();
        // A guard with its route id, handle and parts is about 400 bytes: leaking 100,000 of
        // them would hold ≈ 40 MB (the issue measured +28–41 MB). What remains is noise.
        long grownBytes = after - before;
        assertTrue(grownBytes < 8L << 20, "heap grew by " + (grownBytes >> 10) + " KiB over 100,000 cycles");
        assertTrue(a.guards().guards().isEmpty());
        assertTrue(a.routes().isEmpty());
    }

    private void cycles(Atrion a, int from, int count) {
        for (int i = from; i < from + count; i++) {
            String id = "t" + i;
            clock.advance(1);
            a.guard(id).executeSupplier(50, () -> 1);
            a.remove(id);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) { // a few collections: take the lowest reading
            System.gc();
            Thread.sleep(20);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
