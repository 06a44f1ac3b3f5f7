package io.atrion.testing;

import io.atrion.Telemetry;

/**
 * The formulas of SPEC.md §2, written independently of the main code straight from the
 * evaluation-order table of §2.1a, as a test oracle. Nothing here calls {@code io.atrion.internal.physics}.
 */
public final class SpecMath {

    /** §2.1a: sums of squares below this count as 0 in ‖v‖ (not in ‖P⁺‖). */
    public static final double NOISE_FLOOR = 1e-9;

    /** §2.9: upper clamp of R. */
    public static final double MAX_R = 1e6;

    private SpecMath() {
    }

    /** §2.1a weight: {@code StrictMath.log(1 + c)}. */
    public static double weight(double c) {
        return StrictMath.log(1 + c);
    }

    /** §2.2: a non-finite raw value counts as 0 before normalization. */
    public static double raw(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? 0.0 : x;
    }

    /** §2.1a pressure component: {@code StrictMath.tanh(((x - b) / b) * k)} of the guarded value. */
    public static double pressure(double x, double b, double k) {
        double v = raw(x);
        return StrictMath.tanh(((v - b) / b) * k);
    }

    /** §2.1a: {@code (vx*vx + vy*vy) + vz*vz}. */
    public static double sumSq(double x, double y, double z) {
        return (x * x + y * y) + z * z;
    }

    /** §2.1a: Euclidean norm with the noise floor. */
    public static double norm(double x, double y, double z) {
        double s = sumSq(x, y, z);
        return s < NOISE_FLOOR ? 0.0 : StrictMath.sqrt(s);
    }

    /** §2.4: ‖P⁺‖, negatives cut to 0, no noise floor. */
    public static double positiveNorm(double x, double y, double z) {
        return StrictMath.sqrt(sumSq(Math.max(x, 0.0), Math.max(y, 0.0), Math.max(z, 0.0)));
    }

    /** §2.1a P·W: {@code (p_lat*w_lat + p_err*w_err) + p_sat*w_sat}. */
    public static double dot(double[] p, double[] w) {
        return (p[0] * w[0] + p[1] * w[1]) + p[2] * w[2];
    }

    /** §2.1a decay factor {@code exp((-λ) * (Δt / 1000.0))}, exactly 0 once the exponent is below −745. */
    public static double decay(double lambda, long dtMs) {
        double e = (-lambda) * (dtMs / 1000.0);
        return e < -745 ? 0.0 : StrictMath.exp(e);
    }

    /** The pressure vector of a telemetry sample under the given SLO numbers (saturation baseline 0.5). */
    public static double[] pressures(Telemetry t, double baselineLatency, double targetErrorRate, double k) {
        return new double[] {
            pressure(t.latencyMs(), baselineLatency, k),
            pressure(t.errorRate(), targetErrorRate, k),
            pressure(t.saturation(), 0.5, k),
        };
    }

    /** Pressures under the default SLO (100 ms, 0.01, 0.5) and k = 1. */
    public static double[] pressures(Telemetry t) {
        return pressures(t, 100, 0.01, 1);
    }

    /** The default weights (ln 6, ln 9, ln 4). */
    public static double[] defaultWeights() {
        return new double[] {weight(5), weight(8), weight(3)};
    }

    public static double norm(double[] p) {
        return norm(p[0], p[1], p[2]);
    }

    public static double positiveNorm(double[] p) {
        return positiveNorm(p[0], p[1], p[2]);
    }

    /** ‖a − b‖ with the noise floor. */
    public static double normOfDifference(double[] a, double[] b) {
        return norm(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    }
}
