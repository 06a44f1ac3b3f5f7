package io.atrion;

import io.atrion.internal.ConfigChecks;
import io.atrion.internal.physics.Physics;

/**
 * The constants of the physics (SPEC.md §2.1). An immutable value: the canonical constructor
 * validates every component, so no invalid instance exists. Build with {@link #builder()} (or
 * by dotted keys, {@code config.baseResistance} …, with {@link ConfigKeys}).
 *
 * <table>
 *   <caption>Fields, defaults and allowed ranges</caption>
 *   <tr><th>field</th><th>symbol</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>baseResistance</td><td>R_base</td><td>10</td><td>[0, 833333.33…]: 1.2·R_base ≤ 10⁶</td><td>floor of R, in ohms</td></tr>
 *   <tr><td>decayRate</td><td>λ</td><td>0.1</td><td>≥ 0</td><td>scar forgiveness per second</td></tr>
 *   <tr><td>scarFactor</td><td>σ</td><td>5</td><td>≥ 0</td><td>scar added per critical update</td></tr>
 *   <tr><td>dampingFactor</td><td>μ</td><td>20</td><td>≥ 0</td><td>weight of momentum (per ms)</td></tr>
 *   <tr><td>criticalPressure</td><td>P_crit</td><td>0.7</td><td>&gt; 0</td><td>trauma threshold on ‖P⁺‖</td></tr>
 *   <tr><td>breakMultiplier</td><td>γ</td><td>10</td><td>≥ 1, and R_base·γ ≤ 10⁶</td><td>static break point = R_base·γ</td></tr>
 *   <tr><td>bootstrapTicks</td><td>N</td><td>10</td><td>≥ 1</td><td>warm-up updates per route</td></tr>
 *   <tr><td>tanhScale</td><td>k</td><td>1</td><td>&gt; 0</td><td>steepness of normalization</td></tr>
 * </table>
 *
 * <p>Every value must be finite. Besides the ranges of SPEC §2.1, the values this config derives
 * must stay within the resistance clamp [R_base, 10⁶] of SPEC §2.9, or the physics would break
 * its own contract: a new route's resistance 1.2·R_base (bootstrap, §2.6) must be ≤ 10⁶, which
 * bounds R_base by 10⁶/1.2 = 833333.3333333334; and the static break point R_base·γ must be
 * ≤ 10⁶, because R never exceeds 10⁶ and a higher break point could never open the breaker. The
 * static recovery point 0.5·R_base·γ and the voltage tiers of {@link VoltageTier} (at most
 * 5·R_base or R_base·γ) are then finite too. Each bound is evaluated on the double the engines
 * compute ({@code 1.2 * R_base}, {@code R_base * γ}). No other product of these constants can
 * overflow into the state: S, M and R are clamped at run time (SPEC §2.9).
 *
 * <p>The constructor throws {@link IllegalArgumentException} naming the first field that is out
 * of range (in the order of the components). This is a record: {@code equals} compares every
 * component as {@link Double#compare} does; TeaVM 0.16 compiles its generated
 * {@code equals/hashCode/toString} for the browser build (atrion-web).
 *
 * @param baseResistance   R_base, the floor of R in ohms
 * @param decayRate        λ, scar forgiveness per second
 * @param scarFactor       σ, scar added by an update whose ‖P⁺‖ exceeds {@code criticalPressure}
 * @param dampingFactor    μ, the weight of momentum (momentum is per millisecond)
 * @param criticalPressure P_crit, the trauma threshold
 * @param breakMultiplier  γ: the static break point is R_base·γ
 * @param bootstrapTicks   N, the number of warm-up updates of a new route
 * @param tanhScale        k, the steepness of the tanh normalization
 */
public record PhysicsConfig(double baseResistance, double decayRate, double scarFactor, double dampingFactor,
                            double criticalPressure, double breakMultiplier, int bootstrapTicks,
                            double tanhScale) {

    private static final PhysicsConfig DEFAULTS = new PhysicsConfig(10, 0.1, 5, 20, 0.7, 10, 10, 1);

    /**
     * Validates every component.
     *
     * @throws IllegalArgumentException naming the first field outside its range
     */
    public PhysicsConfig {
        ConfigChecks.atLeast("PhysicsConfig.baseResistance", baseResistance, 0);
        // Evaluated as the engines evaluate it (EngineParams.bootstrapResistance), so the bound is
        // exact for the double they will hold.
        if (!(Physics.BOOTSTRAP_RESISTANCE_FACTOR * baseResistance <= Physics.MAX_RESISTANCE)) {
            throw new IllegalArgumentException("PhysicsConfig.baseResistance must be at most "
                    + Physics.MAX_RESISTANCE / Physics.BOOTSTRAP_RESISTANCE_FACTOR
                    + ": a new route's resistance 1.2·baseResistance must stay within the resistance clamp 1e6"
                    + " of SPEC §2.9, got " + baseResistance);
        }
        ConfigChecks.atLeast("PhysicsConfig.decayRate", decayRate, 0);
        ConfigChecks.atLeast("PhysicsConfig.scarFactor", scarFactor, 0);
        ConfigChecks.atLeast("PhysicsConfig.dampingFactor", dampingFactor, 0);
        ConfigChecks.greaterThan("PhysicsConfig.criticalPressure", criticalPressure, 0);
        ConfigChecks.atLeast("PhysicsConfig.breakMultiplier", breakMultiplier, 1);
        if (!(baseResistance * breakMultiplier <= Physics.MAX_RESISTANCE)) {
            throw new IllegalArgumentException("PhysicsConfig.breakMultiplier is too large: the static break point"
                    + " baseResistance·breakMultiplier = " + baseResistance + "·" + breakMultiplier + " = "
                    + baseResistance * breakMultiplier + " must be at most 1e6, the resistance clamp of SPEC §2.9"
                    + " (R never exceeds it, so the breaker could never open)");
        }
        ConfigChecks.atLeast("PhysicsConfig.bootstrapTicks", bootstrapTicks, 1);
        ConfigChecks.greaterThan("PhysicsConfig.tanhScale", tanhScale, 0);
    }

    /** The defaults of SPEC.md §2.1. */
    public static PhysicsConfig defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The static break point R_base·γ (SPEC §2.6); at most 10⁶. */
    public double staticBreakPoint() {
        return baseResistance * breakMultiplier;
    }

    /** The static recovery point 0.5·R_base·γ (SPEC §2.6). */
    public double staticRecoveryPoint() {
        return (0.5 * baseResistance) * breakMultiplier;
    }

    /** Mutable builder; {@link #build()} validates every field. */
    public static final class Builder {
        private double baseResistance;
        private double decayRate;
        private double scarFactor;
        private double dampingFactor;
        private double criticalPressure;
        private double breakMultiplier;
        private int bootstrapTicks;
        private double tanhScale;

        private Builder(PhysicsConfig from) {
            baseResistance = from.baseResistance;
            decayRate = from.decayRate;
            scarFactor = from.scarFactor;
            dampingFactor = from.dampingFactor;
            criticalPressure = from.criticalPressure;
            breakMultiplier = from.breakMultiplier;
            bootstrapTicks = from.bootstrapTicks;
            tanhScale = from.tanhScale;
        }

        /** R_base in [0, 833333.33…] (1.2·R_base ≤ 10⁶), default 10. */
        public Builder baseResistance(double ohms) {
            this.baseResistance = ohms;
            return this;
        }

        /** λ per second (≥ 0), default 0.1. */
        public Builder decayRate(double perSecond) {
            this.decayRate = perSecond;
            return this;
        }

        /** σ (≥ 0), default 5. */
        public Builder scarFactor(double scarFactor) {
            this.scarFactor = scarFactor;
            return this;
        }

        /** μ (≥ 0), default 20. */
        public Builder dampingFactor(double dampingFactor) {
            this.dampingFactor = dampingFactor;
            return this;
        }

        /** P_crit (&gt; 0), default 0.7. */
        public Builder criticalPressure(double criticalPressure) {
            this.criticalPressure = criticalPressure;
            return this;
        }

        /** γ (≥ 1, and R_base·γ ≤ 10⁶), default 10. */
        public Builder breakMultiplier(double breakMultiplier) {
            this.breakMultiplier = breakMultiplier;
            return this;
        }

        /** N (≥ 1), default 10. */
        public Builder bootstrapTicks(int ticks) {
            this.bootstrapTicks = ticks;
            return this;
        }

        /** k (&gt; 0), default 1. */
        public Builder tanhScale(double tanhScale) {
            this.tanhScale = tanhScale;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the first field outside its range
         */
        public PhysicsConfig build() {
            return new PhysicsConfig(baseResistance, decayRate, scarFactor, dampingFactor, criticalPressure,
                    breakMultiplier, bootstrapTicks, tanhScale);
        }
    }
}
