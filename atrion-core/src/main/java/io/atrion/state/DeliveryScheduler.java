package io.atrion.state;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When an {@link InMemoryStateStore} delivers a published vector to a subscribed node: the hook
 * for a simulated propagation delay. The store calls {@link #schedule} once per (vector,
 * subscriber); the scheduler runs the delivery now, later, or on a simulated clock.
 *
 * <p>A simulation on virtual time implements it with its own event queue, e.g.
 * {@code delivery -> simulation.at(simulation.now() + 50, delivery)}, which keeps every run
 * deterministic (together with {@code StateSyncConfig.publisherThread(false)} and
 * {@code Atrion.flushState()} at each virtual tick).
 */
@FunctionalInterface
public interface DeliveryScheduler {

    /** Arranges for {@code delivery} to run once; must not run it twice, should not throw. */
    void schedule(Runnable delivery);

    /** Delivers on the publishing thread, before {@code update} returns. The default. */
    static DeliveryScheduler immediate() {
        return Runnable::run;
    }

    /**
     * Delivers after a wall-clock delay on a daemon thread of its own (one per scheduler, in
     * order). Close the store to stop it.
     */
    static Delayed delayed(Duration delay) {
        return new Delayed(delay);
    }

    /** A wall-clock delay on a single daemon thread; {@link #close()} stops it. */
    final class Delayed implements DeliveryScheduler, AutoCloseable {
        private final long delayNanos;
        private final ScheduledExecutorService executor;

        private Delayed(Duration delay) {
            Objects.requireNonNull(delay, "delay must not be null");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("DeliveryScheduler.delay must be >= 0, got " + delay);
            }
            this.delayNanos = delay.toNanos();
            this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "atrion-state-delivery");
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void schedule(Runnable delivery) {
            try {
                executor.schedule(delivery, delayNanos, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closed: the vector is not delivered, as if the network dropped it
            }
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
