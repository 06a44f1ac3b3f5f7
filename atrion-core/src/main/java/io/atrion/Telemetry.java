package io.atrion;

/**
 * One observation of a route's stress (SPEC.md §2.2): latency, error rate and saturation.
 *
 * <p>Values are taken as given: a missing error rate or saturation is 0 ({@link #of(double)}),
 * a NaN or infinite component counts as 0 when the physics normalizes it, and negative values
 * normalize below the baseline. Nothing here throws for bad numbers, so telemetry read from a
 * broken meter cannot crash the caller (SPEC §2.9).
 *
 * @param latencyMs  observed latency in milliseconds
 * @param errorRate  fraction of failed calls, usually in [0, 1]
 * @param saturation utilisation of the route's capacity, usually in [0, 1]
 */
public record Telemetry(double latencyMs, double errorRate, double saturation) {

    /** Latency only; error rate and saturation count as 0. */
    public static Telemetry of(double latencyMs) {
        return new Telemetry(latencyMs, 0.0, 0.0);
    }

    /** All three components. */
    public static Telemetry of(double latencyMs, double errorRate, double saturation) {
        return new Telemetry(latencyMs, errorRate, saturation);
    }
}
