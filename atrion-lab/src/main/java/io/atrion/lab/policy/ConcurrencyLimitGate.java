package io.atrion.lab.policy;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.atrion.lab.sim.Outcome;
import java.util.Optional;

/**
 * Netflix concurrency-limits 0.5.3, the real library: a {@link SimpleLimiter} with a
 * {@link Gradient2Limit} at its defaults. The limiter times each call with the clock it is given
 * ({@code AbstractLimiter.Builder.nanoClock}); it is given simulated time in nanoseconds, so the
 * round-trip times it learns from are simulated ones. Its only other clock is the builder's
 * default ({@code System::nanoTime}), which this replaces; Gradient2Limit itself reads no clock and
 * draws no random numbers (VegasLimit would: it jitters its probes with ThreadLocalRandom, which
 * is why Gradient2 is the one used), so the runs are deterministic.
 *
 * <p>Outcomes as the library's own integrations report them: success → {@code onSuccess()} (an
 * RTT sample), timeout → {@code onDropped()} (a sample with the drop flag), error →
 * {@code onIgnore()} (no sample: an error says nothing about queueing). The token is the
 * library's listener.
 */
final class ConcurrencyLimitGate implements Gate {

    private final SimpleLimiter<Void> limiter;
    private final Gradient2Limit limit = Gradient2Limit.newBuilder().build();
    private long nowNanos;

    ConcurrencyLimitGate(String route) {
        this.limiter = SimpleLimiter.newBuilder()
                .named(route)
                .limit(limit)
                .nanoClock(() -> nowNanos)
                .build();
    }

    @Override
    public Object acquire(long nowMs, double voltage) {
        nowNanos = nowMs * 1_000_000L;
        Optional<Limiter.Listener> l = limiter.acquire(null);
        return l.orElse(null);
    }

    @Override
    public void complete(long nowMs, Object token, long durationMs, Outcome outcome) {
        nowNanos = nowMs * 1_000_000L;
        Limiter.Listener l = (Limiter.Listener) token;
        switch (outcome) {
            case SUCCESS:
                l.onSuccess();
                break;
            case TIMEOUT:
                l.onDropped();
                break;
            default:
                l.onIgnore();
                break;
        }
    }

    @Override
    public boolean open() {
        return false;
    }

    int limit() {
        return limiter.getLimit();
    }

    /** The round-trip time of the last sample the limit learned from, ms. */
    long lastRttMs() {
        return limit.getLastRtt(java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    int inFlight() {
        return limiter.getInflight();
    }
}
