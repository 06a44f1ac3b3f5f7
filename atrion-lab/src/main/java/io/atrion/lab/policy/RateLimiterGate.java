package io.atrion.lab.policy;

import io.atrion.lab.sim.Outcome;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;

/**
 * A static rate limiter: the real Resilience4j {@link AtomicRateLimiter}, whose constructor takes
 * the nano-time source, fed with simulated time. {@code limitPerSecond} permits are refreshed in
 * ten slices of 100 ms; a call that finds no permit is shed at once (timeout 0: nothing waits).
 */
final class RateLimiterGate implements Gate {

    static final Duration REFRESH_PERIOD = Duration.ofMillis(100);

    private final AtomicRateLimiter limiter;
    private long nowNanos;

    RateLimiterGate(String route, int limitPerSecond) {
        this.limiter = new AtomicRateLimiter(route, config(limitPerSecond), () -> nowNanos);
    }

    static RateLimiterConfig config(int limitPerSecond) {
        return RateLimiterConfig.custom()
                .limitRefreshPeriod(REFRESH_PERIOD)
                .limitForPeriod(Math.max(1, limitPerSecond / 10))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    @Override
    public Object acquire(long nowMs, double voltage) {
        nowNanos = nowMs * 1_000_000L;
        return limiter.acquirePermission(1) ? Boolean.TRUE : null;
    }

    @Override
    public void complete(long nowMs, Object token, long durationMs, Outcome outcome) {
        // A rate limiter does not learn from outcomes.
    }

    @Override
    public boolean open() {
        return false;
    }
}
