package io.atrion;

import io.atrion.internal.ConfigChecks;
import io.atrion.internal.physics.FdlibmMath;
import java.util.Objects;

/**
 * A route's service-level objective (SPEC.md §2.1): the baselines that count as "normal" and how
 * much each stress axis matters. An immutable value: the canonical constructor validates every
 * component, so no invalid instance exists. Build with {@link #builder()}, {@link #fromLimits}, or
 * by dotted keys ({@code slo.baselineLatencyMs} …, {@code slo.criticality.latency} …) with
 * {@link ConfigKeys}.
 *
 * <p>Baselines: latency = {@link #baselineLatencyMs()}, error rate = {@link #targetErrorRate()},
 * saturation = {@link #baselineSaturation()} ({@value #SATURATION_BASELINE} by default). Weights: {@code w = ln(1 + criticality)}, so the
 * default criticalities (5, 8, 3) weigh latency, errors and saturation by (ln 6, ln 9, ln 4).
 *
 * <table>
 *   <caption>Fields, defaults and allowed ranges</caption>
 *   <tr><th>field</th><th>default</th><th>range</th></tr>
 *   <tr><td>baselineLatencyMs</td><td>100</td><td>&gt; 0</td></tr>
 *   <tr><td>maxAcceptableLatencyMs</td><td>500</td><td>&gt; 0 (informational; the physics does not use it)</td></tr>
 *   <tr><td>targetErrorRate</td><td>0.01</td><td>&gt; 0</td></tr>
 *   <tr><td>baselineSaturation</td><td>0.5</td><td>&gt; 0</td></tr>
 *   <tr><td>criticality latency / error / saturation</td><td>5 / 8 / 3</td><td>[0, 10]</td></tr>
 * </table>
 *
 * <h2>Baselines or limits</h2>
 * A baseline is what counts as <em>normal</em>; the physics starts to scar a route (trauma, SPEC
 * §2.4) only well above it. With the default physics (P_crit = 0.7, k = 1) trauma starts at
 * {@link #traumaFactor(PhysicsConfig) 1.867}× the baseline: a 100 ms latency baseline scars
 * above 186.7 ms. Users who think in limits ("fail above 500 ms or 25 % errors", like a
 * circuit breaker's slow-call and failure-rate thresholds) should use {@link #fromLimits}, which
 * chooses the baselines so that trauma starts exactly at the limits.
 *
 * <p>This is a record: {@code equals} compares every component as {@link Double#compare} does;
 * TeaVM 0.16 compiles its generated {@code equals/hashCode/toString} for the browser build.
 *
 * @param baselineLatencyMs      latency that counts as normal, in ms: the latency baseline (&gt; 0)
 * @param maxAcceptableLatencyMs the latency the service promises not to exceed, in ms (&gt; 0;
 *                               documentation, not used by the physics)
 * @param targetErrorRate        error rate that counts as normal: the error baseline (&gt; 0)
 * @param baselineSaturation     saturation (in-flight ÷ capacity) that counts as normal (&gt; 0)
 * @param latencyCriticality     criticality of latency, in [0, 10]
 * @param errorCriticality       criticality of errors, in [0, 10]
 * @param saturationCriticality  criticality of saturation, in [0, 10]
 */
public record Slo(double baselineLatencyMs, double maxAcceptableLatencyMs, double targetErrorRate,
                  double baselineSaturation, double latencyCriticality, double errorCriticality,
                  double saturationCriticality) {

    /** The default saturation baseline of SPEC.md §2.1. */
    public static final double SATURATION_BASELINE = 0.5;

    private static final Slo DEFAULTS = new Slo(100, 500, 0.01, SATURATION_BASELINE, 5, 8, 3);

    /**
     * Validates every component. Baselines are divisors of the pressure (SPEC §2.2), so any
     * finite positive value is safe: a tiny one saturates the pressure at ±1, it never overflows
     * into the state.
     *
     * @throws IllegalArgumentException naming the first field outside its range
     */
    public Slo {
        ConfigChecks.greaterThan("Slo.baselineLatencyMs", baselineLatencyMs, 0);
        ConfigChecks.greaterThan("Slo.maxAcceptableLatencyMs", maxAcceptableLatencyMs, 0);
        ConfigChecks.greaterThan("Slo.targetErrorRate", targetErrorRate, 0);
        ConfigChecks.greaterThan("Slo.baselineSaturation", baselineSaturation, 0);
        ConfigChecks.between("Slo.criticality.latency", latencyCriticality, 0, 10);
        ConfigChecks.between("Slo.criticality.error", errorCriticality, 0, 10);
        ConfigChecks.between("Slo.criticality.saturation", saturationCriticality, 0, 10);
    }

    /** The defaults of SPEC.md §2.1. */
    public static Slo defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /**
     * An SLO stated as limits for the default physics ({@link PhysicsConfig#defaults()}): trauma
     * starts exactly when the mean latency exceeds {@code maxLatencyMs} or the error rate exceeds
     * {@code maxErrorRate}. The saturation baseline keeps its default ({@value #SATURATION_BASELINE}).
     *
     * @see #fromLimits(double, double, double, PhysicsConfig)
     */
    public static Slo fromLimits(double maxLatencyMs, double maxErrorRate) {
        return fromLimits(maxLatencyMs, maxErrorRate, Double.NaN, PhysicsConfig.defaults());
    }

    /**
     * An SLO stated as limits for the default physics, saturation included (in-flight ÷ capacity,
     * e.g. 0.9).
     *
     * @see #fromLimits(double, double, double, PhysicsConfig)
     */
    public static Slo fromLimits(double maxLatencyMs, double maxErrorRate, double maxSaturation) {
        return fromLimits(maxLatencyMs, maxErrorRate, maxSaturation, PhysicsConfig.defaults());
    }

    /**
     * An SLO stated as limits: each baseline is chosen so that trauma (SPEC §2.4) starts exactly
     * at its limit, for the physics it will run with.
     *
     * <p><b>Derivation.</b> One axis with raw value x and baseline b has pressure
     * p = tanh(((x − b)/b)·k). When the other axes are at or below their baselines their
     * pressures are ≤ 0, so ‖P⁺‖ = max(p, 0), and trauma (‖P⁺‖ &gt; P_crit) holds exactly when
     * tanh(((x − b)/b)·k) &gt; P_crit, that is (x − b)/b &gt; atanh(P_crit)/k, that is
     * x &gt; b·(1 + atanh(P_crit)/k). Setting the limit L = b·(1 + atanh(P_crit)/k) gives
     * <pre>    b = L / (1 + atanh(P_crit)/k)      (= L / 1.8673 with P_crit = 0.7, k = 1)</pre>
     * When several axes are stressed at once their pressures add up in the norm, so trauma can
     * start below each single limit: two axes each at their limit give ‖P⁺‖ = √2·P_crit. The
     * limit is the threshold for one axis alone. {@link #maxAcceptableLatencyMs()} is set to
     * the latency limit; criticalities keep their defaults ({@link #toBuilder()} changes them).
     *
     * @param maxLatencyMs   mean latency above which the route is in trauma (&gt; 0)
     * @param maxErrorRate   error rate above which the route is in trauma (&gt; 0)
     * @param maxSaturation  saturation above which the route is in trauma (&gt; 0), or NaN to keep
     *                       the default saturation baseline
     * @param physics        the physics the SLO will be used with (P_crit &lt; 1 and k)
     * @throws IllegalArgumentException naming the limit that is not a finite number &gt; 0, or
     *                                  when {@code physics.criticalPressure()} is ≥ 1 (then one
     *                                  axis alone can never cause trauma and no limit exists)
     */
    public static Slo fromLimits(double maxLatencyMs, double maxErrorRate, double maxSaturation,
                                 PhysicsConfig physics) {
        Objects.requireNonNull(physics, "physics must not be null");
        double factor = traumaFactor(physics);
        Builder b = builder()
                .baselineLatencyMs(ConfigChecks.greaterThan("Slo.fromLimits.maxLatencyMs", maxLatencyMs, 0) / factor)
                .maxAcceptableLatencyMs(maxLatencyMs)
                .targetErrorRate(ConfigChecks.greaterThan("Slo.fromLimits.maxErrorRate", maxErrorRate, 0) / factor);
        if (!Double.isNaN(maxSaturation)) {
            b.baselineSaturation(ConfigChecks.greaterThan("Slo.fromLimits.maxSaturation", maxSaturation, 0) / factor);
        }
        return b.build();
    }

    /**
     * How far above its baseline one stressed axis must go before the route is in trauma:
     * {@code 1 + atanh(P_crit)/k} (1.8673 for the default physics). A baseline b scars above
     * b × this factor. Computed with fdlibm's log, so it is the same double on every platform.
     *
     * @throws IllegalArgumentException when {@code physics.criticalPressure()} is ≥ 1, or when
     *                                  {@code physics.tanhScale()} is so small that the factor
     *                                  overflows
     */
    public static double traumaFactor(PhysicsConfig physics) {
        double pc = physics.criticalPressure();
        if (!(pc < 1)) {
            throw new IllegalArgumentException("PhysicsConfig.criticalPressure must be < 1 for an SLO stated as "
                    + "limits (one axis alone never exceeds pressure 1), got " + pc);
        }
        double atanh = 0.5 * FdlibmMath.log((1 + pc) / (1 - pc));
        double factor = 1 + atanh / physics.tanhScale();
        if (factor == Double.POSITIVE_INFINITY) {
            // A k below about 1e-308 overflows atanh(P_crit)/k: no finite baseline would do.
            throw new IllegalArgumentException("PhysicsConfig.tanhScale is too small for an SLO stated as limits: "
                    + "1 + atanh(criticalPressure)/tanhScale overflows, got " + physics.tanhScale());
        }
        return factor;
    }

    /** A builder holding this SLO's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder; {@link #build()} validates every field. */
    public static final class Builder {
        private double baselineLatencyMs;
        private double maxAcceptableLatencyMs;
        private double targetErrorRate;
        private double baselineSaturation;
        private double latencyCriticality;
        private double errorCriticality;
        private double saturationCriticality;

        private Builder(Slo from) {
            baselineLatencyMs = from.baselineLatencyMs;
            maxAcceptableLatencyMs = from.maxAcceptableLatencyMs;
            targetErrorRate = from.targetErrorRate;
            baselineSaturation = from.baselineSaturation;
            latencyCriticality = from.latencyCriticality;
            errorCriticality = from.errorCriticality;
            saturationCriticality = from.saturationCriticality;
        }

        /** Latency baseline in ms (&gt; 0), default 100. */
        public Builder baselineLatencyMs(double ms) {
            this.baselineLatencyMs = ms;
            return this;
        }

        /** Informational latency ceiling in ms (&gt; 0), default 500. */
        public Builder maxAcceptableLatencyMs(double ms) {
            this.maxAcceptableLatencyMs = ms;
            return this;
        }

        /** Error-rate baseline (&gt; 0), default 0.01. */
        public Builder targetErrorRate(double rate) {
            this.targetErrorRate = rate;
            return this;
        }

        /** Saturation baseline (&gt; 0), default {@value Slo#SATURATION_BASELINE}. */
        public Builder baselineSaturation(double saturation) {
            this.baselineSaturation = saturation;
            return this;
        }

        /** Criticality of latency (0–10), default 5. */
        public Builder latencyCriticality(double c) {
            this.latencyCriticality = c;
            return this;
        }

        /** Criticality of errors (0–10), default 8. */
        public Builder errorCriticality(double c) {
            this.errorCriticality = c;
            return this;
        }

        /** Criticality of saturation (0–10), default 3. */
        public Builder saturationCriticality(double c) {
            this.saturationCriticality = c;
            return this;
        }

        /** All three criticalities at once (each 0–10). */
        public Builder criticality(double latency, double error, double saturation) {
            return latencyCriticality(latency).errorCriticality(error).saturationCriticality(saturation);
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the first field outside its range
         */
        public Slo build() {
            return new Slo(baselineLatencyMs, maxAcceptableLatencyMs, targetErrorRate, baselineSaturation,
                    latencyCriticality, errorCriticality, saturationCriticality);
        }
    }
}
