package io.atrion.bench;

/** The telemetry a benchmark feeds its routes. */
public enum Load {
    /** Every route healthy: latency 70–90 ms, errors 0–0.5 %, saturation 0.30–0.45 (below the SLO), jittered. */
    HEALTHY,
    /**
     * Every tenth route (route 0, 10, 20, …) stressed — latency 3–9× the baseline, 10–50 %
     * errors, 80–100 % saturation — so it scars and opens its breaker; the rest healthy. With a
     * single route, that route is the stressed one.
     */
    MIXED;

    /** True when route {@code r} is stressed under this load. */
    public boolean stressed(int r) {
        return this == MIXED && r % 10 == 0;
    }
}
