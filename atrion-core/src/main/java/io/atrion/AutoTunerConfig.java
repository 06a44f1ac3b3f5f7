package io.atrion;

import io.atrion.internal.ConfigChecks;
import io.atrion.internal.physics.Physics;

/**
 * The per-route AutoTuner (SPEC.md §2.7): adaptive break and recovery points learned from each
 * route's own resistance history with an exponential moving average of mean and variance.
 * An immutable value: the canonical constructor validates every component, so no invalid
 * instance exists. Build with {@link #builder()} (or by dotted keys, {@code autoTuner.windowSize}
 * …, with {@link ConfigKeys}). To turn the tuner off, pass {@code autoTuner(null)} or call
 * {@link Atrion.Builder#autoTunerDisabled()}.
 *
 * <table>
 *   <caption>Fields, defaults and allowed ranges</caption>
 *   <tr><th>field</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>windowSize</td><td>100</td><td>≥ 1</td><td>EMA window; α = 2/(windowSize+1)</td></tr>
 *   <tr><td>sensitivity</td><td>3</td><td>≥ 0</td><td>k_σ: break point = mean + k_σ·σ_R</td></tr>
 *   <tr><td>minFloor</td><td>30</td><td>[0, 10⁶]</td><td>lowest tuned break point</td></tr>
 *   <tr><td>hardCeiling</td><td>500</td><td>[minFloor, 10⁶]</td><td>highest tuned break point</td></tr>
 *   <tr><td>warmupTicks</td><td>50</td><td>≥ 0</td><td>samples before the tuned point applies</td></tr>
 *   <tr><td>recoveryMultiplier</td><td>0.5</td><td>[0, 1]</td><td>recovery point = max(minFloor/2, break·this)</td></tr>
 * </table>
 *
 * <p>Every value must be finite. The ceiling (and so the floor) is bounded by the resistance
 * clamp 10⁶ of SPEC §2.9: R never exceeds 10⁶, so a tuned break point above it could never open
 * the breaker. The other derived values cannot overflow: α is in (0, 1]; a large k_σ·σ_R
 * becomes +∞ at worst and is then clamped to the ceiling, never NaN (the mean and variance of
 * clamped resistances are finite); the recovery point is at most the break point or minFloor/2.
 *
 * <p>The constructor throws {@link IllegalArgumentException} naming the first field that is out
 * of range (in the order of the components). This is a record: {@code equals} compares every
 * component as {@link Double#compare} does; TeaVM 0.16 compiles its generated
 * {@code equals/hashCode/toString} for the browser build.
 *
 * @param windowSize         EMA window in samples
 * @param sensitivity        k_σ, how many standard deviations above the mean the break point sits
 * @param minFloor           lowest tuned break point, in ohms
 * @param hardCeiling        highest tuned break point, in ohms
 * @param warmupTicks        samples needed before the tuned break point replaces the static one
 * @param recoveryMultiplier recovery point as a fraction of the break point
 */
public record AutoTunerConfig(int windowSize, double sensitivity, double minFloor, double hardCeiling,
                              int warmupTicks, double recoveryMultiplier) {

    private static final AutoTunerConfig DEFAULTS = new AutoTunerConfig(100, 3, 30, 500, 50, 0.5);

    /**
     * Validates every component.
     *
     * @throws IllegalArgumentException naming the first field outside its range
     */
    public AutoTunerConfig {
        ConfigChecks.atLeast("AutoTunerConfig.windowSize", windowSize, 1);
        ConfigChecks.atLeast("AutoTunerConfig.sensitivity", sensitivity, 0);
        ConfigChecks.between("AutoTunerConfig.minFloor", minFloor, 0, Physics.MAX_RESISTANCE);
        // At most the resistance clamp of SPEC §2.9: a tuned break point above it could never open the breaker.
        ConfigChecks.between("AutoTunerConfig.hardCeiling", hardCeiling, minFloor, Physics.MAX_RESISTANCE);
        ConfigChecks.atLeast("AutoTunerConfig.warmupTicks", warmupTicks, 0);
        ConfigChecks.between("AutoTunerConfig.recoveryMultiplier", recoveryMultiplier, 0, 1);
    }

    /** The defaults of SPEC.md §2.7. */
    public static AutoTunerConfig defaults() {
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

    /** The EMA weight α = 2 / (windowSize + 1). */
    public double alpha() {
        return 2.0 / (windowSize + 1.0);
    }

    /** Mutable builder; {@link #build()} validates every field. */
    public static final class Builder {
        private int windowSize;
        private double sensitivity;
        private double minFloor;
        private double hardCeiling;
        private int warmupTicks;
        private double recoveryMultiplier;

        private Builder(AutoTunerConfig from) {
            windowSize = from.windowSize;
            sensitivity = from.sensitivity;
            minFloor = from.minFloor;
            hardCeiling = from.hardCeiling;
            warmupTicks = from.warmupTicks;
            recoveryMultiplier = from.recoveryMultiplier;
        }

        /** EMA window (≥ 1), default 100. */
        public Builder windowSize(int samples) {
            this.windowSize = samples;
            return this;
        }

        /** k_σ (≥ 0), default 3. */
        public Builder sensitivity(double kSigma) {
            this.sensitivity = kSigma;
            return this;
        }

        /** Lowest tuned break point ([0, 10⁶]), default 30. */
        public Builder minFloor(double ohms) {
            this.minFloor = ohms;
            return this;
        }

        /** Highest tuned break point ([minFloor, 10⁶]), default 500. */
        public Builder hardCeiling(double ohms) {
            this.hardCeiling = ohms;
            return this;
        }

        /** Samples before tuning applies (≥ 0), default 50. */
        public Builder warmupTicks(int samples) {
            this.warmupTicks = samples;
            return this;
        }

        /** Recovery point as a fraction of the break point ([0, 1]), default 0.5. */
        public Builder recoveryMultiplier(double fraction) {
            this.recoveryMultiplier = fraction;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the first field outside its range
         */
        public AutoTunerConfig build() {
            return new AutoTunerConfig(windowSize, sensitivity, minFloor, hardCeiling, warmupTicks,
                    recoveryMultiplier);
        }
    }
}
