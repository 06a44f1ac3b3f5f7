package io.atrion.lab.policy;

import io.atrion.lab.sim.Outcome;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.time.Duration;

/**
 * The real Resilience4j {@link Bulkhead} (the semaphore bulkhead) through its permit API:
 * {@code tryAcquirePermission()} at call start, {@code onComplete()} when the caller has the
 * outcome. {@code maxWaitDuration} is 0, so a call that finds every permit taken is shed at once
 * and nothing waits: the bulkhead reads no clock, and the simulation stays deterministic.
 */
final class BulkheadGate implements Gate {

    private final Bulkhead bulkhead;

    BulkheadGate(String route, int maxConcurrentCalls) {
        this.bulkhead = Bulkhead.of(route, config(maxConcurrentCalls));
    }

    static BulkheadConfig config(int maxConcurrentCalls) {
        return BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrentCalls)
                .maxWaitDuration(Duration.ZERO)
                .build();
    }

    @Override
    public Object acquire(long nowMs, double voltage) {
        return bulkhead.tryAcquirePermission() ? Boolean.TRUE : null;
    }

    @Override
    public void complete(long nowMs, Object token, long durationMs, Outcome outcome) {
        bulkhead.onComplete();
    }

    @Override
    public boolean open() {
        return false;
    }

    int availableConcurrentCalls() {
        return bulkhead.getMetrics().getAvailableConcurrentCalls();
    }
}
