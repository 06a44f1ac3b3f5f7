package io.atrion.lab.sim;

import java.util.Objects;

/**
 * A simulated service: {@code workers} requests are served at once (a thread pool); the others
 * wait in a FIFO queue of at most {@code queueLimit} (beyond it a request fails at once, like an
 * HTTP 503). Serving one request takes the script's latency at the moment service starts, times
 * a log-normal jitter (σ = {@value #JITTER_SIGMA}, mean 1), and fails with the script's error
 * rate. A request may then call a downstream service ({@link #downstream()}); its worker stays
 * busy until that call returns or times out — a slow dependency ties up its callers' workers,
 * which is how failures cascade.
 *
 * <p>A queued request whose caller already gave up is still served (no deadline propagation):
 * overload turns into wasted work, as it does in most real services.
 */
public record Service(String name, int workers, int queueLimit, Timeline latencyMs, Timeline errorRate,
                      Call downstream) {

    /** Spread of the log-normal service-time jitter. */
    public static final double JITTER_SIGMA = 0.25;

    public Service {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(latencyMs, "latencyMs");
        Objects.requireNonNull(errorRate, "errorRate");
        if (workers < 1 || queueLimit < 0) {
            throw new IllegalArgumentException("service " + name + ": workers >= 1 and queueLimit >= 0");
        }
    }

    /** A leaf service (calls nothing). */
    public static Service leaf(String name, int workers, int queueLimit, Timeline latencyMs, Timeline errorRate) {
        return new Service(name, workers, queueLimit, latencyMs, errorRate, null);
    }

    /** Requests per second this service completes when healthy at time {@code tMs} (workers ÷ latency). */
    public double capacityPerSecond(long tMs) {
        return workers * 1000.0 / latencyMs.at(tMs);
    }
}
