package io.atrion;

import java.util.Objects;

/**
 * The per-route AutoTuner (SPEC.md §2.7): adaptive break and recovery points learned from each
 * route's own resistance history with an exponential moving average of mean and variance.
 * Immutable; build with {@link #builder()}. To turn the tuner off, pass
 * {@code autoTuner(null)} or call {@link Atrion.Builder#autoTunerDisabled()}.
 *
 * <table>
 *   <caption>Fields, defaults and allowed ranges</caption>
 *   <tr><th>field</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>windowSize</td><td>100</td><td>≥ 1</td><td>EMA window; α = 2/(windowSize+1)</td></tr>
 *   <tr><td>sensitivity</td><td>3</td><td>≥ 0</td><td>k_σ: break point = mean + k_σ·σ_R</td></tr>
 *   <tr><td>minFloor</td><td>30</td><td>≥ 0</td><td>lowest tuned break point</td></tr>
 *   <tr><td>hardCeiling</td><td>500</td><td>≥ minFloor</td><td>highest tuned break point</td></tr>
 *   <tr><td>warmupTicks</td><td>50</td><td>≥ 0</td><td>samples before the tuned point applies</td></tr>
 *   <tr><td>recoveryMultiplier</td><td>0.5</td><td>[0, 1]</td><td>recovery point = max(minFloor/2, break·this)</td></tr>
 * </table>
 */
public final class AutoTunerConfig {

    private static final AutoTunerConfig DEFAULTS = builder().build();

    private final int windowSize;
    private final double sensitivity;
    private final double minFloor;
    private final double hardCeiling;
    private final int warmupTicks;
    private final double recoveryMultiplier;

    private AutoTunerConfig(Builder b) {
        this.windowSize = Checks.atLeast("AutoTunerConfig.windowSize", b.windowSize, 1);
        this.sensitivity = Checks.atLeast("AutoTunerConfig.sensitivity", b.sensitivity, 0);
        this.minFloor = Checks.atLeast("AutoTunerConfig.minFloor", b.minFloor, 0);
        this.hardCeiling = Checks.atLeast("AutoTunerConfig.hardCeiling", b.hardCeiling, this.minFloor);
        this.warmupTicks = Checks.atLeast("AutoTunerConfig.warmupTicks", b.warmupTicks, 0);
        this.recoveryMultiplier = Checks.between("AutoTunerConfig.recoveryMultiplier", b.recoveryMultiplier, 0, 1);
    }

    /** The defaults of SPEC.md §2.7. */
    public static AutoTunerConfig defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder().windowSize(windowSize).sensitivity(sensitivity).minFloor(minFloor)
                .hardCeiling(hardCeiling).warmupTicks(warmupTicks).recoveryMultiplier(recoveryMultiplier);
    }

    /** EMA window in samples. */
    public int windowSize() {
        return windowSize;
    }

    /** The EMA weight α = 2 / (windowSize + 1). */
    public double alpha() {
        return 2.0 / (windowSize + 1.0);
    }

    /** k_σ, how many standard deviations above the mean the break point sits. */
    public double sensitivity() {
        return sensitivity;
    }

    /** Lowest tuned break point, in ohms. */
    public double minFloor() {
        return minFloor;
    }

    /** Highest tuned break point, in ohms. */
    public double hardCeiling() {
        return hardCeiling;
    }

    /** Samples needed before the tuned break point replaces the static one. */
    public int warmupTicks() {
        return warmupTicks;
    }

    /** Recovery point as a fraction of the break point. */
    public double recoveryMultiplier() {
        return recoveryMultiplier;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AutoTunerConfig)) {
            return false;
        }
        AutoTunerConfig c = (AutoTunerConfig) o;
        return windowSize == c.windowSize && Double.compare(sensitivity, c.sensitivity) == 0
                && Double.compare(minFloor, c.minFloor) == 0 && Double.compare(hardCeiling, c.hardCeiling) == 0
                && warmupTicks == c.warmupTicks && Double.compare(recoveryMultiplier, c.recoveryMultiplier) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(windowSize, sensitivity, minFloor, hardCeiling, warmupTicks, recoveryMultiplier);
    }

    @Override
    public String toString() {
        return "AutoTunerConfig{windowSize=" + windowSize + ", sensitivity=" + sensitivity + ", minFloor=" + minFloor
                + ", hardCeiling=" + hardCeiling + ", warmupTicks=" + warmupTicks
                + ", recoveryMultiplier=" + recoveryMultiplier + '}';
    }

    /** Mutable builder; {@link #build()} validates every field. */
    public static final class Builder {
        private int windowSize = 100;
        private double sensitivity = 3;
        private double minFloor = 30;
        private double hardCeiling = 500;
        private int warmupTicks = 50;
        private double recoveryMultiplier = 0.5;

        private Builder() {
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

        /** Lowest tuned break point (≥ 0), default 30. */
        public Builder minFloor(double ohms) {
            this.minFloor = ohms;
            return this;
        }

        /** Highest tuned break point (≥ minFloor), default 500. */
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
            return new AutoTunerConfig(this);
        }
    }
}
