package io.atrion.lab.sim;

import java.util.Objects;

/**
 * A simulated service: {@code workers} requests are served at once (a thread pool, a script over
 * time: the capacity); the others wait in a FIFO queue of at most {@code queueLimit} (beyond it a
 * request fails at once, like an HTTP 503). Serving one request takes the script's latency at the
 * moment service starts, times a log-normal jitter (σ = {@value #JITTER_SIGMA}, mean 1), and
 * fails with the script's error rate. A request may then call a downstream service
 * ({@link #downstream()}); its worker stays busy until that call returns or times out — a slow
 * dependency ties up its callers' workers, which is how failures cascade.
 *
 * <p>A queued request whose caller already gave up is still served (no deadline propagation):
 * overload turns into wasted work, as it does in most real services. When the workers script
 * drops below the busy count, running requests finish and no new one starts until a worker is
 * free.
 */
public record Service(String name, Timeline workers, int queueLimit, Timeline latencyMs, Timeline errorRate,
                      Call downstream) {

    /** Spread of the log-normal service-time jitter. */
    public static final double JITTER_SIGMA = 0.25;

    public Service {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(latencyMs, "latencyMs");
        Objects.requireNonNull(errorRate, "errorRate");
        if (workers.min() < 0 || queueLimit < 0) {
            throw new IllegalArgumentException("service " + name + ": workers >= 0 and queueLimit >= 0");
        }
        if (latencyMs.min() < 0) {
            throw new IllegalArgumentException("service " + name + ": latencyMs must be >= 0");
        }
        if (errorRate.min() < 0 || errorRate.max() > 1) {
            throw new IllegalArgumentException("service " + name + ": errorRate must be in [0, 1]");
        }
    }

    /** A service with a fixed number of workers. */
    public Service(String name, int workers, int queueLimit, Timeline latencyMs, Timeline errorRate, Call downstream) {
        this(name, Timeline.constant(workers), queueLimit, latencyMs, errorRate, downstream);
    }

    /** A leaf service (calls nothing) with a fixed number of workers. */
    public static Service leaf(String name, int workers, int queueLimit, Timeline latencyMs, Timeline errorRate) {
        return new Service(name, workers, queueLimit, latencyMs, errorRate, null);
    }

    /** Workers at time {@code tMs} (the script rounded down). */
    public int workersAt(long tMs) {
        return (int) Math.floor(workers.at(tMs));
    }

    /** Requests per second this service completes at time {@code tMs} (workers ÷ latency). */
    public double capacityPerSecond(long tMs) {
        return workersAt(tMs) * 1000.0 / Math.max(1e-9, latencyMs.at(tMs));
    }
}
