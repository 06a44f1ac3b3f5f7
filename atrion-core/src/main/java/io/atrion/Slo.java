package io.atrion;

import java.util.Objects;

/**
 * A route's service-level objective (SPEC.md §2.1): the baselines that count as "normal" and how
 * much each stress axis matters. Immutable; build with {@link #builder()}.
 *
 * <p>Baselines: latency = {@link #baselineLatencyMs()}, error rate = {@link #targetErrorRate()},
 * saturation = {@value #SATURATION_BASELINE}. Weights: {@code w = ln(1 + criticality)}, so the
 * default criticalities (5, 8, 3) weigh latency, errors and saturation by (ln 6, ln 9, ln 4).
 *
 * <table>
 *   <caption>Fields, defaults and allowed ranges</caption>
 *   <tr><th>field</th><th>default</th><th>range</th></tr>
 *   <tr><td>baselineLatencyMs</td><td>100</td><td>&gt; 0</td></tr>
 *   <tr><td>maxAcceptableLatencyMs</td><td>500</td><td>&gt; 0 (informational; the physics does not use it)</td></tr>
 *   <tr><td>targetErrorRate</td><td>0.01</td><td>&gt; 0</td></tr>
 *   <tr><td>criticality latency / error / saturation</td><td>5 / 8 / 3</td><td>[0, 10]</td></tr>
 * </table>
 */
public final class Slo {

    /** The saturation baseline, fixed by SPEC.md §2.1. */
    public static final double SATURATION_BASELINE = 0.5;

    private static final Slo DEFAULTS = builder().build();

    private final double baselineLatencyMs;
    private final double maxAcceptableLatencyMs;
    private final double targetErrorRate;
    private final double latencyCriticality;
    private final double errorCriticality;
    private final double saturationCriticality;

    private Slo(Builder b) {
        this.baselineLatencyMs = Checks.greaterThan("Slo.baselineLatencyMs", b.baselineLatencyMs, 0);
        this.maxAcceptableLatencyMs = Checks.greaterThan("Slo.maxAcceptableLatencyMs", b.maxAcceptableLatencyMs, 0);
        this.targetErrorRate = Checks.greaterThan("Slo.targetErrorRate", b.targetErrorRate, 0);
        this.latencyCriticality = Checks.between("Slo.criticality.latency", b.latencyCriticality, 0, 10);
        this.errorCriticality = Checks.between("Slo.criticality.error", b.errorCriticality, 0, 10);
        this.saturationCriticality = Checks.between("Slo.criticality.saturation", b.saturationCriticality, 0, 10);
    }

    /** The defaults of SPEC.md §2.1. */
    public static Slo defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this SLO's values. */
    public Builder toBuilder() {
        return new Builder()
                .baselineLatencyMs(baselineLatencyMs)
                .maxAcceptableLatencyMs(maxAcceptableLatencyMs)
                .targetErrorRate(targetErrorRate)
                .criticality(latencyCriticality, errorCriticality, saturationCriticality);
    }

    /** Latency that counts as normal, in ms: the latency baseline. */
    public double baselineLatencyMs() {
        return baselineLatencyMs;
    }

    /** The latency the service promises not to exceed, in ms (documentation; not used by the physics). */
    public double maxAcceptableLatencyMs() {
        return maxAcceptableLatencyMs;
    }

    /** Error rate that counts as normal: the error baseline. */
    public double targetErrorRate() {
        return targetErrorRate;
    }

    /** Criticality of latency, 0–10. */
    public double latencyCriticality() {
        return latencyCriticality;
    }

    /** Criticality of errors, 0–10. */
    public double errorCriticality() {
        return errorCriticality;
    }

    /** Criticality of saturation, 0–10. */
    public double saturationCriticality() {
        return saturationCriticality;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Slo)) {
            return false;
        }
        Slo s = (Slo) o;
        return Double.compare(baselineLatencyMs, s.baselineLatencyMs) == 0
                && Double.compare(maxAcceptableLatencyMs, s.maxAcceptableLatencyMs) == 0
                && Double.compare(targetErrorRate, s.targetErrorRate) == 0
                && Double.compare(latencyCriticality, s.latencyCriticality) == 0
                && Double.compare(errorCriticality, s.errorCriticality) == 0
                && Double.compare(saturationCriticality, s.saturationCriticality) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(baselineLatencyMs, maxAcceptableLatencyMs, targetErrorRate,
                latencyCriticality, errorCriticality, saturationCriticality);
    }

    @Override
    public String toString() {
        return "Slo{baselineLatencyMs=" + baselineLatencyMs + ", maxAcceptableLatencyMs=" + maxAcceptableLatencyMs
                + ", targetErrorRate=" + targetErrorRate + ", criticality=(" + latencyCriticality + ", "
                + errorCriticality + ", " + saturationCriticality + ")}";
    }

    /** Mutable builder; {@link #build()} validates every field. */
    public static final class Builder {
        private double baselineLatencyMs = 100;
        private double maxAcceptableLatencyMs = 500;
        private double targetErrorRate = 0.01;
        private double latencyCriticality = 5;
        private double errorCriticality = 8;
        private double saturationCriticality = 3;

        private Builder() {
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
            return new Slo(this);
        }
    }
}
