package io.atrion.internal.physics;

/**
 * Every formula of SPEC.md §2, as pure static functions on primitives.
 *
 * <p>This is where the physics lives: both engines call these methods, so a formula is written
 * exactly once. Each method evaluates its expression in the order SPEC.md §2.1a prescribes, left
 * to right in {@code double}, with fdlibm's {@code tanh}, {@code exp} and {@code log} for the
 * transcendental functions, so that results are bit-reproducible across engines and platforms.
 * Do not "simplify" an expression here: {@code (a + b) + c} and {@code a + (b + c)} are
 * different doubles.
 *
 * <p>The transcendental functions come from {@link FdlibmMath}, a pure-Java port that returns
 * exactly {@link StrictMath}'s doubles on the JVM (FdlibmMathTest), rather than from
 * {@code StrictMath} itself: the same sources also run in the browser (atrion-web, compiled by
 * TeaVM), where {@code StrictMath.tanh/exp/log} are not fdlibm and differ in the last bits.
 * This is the one seam between the JVM and the TeaVM builds.
 *
 * <p>Where SPEC.md §2.1a writes {@code (-λ) * (Δt / 1000.0)} this class writes the operands the
 * other way round; IEEE multiplication is commutative, so the double is the same, and the form
 * survives TeaVM's JavaScript backend, which drops parentheses around a right operand of equal
 * precedence (docs/notes/teavm-0.16.md).
 *
 * <p>Internal: not part of the public API.
 */
public final class Physics {

    /** Sums of squares below this count as zero when a norm is taken (SPEC §2.1a noise floor). */
    public static final double NOISE_FLOOR = 1e-9;

    /** Upper clamp of the resistance (SPEC §2.9). */
    public static final double MAX_RESISTANCE = 1e6;

    /** A new route starts at this multiple of R_base and stays there during bootstrap (§2.6). */
    public static final double BOOTSTRAP_RESISTANCE_FACTOR = 1.2;

    /** Below this exponent the decay factor is exactly 0 (SPEC §2.4). */
    public static final double MIN_DECAY_EXPONENT = -745.0;

    private Physics() {
    }

    /** Sensitivity weight {@code ln(1 + criticality)} (§2.1). */
    public static double weight(double criticality) {
        return FdlibmMath.log(1 + criticality);
    }

    /**
     * A raw telemetry component as the physics sees it: NaN and ±∞ count as 0 (§2.2, §2.9);
     * negative values are used as given.
     */
    public static double sanitize(double raw) {
        return Double.isFinite(raw) ? raw : 0.0;
    }

    /** Normalized pressure {@code tanh(((x - b) / b) * k)} in [-1, 1] (§2.2); x already sanitized. */
    public static double pressure(double x, double baseline, double tanhScale) {
        return FdlibmMath.tanh(pressureArgument(x, baseline, tanhScale));
    }

    /** The argument of the pressure's tanh, {@code ((x - b) / b) * k}. */
    public static double pressureArgument(double x, double baseline, double tanhScale) {
        return ((x - baseline) / baseline) * tanhScale;
    }

    /** {@code (x*x + y*y) + z*z} (§2.1a). */
    public static double sumOfSquares(double x, double y, double z) {
        return (x * x + y * y) + z * z;
    }

    /** Euclidean norm with the noise floor: a sum of squares below 1e-9 is 0 (§2.1a). */
    public static double norm(double x, double y, double z) {
        double sumSq = sumOfSquares(x, y, z);
        return sumSq < NOISE_FLOOR ? 0.0 : Math.sqrt(sumSq);
    }

    /**
     * Norm of the positive part P⁺ used by the check valve (§2.4); no noise floor, so a route
     * performing better than its baseline on every axis has ‖P⁺‖ = 0.
     */
    public static double positiveNorm(double pLat, double pErr, double pSat) {
        return Math.sqrt(sumOfSquares(Math.max(pLat, 0.0), Math.max(pErr, 0.0), Math.max(pSat, 0.0)));
    }

    /**
     * Momentum {@code ‖P(t) − P(t−1)‖ / Δt} per millisecond (§2.3); 0 when Δt = 0. The norm has
     * the noise floor, so a steady signal has exactly zero momentum.
     */
    public static double momentum(double dLat, double dErr, double dSat, long deltaMs) {
        if (deltaMs <= 0) {
            return 0.0;
        }
        return norm(dLat, dErr, dSat) / (double) deltaMs;
    }

    /**
     * Scar decay factor {@code e^(−λ·Δt/1000)} (§2.4), exactly 0 once the exponent is below −745
     * (where {@code exp} would otherwise return a subnormal).
     */
    public static double decayFactor(double decayRatePerSecond, long deltaMs) {
        double exponent = decayExponent(decayRatePerSecond, deltaMs);
        return exponent < MIN_DECAY_EXPONENT ? 0.0 : FdlibmMath.exp(exponent);
    }

    /** The exponent of the decay factor, {@code (-λ) * (Δt / 1000.0)} written commuted (see class comment). */
    public static double decayExponent(double decayRatePerSecond, long deltaMs) {
        return ((double) deltaMs / 1000.0) * (-decayRatePerSecond);
    }

    /** Trauma of one update: σ when ‖P⁺‖ &gt; P_crit, else 0 (§2.4). */
    public static double trauma(double positiveNorm, double criticalPressure, double scarFactor) {
        return positiveNorm > criticalPressure ? scarFactor : 0.0;
    }

    /** {@code S * decay + trauma} (§2.4), clamped to a finite non-negative value (§2.9). */
    public static double scar(double previousScar, double decay, double trauma) {
        return clampNonNegative(previousScar * decay + trauma);
    }

    /** {@code (p_lat*w_lat + p_err*w_err) + p_sat*w_sat} (§2.5). */
    public static double weightedPressure(double pLat, double pErr, double pSat,
                                          double wLat, double wErr, double wSat) {
        return (pLat * wLat + pErr * wErr) + pSat * wSat;
    }

    /**
     * Resistance {@code max(R_base, ((R_base + P·W) + μ*M) + S)} (§2.5), then clamped to
     * [R_base, 1e6] (§2.9). A NaN, which the guarded inputs cannot produce, fails closed at 1e6.
     */
    public static double resistance(double baseResistance, double weightedPressure,
                                    double dampingFactor, double momentum, double scar) {
        double r = Math.max(baseResistance, ((baseResistance + weightedPressure) + dampingFactor * momentum) + scar);
        if (r != r || r > MAX_RESISTANCE) {
            // max(R_base, 1e6) keeps the floor when a caller configures R_base above the clamp.
            return Math.max(baseResistance, MAX_RESISTANCE);
        }
        return r;
    }

    /** S and M are kept finite and non-negative (§2.9): NaN and negatives become 0, +∞ the largest double. */
    public static double clampNonNegative(double v) {
        if (v >= 0.0) {
            return v == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : v;
        }
        return 0.0; // negative or NaN
    }

    /** σ of a route of a workload profile: {@code σ * multiplier} (§4); STANDARD's 1.0 gives σ itself. */
    public static double profileScarFactor(double scarFactor, double multiplier) {
        return scarFactor * multiplier;
    }

    /**
     * A lease outcome's scar added at once (§4): {@code S + σ_route * times} (times 1 for a failed
     * lease, 1.5 for a timeout), clamped to a finite non-negative value (§2.9).
     */
    public static double outcomeScar(double scar, double routeScarFactor, double times) {
        return clampNonNegative(scar + routeScarFactor * times);
    }

    /** A voltage is valid when it is finite and not negative (§2.9). */
    public static boolean isValidVoltage(double voltage) {
        return voltage >= 0.0 && voltage != Double.POSITIVE_INFINITY;
    }
}
