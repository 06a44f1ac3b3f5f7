package io.atrion.lab.policy;

import io.atrion.lab.sim.Outcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real Resilience4j {@link CircuitBreaker} through its permit API
 * ({@code tryAcquirePermission()}, {@code onSuccess(duration)}, {@code onError(duration, e)}), on
 * simulated time via {@link SimClock}. Priorities are ignored: Resilience4j has none.
 */
final class CircuitBreakerGate implements Gate {

    /** What a failed call reports; one shared instance (no stack trace needed). */
    private static final Exception FAILURE = new TimeoutException("simulated dependency failure or timeout");

    private final SimClock clock;
    private final CircuitBreaker breaker;

    CircuitBreakerGate(String route, CircuitBreakerConfig config, SimClock clock) {
        this.clock = clock;
        this.breaker = CircuitBreaker.of(route, config);
    }

    @Override
    public Object acquire(long nowMs, double voltage) {
        clock.set(nowMs);
        return breaker.tryAcquirePermission() ? Boolean.TRUE : null;
    }

    @Override
    public void complete(long nowMs, Object token, long durationMs, Outcome outcome) {
        clock.set(nowMs);
        if (outcome == Outcome.SUCCESS) {
            breaker.onSuccess(durationMs, TimeUnit.MILLISECONDS);
        } else {
            breaker.onError(durationMs, TimeUnit.MILLISECONDS, FAILURE);
        }
    }

    @Override
    public boolean open() {
        return breaker.getState() != CircuitBreaker.State.CLOSED;
    }

    CircuitBreaker breaker() {
        return breaker;
    }
}
