package io.atrion.lease;

import static io.atrion.lease.LeaseTesting.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.WorkloadProfile;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SPEC §4 timeouts on a virtual clock: by maximum duration, by missed heartbeats; the hook's thread; events. */
class LeaseTimeoutTest {

    private final ManualClock clock = new ManualClock(T0);
    private final List<LeaseEvent> events = new CopyOnWriteArrayList<>();
    private final List<Thread> listenerThreads = new CopyOnWriteArrayList<>();
    private final Atrion atrion = Atrion.builder().engine(Engine.FAST).clock(clock).leaseListener(e -> {
        events.add(e);
        listenerThreads.add(Thread.currentThread());
    }).build();

    @AfterEach
    void close() {
        atrion.close();
    }

    /** Events are delivered on the scheduler after a sweep; one more sweep flushes those it queued. */
    private void settle() {
        atrion.leases().sweep();
        atrion.leases().sweep();
    }

    @Test
    void heavyLeaseTimesOutOneMillisecondPastFiveMinutes() {
        LeaseTesting.CountingHook hook = new LeaseTesting.CountingHook();
        Lease lease = atrion.startTask("reports", TaskOptions.builder().profile(WorkloadProfile.HEAVY).onCancel(hook).build());
        assertEquals(300_000, lease.remainingMillis());
        // Heartbeat every 5 s for exactly 300 s: never silent for more than an interval.
        for (int i = 0; i < 60; i++) {
            clock.advance(5_000);
            assertTrue(lease.heartbeat(i / 60.0));
        }
        atrion.leases().sweep();
        assertTrue(lease.isActive(), "age 300,000 ms is not past the maximum of 300,000 ms");
        assertEquals(0, lease.remainingMillis());
        clock.advance(1);
        atrion.leases().sweep();
        assertFalse(lease.isActive());
        assertEquals(LeaseOutcome.TIMEOUT, lease.outcome().orElseThrow());
        assertEquals(1, hook.calls.get());
        assertTrue(hook.thread.getName().startsWith("atrion-leases-"), hook.thread.getName());
        assertNotSame(Thread.currentThread(), hook.thread);
        assertFalse(lease.heartbeat(1.0), "a worker learns its lease is gone");
        assertFalse(lease.release(LeaseOutcome.COMPLETED));
        atrion.leases().sweep();
        assertEquals(1, hook.calls.get(), "called exactly once");
        LeaseCounts c = atrion.leases().counts("reports").orElseThrow();
        assertEquals(1, c.timedOut());
        assertEquals(0, c.active());
        assertEquals(59.0 / 60.0, lease.progress());
    }

    @Test
    void missedHeartbeatsAreReportedThenTimeOutAfterThreeIntervals() {
        LeaseTesting.CountingHook hook = new LeaseTesting.CountingHook();
        Lease lease = atrion.startTask("reports", TaskOptions.builder().profile(WorkloadProfile.HEAVY).onCancel(hook).build());
        clock.advance(5_000); // exactly one interval: not missed yet
        atrion.leases().sweep();
        assertEquals(0, atrion.leases().counts("reports").orElseThrow().heartbeatMisses());
        clock.advance(1);     // 5,001 ms silent: one interval missed
        atrion.leases().sweep();
        assertEquals(1, atrion.leases().counts("reports").orElseThrow().heartbeatMisses());
        clock.advance(5_000); // 10,001: two
        atrion.leases().sweep();
        assertEquals(2, atrion.leases().counts("reports").orElseThrow().heartbeatMisses());
        clock.advance(4_999); // 15,000: three intervals exactly, not older than three
        atrion.leases().sweep();
        assertTrue(lease.isActive());
        clock.advance(1);     // 15,001
        atrion.leases().sweep();
        assertEquals(LeaseOutcome.TIMEOUT, lease.outcome().orElseThrow());
        assertEquals(1, hook.calls.get());
        settle();
        List<LeaseEvent.Kind> kinds = events.stream().map(LeaseEvent::kind).toList();
        assertEquals(List.of(LeaseEvent.Kind.STARTED, LeaseEvent.Kind.HEARTBEAT_MISSED,
                LeaseEvent.Kind.HEARTBEAT_MISSED, LeaseEvent.Kind.TIMED_OUT), kinds);
        assertEquals(1, events.get(1).missedHeartbeats());
        assertEquals(2, events.get(2).missedHeartbeats());
        assertEquals(15_001, events.get(3).ageMillis());
        for (Thread t : listenerThreads) {
            assertTrue(t.getName().startsWith("atrion-leases-"), t.getName());
        }
    }

    @Test
    void aHeartbeatResetsTheSilence() {
        Lease lease = atrion.startTask("reports", TaskOptions.builder().profile(WorkloadProfile.HEAVY).onCancel(() -> { })
                .build());
        clock.advance(14_000);
        assertTrue(lease.heartbeat(0.5));
        clock.advance(14_000);
        atrion.leases().sweep();
        assertTrue(lease.isActive(), "14 s since the last heartbeat < 15 s");
        assertEquals(28_000, atrion.leases().oldestAgeMillis("reports"));
        assertEquals(1, atrion.leases().active("reports"));
        lease.release(LeaseOutcome.COMPLETED);
        assertEquals(0, atrion.leases().active("reports"));
        assertEquals(0, atrion.leases().oldestAgeMillis("reports"));
        assertEquals(14_000, lease.paceMillis(lease.endedMillis()));
    }

    @Test
    void futureHooksAreCancelledOrCompletedExceptionally() throws Exception {
        FutureTask<String> task = new FutureTask<>(() -> "never run");
        CompletableFuture<String> job = new CompletableFuture<>();
        Lease a = atrion.startTask("a", TaskOptions.builder().profile(WorkloadProfile.EXTREME).cancel(task).build());
        Lease b = atrion.startTask("b", TaskOptions.builder().profile(WorkloadProfile.EXTREME).cancel(job).build());
        clock.advance(30_001); // three 10 s intervals and a millisecond
        atrion.leases().sweep();
        assertTrue(task.isCancelled());
        assertTrue(job.isCompletedExceptionally());
        Throwable cause = job.handle((v, t) -> t).get(1, TimeUnit.SECONDS);
        assertTrue(cause instanceof LeaseTimeoutException, String.valueOf(cause));
        assertEquals(b.id(), ((LeaseTimeoutException) cause).leaseId());
        assertEquals(LeaseOutcome.TIMEOUT, a.outcome().orElseThrow());
    }

    @Test
    void standardLeasesHaveNoHeartbeatButAMaximumDuration() {
        Lease lease = atrion.startTask("api");
        assertEquals(WorkloadProfile.STANDARD, lease.profile());
        clock.advance(30_000);
        atrion.leases().sweep();
        assertTrue(lease.isActive(), "no heartbeat needed; 30 s is not past 30 s");
        clock.advance(1);
        atrion.leases().sweep();
        assertEquals(LeaseOutcome.TIMEOUT, lease.outcome().orElseThrow());
    }

    @Test
    void closingWithoutAnOutcomeAborts() {
        try (Lease lease = atrion.startTask("api")) {
            clock.advance(50);
            assertTrue(lease.isActive());
        }
        assertEquals(1, atrion.leases().counts("api").orElseThrow().aborted());
    }
}
