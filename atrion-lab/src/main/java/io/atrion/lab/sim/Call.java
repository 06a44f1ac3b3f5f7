package io.atrion.lab.sim;

import java.util.Objects;

/**
 * A call from a caller (the clients, or a service) to a service. A {@code protectedCall} goes
 * through the policy under test (its gate, named {@code route}); an unprotected one goes
 * straight through. The caller waits at most {@code timeoutMs}; a call that has not returned by
 * then fails as a timeout (the callee keeps working on it). {@code probability} is the share of
 * the caller's requests that need this call. {@code rateLimitPerSecond} is the fixed limit the
 * static rate-limiter policy applies to it, {@code maxConcurrentCalls} the bulkhead's limit.
 */
public record Call(String route, Service target, double probability, long timeoutMs, boolean protectedCall,
                   int rateLimitPerSecond, int maxConcurrentCalls) {

    public Call {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(target, "target");
        if (!(probability > 0 && probability <= 1) || timeoutMs < 1 || rateLimitPerSecond < 1 || maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("call " + route
                    + ": probability in (0, 1], timeout >= 1 ms, rate limit >= 1/s, max concurrent calls >= 1");
        }
    }

    /** 80 % of the target's healthy capacity at t = 0 (workers ÷ latency): the rate limiter's default. */
    public static int defaultRateLimit(Service target) {
        return (int) Math.max(1, Math.round(0.8 * target.capacityPerSecond(0)));
    }

    /** The target's workers at t = 0: the bulkhead's default. */
    public static int defaultMaxConcurrent(Service target) {
        return Math.max(1, target.workersAt(0));
    }
}
