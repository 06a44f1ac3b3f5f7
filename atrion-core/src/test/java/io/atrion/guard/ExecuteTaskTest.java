package io.atrion.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.WorkloadProfile;
import io.atrion.lease.LeaseCounts;
import io.atrion.lease.LeaseTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RouteGuard's long-call decorators (SPEC §4): a lease per task, heartbeats, cancellation on timeout. */
class ExecuteTaskTest {

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final Atrion atrion = Atrion.builder().engine(Engine.FAST).clock(clock).build();
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() {
        pool.shutdownNow();
        atrion.close();
    }

    private LeaseCounts counts(String route) {
        return atrion.leases().counts(route).orElseThrow();
    }

    @Test
    void aTaskThatReturnsCompletesItsLease() {
        RouteGuard reports = atrion.guards().guard("reports", GuardConfig.builder().profile(WorkloadProfile.HEAVY).build());
        assertEquals(WorkloadProfile.HEAVY, atrion.profile("reports"), "the guard registered its profile");
        String report = reports.executeTask(null, 50, lease -> {
            for (int page = 1; page <= 3; page++) {
                clock.advance(4_000);
                assertTrue(lease.heartbeat(page / 3.0));
            }
            assertEquals(WorkloadProfile.HEAVY, lease.profile());
            return "done";
        });
        assertEquals("done", report);
        assertEquals(1, counts("reports").completed());
        assertEquals(0, counts("reports").active());
    }

    @Test
    void aTaskThatThrowsFailsItsLeaseAndTheThrowableComesBack() {
        RouteGuard reports = atrion.guard("reports");
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> reports.executeTask(WorkloadProfile.LIGHT, 50, lease -> {
                    throw boom;
                }));
        assertEquals(boom, thrown);
        assertEquals(1, counts("reports").failed());
        // σ·2 for LIGHT, recorded on a route still in BOOTSTRAP (its R stays 1.2·R_base).
        assertEquals(10.0, atrion.state("reports").orElseThrow().scar());
    }

    @Test
    void aHungTaskIsInterruptedWhenItsLeaseTimesOut() throws Exception {
        RouteGuard reports = atrion.guard("reports");
        CountDownLatch running = new CountDownLatch(1);
        Future<String> call = pool.submit(() -> reports.executeTask(WorkloadProfile.HEAVY, () -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(); // hangs until interrupted
                return "unreachable";
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
        }));
        assertTrue(running.await(10, TimeUnit.SECONDS));
        // The scheduler heartbeats the supplier's lease while it runs: a minute without a heartbeat
        // from the work is fine; only the 5-minute maximum ends it.
        clock.advance(60_000);
        atrion.leases().sweep();
        assertEquals(1, counts("reports").active());
        clock.advance(240_001);
        atrion.leases().sweep();
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof LeaseTimeoutException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getCause() instanceof IllegalStateException);
        assertEquals(1, counts("reports").timedOut());
        // The interrupt was the hook's, for work that is over: the pool thread is not left interrupted.
        assertFalse(pool.submit(() -> Thread.currentThread().isInterrupted()).get(10, TimeUnit.SECONDS));
    }

    @Test
    void anAsyncTaskFailsAtOnceWhenItsLeaseTimesOut() throws Exception {
        RouteGuard batch = atrion.guard("batch");
        CompletableFuture<String> never = new CompletableFuture<>();
        CompletableFuture<String> result = batch.executeTaskAsync(WorkloadProfile.EXTREME, 50, lease -> never);
        clock.advance(30_001); // three 10 s heartbeat intervals without a heartbeat
        atrion.leases().sweep();
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof LeaseTimeoutException, String.valueOf(e.getCause()));
        assertTrue(never.isCancelled(), "the work's future was cancelled");
        assertEquals(1, counts("batch").timedOut());
    }

    @Test
    void anAsyncTaskCompletesWithItsWork() throws Exception {
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> result = atrion.guard("batch").executeTaskAsync(WorkloadProfile.EXTREME, 50, lease -> {
            lease.heartbeat(0.5);
            return work;
        });
        assertFalse(result.isDone());
        clock.advance(9_000);
        work.complete("imported");
        assertEquals("imported", result.get(10, TimeUnit.SECONDS));
        assertEquals(1, counts("batch").completed());
    }
}
