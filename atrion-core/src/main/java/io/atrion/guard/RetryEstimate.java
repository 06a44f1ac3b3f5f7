package io.atrion.guard;

/**
 * The arithmetic of {@link RouteGuard#retryAfterMillis}: how long until a shed request could pass
 * if the dependency is healthy from now on. Then the route's pressure is at or below its
 * baselines (P·W ≤ 0) and momentum dies out, so R ≤ R_base + S(t), and the scar only decays:
 * S(t) = S₀·e^(−λt). The time for S to fall below a target T is t = ln(S₀ / T) / λ.
 */
final class RetryEstimate {

    /** The wait cannot end by decay alone (λ = 0, or a voltage that no healthy route passes). */
    static final long NEVER = Long.MAX_VALUE;

    private RetryEstimate() {
    }

    /** The scar {@code elapsedMillis} after it was {@code scar}: S·e^(−λ·Δt/1000). */
    static double decayed(double scar, double decayPerSecond, long elapsedMillis) {
        if (elapsedMillis <= 0) {
            return scar;
        }
        return scar * Math.exp(-decayPerSecond * (elapsedMillis / 1000.0));
    }

    /** Milliseconds until {@code scar} decays below {@code target}: 0 if it is already below. */
    static long millisUntilScarBelow(double scar, double target, double decayPerSecond) {
        if (!(scar >= target)) {
            return 0; // already below (or NaN, which the physics clamps away)
        }
        if (!(decayPerSecond > 0) || !(target > 0)) {
            return NEVER;
        }
        double ms = Math.log(scar / target) / decayPerSecond * 1000.0;
        return ms >= 9.0e18 ? NEVER : (long) Math.ceil(ms);
    }

    /**
     * A request of {@code voltage} rejected because V ≤ R passes once R_base + S &lt; V, that is
     * once S &lt; V − R_base; a voltage at or below R_base never passes.
     */
    static long insufficientVoltage(double scar, double voltage, double baseResistance, double decayPerSecond) {
        if (!(voltage > baseResistance)) {
            return NEVER;
        }
        return millisUntilScarBelow(scar, voltage - baseResistance, decayPerSecond);
    }

    /**
     * An open breaker closes (SPEC §2.6) once S &lt; σ (with a healthy, low-pressure route) or
     * R_base + S &lt; recoveryPoint, whichever comes first: once S &lt; max(σ, recoveryPoint − R_base).
     * The closing update needs a healthy probe first, so never sooner than the next probe.
     */
    static long circuitOpen(double scar, double scarFactor, double recoveryPoint, double baseResistance,
                            double decayPerSecond, long millisUntilNextProbe) {
        double target = Math.max(scarFactor, recoveryPoint - baseResistance);
        return Math.max(millisUntilScarBelow(scar, target, decayPerSecond), Math.max(0L, millisUntilNextProbe));
    }
}
