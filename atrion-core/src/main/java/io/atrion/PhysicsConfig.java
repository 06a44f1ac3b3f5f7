package io.atrion;

import java.util.Objects;

/**
 * The constants of the physics (SPEC.md §2.1). Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Fields, defaults and allowed ranges</caption>
 *   <tr><th>field</th><th>symbol</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>baseResistance</td><td>R_base</td><td>10</td><td>≥ 0</td><td>floor of R, in ohms</td></tr>
 *   <tr><td>decayRate</td><td>λ</td><td>0.1</td><td>≥ 0</td><td>scar forgiveness per second</td></tr>
 *   <tr><td>scarFactor</td><td>σ</td><td>5</td><td>≥ 0</td><td>scar added per critical update</td></tr>
 *   <tr><td>dampingFactor</td><td>μ</td><td>20</td><td>≥ 0</td><td>weight of momentum (per ms)</td></tr>
 *   <tr><td>criticalPressure</td><td>P_crit</td><td>0.7</td><td>&gt; 0</td><td>trauma threshold on ‖P⁺‖</td></tr>
 *   <tr><td>breakMultiplier</td><td>γ</td><td>10</td><td>≥ 1</td><td>static break point = R_base·γ</td></tr>
 *   <tr><td>bootstrapTicks</td><td>N</td><td>10</td><td>≥ 1</td><td>warm-up updates per route</td></tr>
 *   <tr><td>tanhScale</td><td>k</td><td>1</td><td>&gt; 0</td><td>steepness of normalization</td></tr>
 * </table>
 *
 * <p>Every value must be finite; {@link Builder#build()} throws {@link IllegalArgumentException}
 * naming the first field that is out of range.
 */
public final class PhysicsConfig {

    private static final PhysicsConfig DEFAULTS = builder().build();

    private final double baseResistance;
    private final double decayRate;
    private final double scarFactor;
    private final double dampingFactor;
    private final double criticalPressure;
    private final double breakMultiplier;
    private final int bootstrapTicks;
    private final double tanhScale;

    private PhysicsConfig(Builder b) {
        this.baseResistance = Checks.atLeast("PhysicsConfig.baseResistance", b.baseResistance, 0);
        this.decayRate = Checks.atLeast("PhysicsConfig.decayRate", b.decayRate, 0);
        this.scarFactor = Checks.atLeast("PhysicsConfig.scarFactor", b.scarFactor, 0);
        this.dampingFactor = Checks.atLeast("PhysicsConfig.dampingFactor", b.dampingFactor, 0);
        this.criticalPressure = Checks.greaterThan("PhysicsConfig.criticalPressure", b.criticalPressure, 0);
        this.breakMultiplier = Checks.atLeast("PhysicsConfig.breakMultiplier", b.breakMultiplier, 1);
        this.bootstrapTicks = Checks.atLeast("PhysicsConfig.bootstrapTicks", b.bootstrapTicks, 1);
        this.tanhScale = Checks.greaterThan("PhysicsConfig.tanhScale", b.tanhScale, 0);
    }

    /** The defaults of SPEC.md §2.1. */
    public static PhysicsConfig defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder()
                .baseResistance(baseResistance)
                .decayRate(decayRate)
                .scarFactor(scarFactor)
                .dampingFactor(dampingFactor)
                .criticalPressure(criticalPressure)
                .breakMultiplier(breakMultiplier)
                .bootstrapTicks(bootstrapTicks)
                .tanhScale(tanhScale);
    }

    /** R_base, the floor of R in ohms. */
    public double baseResistance() {
        return baseResistance;
    }

    /** λ, scar forgiveness per second. */
    public double decayRate() {
        return decayRate;
    }

    /** σ, scar added by an update whose ‖P⁺‖ exceeds {@link #criticalPressure()}. */
    public double scarFactor() {
        return scarFactor;
    }

    /** μ, the weight of momentum (momentum is per millisecond). */
    public double dampingFactor() {
        return dampingFactor;
    }

    /** P_crit, the trauma threshold. */
    public double criticalPressure() {
        return criticalPressure;
    }

    /** γ: the static break point is R_base·γ. */
    public double breakMultiplier() {
        return breakMultiplier;
    }

    /** N, the number of warm-up updates of a new route. */
    public int bootstrapTicks() {
        return bootstrapTicks;
    }

    /** k, the steepness of the tanh normalization. */
    public double tanhScale() {
        return tanhScale;
    }

    /** The static break point R_base·γ (SPEC §2.6). */
    public double staticBreakPoint() {
        return baseResistance * breakMultiplier;
    }

    /** The static recovery point 0.5·R_base·γ (SPEC §2.6). */
    public double staticRecoveryPoint() {
        return (0.5 * baseResistance) * breakMultiplier;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PhysicsConfig)) {
            return false;
        }
        PhysicsConfig c = (PhysicsConfig) o;
        return Double.compare(baseResistance, c.baseResistance) == 0
                && Double.compare(decayRate, c.decayRate) == 0
                && Double.compare(scarFactor, c.scarFactor) == 0
                && Double.compare(dampingFactor, c.dampingFactor) == 0
                && Double.compare(criticalPressure, c.criticalPressure) == 0
                && Double.compare(breakMultiplier, c.breakMultiplier) == 0
                && bootstrapTicks == c.bootstrapTicks
                && Double.compare(tanhScale, c.tanhScale) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseResistance, decayRate, scarFactor, dampingFactor, criticalPressure,
                breakMultiplier, bootstrapTicks, tanhScale);
    }

    @Override
    public String toString() {
        return "PhysicsConfig{baseResistance=" + baseResistance + ", decayRate=" + decayRate
                + ", scarFactor=" + scarFactor + ", dampingFactor=" + dampingFactor
                + ", criticalPressure=" + criticalPressure + ", breakMultiplier=" + breakMultiplier
                + ", bootstrapTicks=" + bootstrapTicks + ", tanhScale=" + tanhScale + '}';
    }

    /** Mutable builder; {@link #build()} validates every field. */
    public static final class Builder {
        private double baseResistance = 10;
        private double decayRate = 0.1;
        private double scarFactor = 5;
        private double dampingFactor = 20;
        private double criticalPressure = 0.7;
        private double breakMultiplier = 10;
        private int bootstrapTicks = 10;
        private double tanhScale = 1;

        private Builder() {
        }

        /** R_base (≥ 0), default 10. */
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

        /** γ (≥ 1), default 10. */
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
            return new PhysicsConfig(this);
        }
    }
}
