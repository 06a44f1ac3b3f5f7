package io.atrion.lab.longjobs;

import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on the simulation's virtual time, for Resilience4j's
 * TimeLimiter: {@code schedule} queues the task at now + delay, and the simulation runs due tasks
 * ({@link #runDue}) as its clock passes them. Only what the TimeLimiter uses is supported.
 */
final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final PriorityQueue<Task> due = new PriorityQueue<>(VirtualScheduler::order);
    private long nowMs;
    private long sequence;

    /** The simulation's current time: {@code schedule} counts delays from it. */
    void setNow(long simMs) {
        nowMs = simMs;
    }

    /** Runs every task due at or before {@code simMs}, in time order; returns the next due time or MAX. */
    long runDue(long simMs) {
        nowMs = simMs;
        while (!due.isEmpty() && due.peek().atMs <= simMs) {
            Task t = due.poll();
            if (!t.cancelled) {
                t.done = true;
                t.command.run();
            }
        }
        return nextDueMs();
    }

    long nextDueMs() {
        while (!due.isEmpty() && due.peek().cancelled) {
            due.poll();
        }
        return due.isEmpty() ? Long.MAX_VALUE : due.peek().atMs;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task t = new Task(command, nowMs + unit.toMillis(delay), sequence++);
        due.add(t);
        return t;
    }

    private static int order(Task a, Task b) {
        return a.atMs != b.atMs ? Long.compare(a.atMs, b.atMs) : Long.compare(a.seq, b.seq);
    }

    private static final class Task implements ScheduledFuture<Object> {
        final Runnable command;
        final long atMs;
        final long seq;
        boolean cancelled;
        boolean done;

        Task(Runnable command, long atMs, long seq) {
            this.command = command;
            this.atMs = atMs;
            this.seq = seq;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int compareTo(Delayed o) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }

    // Not used by the TimeLimiter's completion-stage API.

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }
}
