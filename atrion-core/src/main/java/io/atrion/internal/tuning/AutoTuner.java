package io.atrion.internal.tuning;

/**
 * The per-route AutoTuner of SPEC.md §2.7: an exponential moving average of the route's
 * resistance and of its variance, from which the route's own break and recovery points follow.
 *
 * <p>The static methods are the formulas, shared by both engines; an instance is the mutable
 * state the reference engine keeps for one route (the fast engine keeps the same three numbers
 * in its columns). Not thread-safe: the owning route's lock guards it.
 *
 * <p>Internal: not part of the public API.
 */
public final class AutoTuner {

    private final double alpha;
    private final double sensitivity;
    private final double minFloor;
    private final double hardCeiling;
    private final int warmupTicks;
    private final double recoveryMultiplier;

    private double mean;
    private double variance;
    private long samples;

    /** A tuner with no samples yet. */
    public AutoTuner(double alpha, double sensitivity, double minFloor, double hardCeiling,
                     int warmupTicks, double recoveryMultiplier) {
        this.alpha = alpha;
        this.sensitivity = sensitivity;
        this.minFloor = minFloor;
        this.hardCeiling = hardCeiling;
        this.warmupTicks = warmupTicks;
        this.recoveryMultiplier = recoveryMultiplier;
    }

    /** Feeds one resistance sample: the first sets mean = x, var = 0; later ones update the EMA. */
    public void observe(double x) {
        if (samples == 0) {
            mean = x;
            variance = 0.0;
        } else {
            // Both use δ from the old mean, so the variance is computed first.
            variance = nextVariance(variance, mean, alpha, x);
            mean = nextMean(mean, alpha, x);
        }
        samples++;
    }

    /** The break point: {@code staticBreakPoint} during warm-up, then the tuned, clamped one. */
    public double breakPoint(double staticBreakPoint) {
        return breakPoint(samples, mean, variance, staticBreakPoint, warmupTicks, sensitivity, minFloor, hardCeiling);
    }

    /** The recovery point for the given break point. */
    public double recoveryPoint(double breakPoint) {
        return recoveryPoint(breakPoint, minFloor, recoveryMultiplier);
    }

    /** EMA mean. */
    public double mean() {
        return mean;
    }

    /** EMA variance. */
    public double variance() {
        return variance;
    }

    /** Samples fed so far. */
    public long samples() {
        return samples;
    }

    // ---- formulas (SPEC §2.1a, §2.7) ----

    /** {@code mean + α*δ} with {@code δ = x - mean}. */
    public static double nextMean(double mean, double alpha, double x) {
        double delta = x - mean;
        return mean + alpha * delta;
    }

    /** {@code (1 - α) * (var + (α*δ)*δ)} with {@code δ = x - mean} (the mean before this sample). */
    public static double nextVariance(double variance, double mean, double alpha, double x) {
        double delta = x - mean;
        return (1 - alpha) * (variance + (alpha * delta) * delta);
    }

    /**
     * R_base·γ while fewer than {@code warmupTicks} samples, then
     * {@code clamp(mean + k_σ * sqrt(max(0, var)), minFloor, hardCeiling)}.
     */
    public static double breakPoint(long samples, double mean, double variance, double staticBreakPoint,
                                    int warmupTicks, double sensitivity, double minFloor, double hardCeiling) {
        if (samples < warmupTicks) {
            return staticBreakPoint;
        }
        double tuned = mean + sensitivity * Math.sqrt(Math.max(0.0, variance));
        return Math.min(Math.max(tuned, minFloor), hardCeiling);
    }

    /** {@code max(0.5·minFloor, breakPoint·recoveryMultiplier)}. */
    public static double recoveryPoint(double breakPoint, double minFloor, double recoveryMultiplier) {
        return Math.max(0.5 * minFloor, breakPoint * recoveryMultiplier);
    }
}
