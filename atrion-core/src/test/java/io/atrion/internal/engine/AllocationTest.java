package io.atrion.internal.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.RouteHandle;
import io.atrion.guard.Permit;
import io.atrion.guard.RouteGuard;
import io.atrion.observe.CollectingObserver;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The FAST engine's hot paths allocate nothing: measured with the JVM's per-thread
 * allocation counter, which counts bytes, not time, so it is not disturbed by a noisy machine.
 * A small allowance covers the counter's own bookkeeping; one allocation per call would show as
 * hundreds of kilobytes.
 */
class AllocationTest {

    private static final int CALLS = 200_000;
    private static final long ALLOWANCE_BYTES = 4_096;

    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long allocated(Runnable r) {
        long tid = Thread.currentThread().getId();
        r.run(); // warm-up: class loading, JIT
        r.run();
        long before = threads.getThreadAllocatedBytes(tid);
        r.run();
        return threads.getThreadAllocatedBytes(tid) - before;
    }

    @Test
    void handleAdmitAllocatesNothing() {
        ManualClock clock = new ManualClock(0);
        Atrion a = Atrion.builder().engine(Engine.FAST).clock(clock).build();
        RouteHandle[] handles = new RouteHandle[64];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = a.handle("route-" + i);
        }
        long bytes = allocated(() -> {
            for (int i = 0; i < CALLS; i++) {
                clock.set(i);
                handles[i & 63].admit(50 + (i % 900), (i % 13) / 20.0, (i % 7) / 7.0, i % 3 == 0 ? 5 : 100);
            }
        });
        assertTrue(bytes < ALLOWANCE_BYTES, bytes + " bytes for " + CALLS + " admits");
    }

    @Test
    void admitByIdAllocatesNothing() {
        ManualClock clock = new ManualClock(0);
        Atrion a = Atrion.builder().engine(Engine.FAST).clock(clock).build();
        String[] ids = new String[64];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "route-" + i;
        }
        long bytes = allocated(() -> {
            for (int i = 0; i < CALLS; i++) {
                clock.set(i);
                a.admit(ids[i & 63], 50 + (i % 900), (i % 13) / 20.0, (i % 7) / 7.0, 100);
            }
        });
        assertTrue(bytes < ALLOWANCE_BYTES, bytes + " bytes for " + CALLS + " admits by id");
    }

    @Test
    void decideOnTheCurrentStateAllocatesNothing() {
        ManualClock clock = new ManualClock(0);
        Atrion a = Atrion.builder().engine(Engine.FAST).clock(clock).decisionCounters(true).build();
        RouteHandle h = a.handle("decided");
        h.admit(80, 0, 0.4, 100);
        long bytes = allocated(() -> {
            for (int i = 0; i < CALLS; i++) {
                h.decide(i % 3 == 0 ? 5 : 100);
            }
        });
        assertTrue(bytes < ALLOWANCE_BYTES, bytes + " bytes for " + CALLS + " decisions");
    }

    @Test
    void batchAllocatesNothing() {
        ManualClock clock = new ManualClock(0);
        Atrion a = Atrion.builder().engine(Engine.FAST).clock(clock).build();
        int n = 1_000;
        RouteHandle[] handles = new RouteHandle[n];
        double[] lat = new double[n];
        double[] err = new double[n];
        double[] sat = new double[n];
        double[] volt = new double[n];
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            handles[i] = a.handle("r" + i);
            lat[i] = 10 + i;
            err[i] = i % 10 == 0 ? 0.3 : 0;
            sat[i] = 0.5;
            volt[i] = 50;
        }
        long bytes = allocated(() -> {
            for (int round = 0; round < CALLS / n; round++) {
                clock.advance(100);
                a.admitBatch(handles, lat, err, sat, volt, n, out);
            }
        });
        assertTrue(bytes < ALLOWANCE_BYTES, bytes + " bytes for " + CALLS + " batched updates");
    }

    @Test
    void guardDecoratorPathAllocatesNothing() {
        ManualClock clock = new ManualClock(0);
        Atrion a = Atrion.builder().engine(Engine.FAST).clock(clock).build();
        RouteGuard g = a.guard("guarded");
        Runnable call = () -> clock.advance(1);
        long bytes = allocated(() -> {
            for (int i = 0; i < CALLS; i++) {
                g.executeRunnable(100, call);
            }
        });
        assertTrue(bytes < ALLOWANCE_BYTES, bytes + " bytes for " + CALLS + " guarded calls");
    }

    @Test
    void guardPermitPathAllocatesOnePermitPerGrantAndNothingPerRejection() {
        ManualClock clock = new ManualClock(0);
        Atrion a = Atrion.builder().engine(Engine.FAST).clock(clock).build();
        RouteGuard g = a.guard("guarded");
        long granted = allocated(() -> {
            for (int i = 0; i < CALLS; i++) {
                clock.advance(1);
                Permit p = g.tryAcquirePermission(100);
                if (p.granted()) {
                    g.onSuccess(p, 20 + (i % 50));
                }
            }
        });
        // The permit is the caller's token for exactly-once ending: one small object (header,
        // owner, token, state: 24–32 bytes depending on the field layout).
        assertTrue(granted <= 32L * CALLS + ALLOWANCE_BYTES, granted + " bytes for " + CALLS + " permits");
        long rejected = allocated(() -> {
            for (int i = 0; i < CALLS; i++) {
                clock.advance(1);
                g.tryAcquirePermission(5); // 5 V never beats R ≥ R_base = 10
            }
        });
        assertTrue(rejected < ALLOWANCE_BYTES, rejected + " bytes for " + CALLS + " rejections");
    }

    @Test
    void publishingEventsAllocatesNothingOnTheCallersThread() {
        ManualClock clock = new ManualClock(0);
        try (Atrion a = Atrion.builder().engine(Engine.FAST).clock(clock).decisionCounters(true)
                .observer(new CollectingObserver(0)).build()) {
            RouteHandle h = a.handle("observed");
            long bytes = allocated(() -> {
                for (int i = 0; i < CALLS; i++) {
                    clock.advance(1);
                    h.admit(80, 0, 0.4, 100);
                }
            });
            assertTrue(bytes < ALLOWANCE_BYTES, bytes + " bytes for " + CALLS + " observed admits");
        }
    }
}
