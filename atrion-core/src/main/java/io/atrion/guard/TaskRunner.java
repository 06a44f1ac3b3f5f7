package io.atrion.guard;

import io.atrion.Atrion;
import io.atrion.WorkloadProfile;
import io.atrion.lease.Lease;
import io.atrion.lease.LeaseOutcome;
import io.atrion.lease.LeaseTimeoutException;
import io.atrion.lease.TaskOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The long-call decorators of {@link RouteGuard} (SPEC §4): the work runs under a lease of the
 * route, which heartbeats and ends with the work's outcome, and whose timeout cancels it.
 */
final class TaskRunner {

    private TaskRunner() {
    }

    /**
     * Who runs the work: the hook interrupts it only while the work runs, so an interrupt never
     * reaches code the thread runs after the task (the monitor orders the hook and the end).
     */
    private static final class Runner implements Runnable {
        private Thread thread = Thread.currentThread();
        private boolean interrupted;

        @Override
        public synchronized void run() {
            if (thread != null) {
                interrupted = true;
                thread.interrupt();
            }
        }

        /** The work is over; true when the hook interrupted it (the flag is then cleared: it was ours). */
        synchronized boolean finish() {
            thread = null;
            if (interrupted) {
                Thread.interrupted();
            }
            return interrupted;
        }
    }

    static <T> T run(Atrion atrion, String routeId, GuardConfig config, WorkloadProfile profile, double voltage,
                     boolean heartbeatWhileRunning, Function<? super Lease, ? extends T> work) {
        Runner runner = new Runner();
        TaskOptions.Builder options = TaskOptions.builder().voltage(voltage).onCancel(runner)
                .heartbeatWhileRunning(heartbeatWhileRunning);
        if (profile != null) {
            options.profile(profile);
        }
        Lease lease = atrion.startTask(routeId, options.build());
        Throwable thrown = null;
        try {
            return work.apply(lease);
        } catch (Throwable t) {
            thrown = t;
            if (lease.outcome().orElse(null) == LeaseOutcome.TIMEOUT) {
                LeaseTimeoutException timeout = new LeaseTimeoutException(routeId, lease.id(),
                        "the work ended with " + t + " after its lease timed out");
                timeout.initCause(t);
                throw timeout;
            }
            throw t;
        } finally {
            runner.finish();
            // A lease that timed out already ended (release returns false); otherwise the work's outcome.
            lease.release(thrown == null ? LeaseOutcome.COMPLETED
                    : config.isError(thrown) ? LeaseOutcome.FAILED : LeaseOutcome.ABORTED);
        }
    }

    static <T> CompletableFuture<T> runAsync(Atrion atrion, String routeId, GuardConfig config,
                                             WorkloadProfile profile, double voltage,
                                             Function<? super Lease, ? extends CompletionStage<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<CompletionStage<T>> started = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicLong leaseId = new java.util.concurrent.atomic.AtomicLong();
        TaskOptions.Builder options = TaskOptions.builder().voltage(voltage).onCancel(() -> {
            // The caller's stage fails at once, whether or not the work can be cancelled.
            result.completeExceptionally(new LeaseTimeoutException(routeId, leaseId.get(), "the lease timed out"));
            CompletionStage<T> stage = started.getNow(null);
            if (stage instanceof Future) {
                ((Future<?>) stage).cancel(true);
            }
        });
        if (profile != null) {
            options.profile(profile);
        }
        Lease lease;
        try {
            lease = atrion.startTask(routeId, options.build());
            leaseId.set(lease.id());
        } catch (RuntimeException rejectedOrInvalid) {
            return CompletableFuture.failedFuture(rejectedOrInvalid);
        }
        try {
            CompletionStage<T> stage = work.apply(lease);
            if (stage == null) {
                throw new NullPointerException("the task of route " + routeId + " returned a null stage");
            }
            started.complete(stage);
            stage.whenComplete((value, failure) -> {
                boolean ended = lease.release(failure == null ? LeaseOutcome.COMPLETED
                        : config.isError(failure) ? LeaseOutcome.FAILED : LeaseOutcome.ABORTED);
                if (!ended && lease.outcome().orElse(null) == LeaseOutcome.TIMEOUT) {
                    result.completeExceptionally(new LeaseTimeoutException(routeId, lease.id(),
                            "its work ended after the lease timed out"));
                } else if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        } catch (Throwable t) {
            lease.release(config.isError(t) ? LeaseOutcome.FAILED : LeaseOutcome.ABORTED);
            result.completeExceptionally(t);
        }
        return result;
    }
}
