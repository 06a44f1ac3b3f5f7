package io.atrion.lease;

import static io.atrion.lease.LeaseTesting.T0;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.WorkloadProfile;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat path allocates nothing: measured with the JVM's per-thread allocation counter
 * (bytes, not time), like the engine's AllocationTest. One allocation per heartbeat would show as
 * megabytes.
 */
class LeaseAllocationTest {

    private static final int BEATS = 200_000;
    private static final long ALLOWANCE_BYTES = 4_096;

    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void heartbeatAllocatesNothing() {
        ManualClock clock = new ManualClock(T0);
        Atrion atrion = Atrion.builder().engine(Engine.FAST).clock(clock).build();
        Lease lease = atrion.startTask("batch", TaskOptions.builder().profile(WorkloadProfile.EXTREME)
                .onCancel(() -> { }).build());
        Runnable beats = () -> {
            for (int i = 0; i < BEATS; i++) {
                clock.set(T0 + (i & 1023)); // stays within the first interval: no timeout while measuring
                lease.heartbeat(i / (double) BEATS);
                lease.heartbeat();
            }
        };
        long tid = Thread.currentThread().getId();
        beats.run(); // warm-up: class loading, JIT
        beats.run();
        long before = threads.getThreadAllocatedBytes(tid);
        beats.run();
        long bytes = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(bytes < ALLOWANCE_BYTES, bytes + " bytes for " + 2 * BEATS + " heartbeats");
        assertTrue(lease.isActive());
        lease.release(LeaseOutcome.COMPLETED);
        atrion.close();
    }
}
