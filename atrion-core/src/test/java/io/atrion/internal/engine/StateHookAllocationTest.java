package io.atrion.internal.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.RouteHandle;
import io.atrion.state.InMemoryStateStore;
import io.atrion.state.StateStats;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * With a state provider attached, the FAST engine's hot paths still allocate nothing on the
 * caller's thread (SPEC §5: the provider is written asynchronously): queueing a route is a mark in
 * a primitive page and a slot in a primitive ring; the publisher thread builds the vectors.
 * Measured with the per-thread allocation counter (bytes, not time).
 */
class StateHookAllocationTest {

    private static final int CALLS = 200_000;
    private static final long ALLOWANCE_BYTES = 4_096;

    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long allocated(Runnable r) {
        long tid = Thread.currentThread().getId();
        r.run();
        r.run();
        long before = threads.getThreadAllocatedBytes(tid);
        r.run();
        return threads.getThreadAllocatedBytes(tid) - before;
    }

    @Test
    void handleAdmitWithAProviderAllocatesNothing() {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        InMemoryStateStore store = InMemoryStateStore.create();
        try (Atrion a = Atrion.builder().engine(Engine.FAST).clock(clock).stateProvider(store.provider("n")).build()) {
            RouteHandle[] handles = new RouteHandle[64];
            for (int i = 0; i < handles.length; i++) {
                handles[i] = a.handle("route-" + i);
            }
            long bytes = allocated(() -> {
                for (int i = 0; i < CALLS; i++) {
                    clock.advance(1);
                    handles[i & 63].admit(50 + (i % 900), (i % 13) / 20.0, (i % 7) / 7.0, 100);
                }
            });
            assertTrue(bytes < ALLOWANCE_BYTES, bytes + " bytes for " + CALLS + " admits with a provider");
            StateStats st = a.stateStats().orElseThrow();
            assertTrue(st.published() + st.coalesced() + st.dropped() > 0, st.toString()); // the hook ran
        }
    }

    @Test
    void admitByIdWithAProviderAllocatesNothing() {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        InMemoryStateStore store = InMemoryStateStore.create();
        try (Atrion a = Atrion.builder().engine(Engine.FAST).clock(clock).stateProvider(store.provider("n")).build()) {
            String[] ids = new String[64];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "route-" + i;
            }
            long bytes = allocated(() -> {
                for (int i = 0; i < CALLS; i++) {
                    clock.advance(1);
                    a.admit(ids[i & 63], 50 + (i % 900), (i % 13) / 20.0, (i % 7) / 7.0, 100);
                }
            });
            assertTrue(bytes < ALLOWANCE_BYTES, bytes + " bytes for " + CALLS + " admits by id with a provider");
        }
    }
}
