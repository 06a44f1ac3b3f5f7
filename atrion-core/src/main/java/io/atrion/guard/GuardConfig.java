package io.atrion.guard;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a {@link RouteGuard} measures its calls and probes an open breaker. Immutable; build with
 * {@link #builder()}.
 *
 * <table>
 *   <caption>Settings, defaults and ranges</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>maxConcurrentCalls</td><td>100</td><td>capacity: saturation = in-flight ÷ this (≥ 1)</td></tr>
 *   <tr><td>telemetryWindow</td><td>100</td><td>calls in the latency and error averages; α = 2/(window+1) (≥ 1)</td></tr>
 *   <tr><td>errorConfidenceZ</td><td>1.96</td><td>the physics sees the lower bound of this confidence interval of the error rate (≥ 0; 0 = the plain average)</td></tr>
 *   <tr><td>updateIntervalMillis</td><td>100</td><td>at most one physics update per interval; admissions in between decide on the current state (≥ 0; 0 = every admission updates)</td></tr>
 *   <tr><td>probeIntervalMillis</td><td>1000</td><td>at most one probe per interval while the breaker is open (≥ 0)</td></tr>
 *   <tr><td>probeMinVoltage</td><td>20 (normal)</td><td>only calls with at least this voltage may probe (≥ 0)</td></tr>
 *   <tr><td>recordException</td><td>every exception</td><td>which exceptions count as errors</td></tr>
 *   <tr><td>recordResult</td><td>none</td><td>which results count as errors (e.g. HTTP 5xx)</td></tr>
 * </table>
 */
public final class GuardConfig {

    private static final GuardConfig DEFAULTS = builder().build();

    private final int maxConcurrentCalls;
    private final int telemetryWindow;
    private final double errorConfidenceZ;
    private final long updateIntervalMillis;
    private final long probeIntervalMillis;
    private final double probeMinVoltage;
    private final Predicate<? super Throwable> recordException;
    private final Predicate<Object> recordResult;

    private GuardConfig(Builder b) {
        if (b.maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("GuardConfig.maxConcurrentCalls must be an integer >= 1, got "
                    + b.maxConcurrentCalls);
        }
        if (b.telemetryWindow < 1) {
            throw new IllegalArgumentException("GuardConfig.telemetryWindow must be an integer >= 1, got "
                    + b.telemetryWindow);
        }
        if (!Double.isFinite(b.errorConfidenceZ) || b.errorConfidenceZ < 0) {
            throw new IllegalArgumentException("GuardConfig.errorConfidenceZ must be a finite number >= 0, got "
                    + b.errorConfidenceZ);
        }
        if (b.updateIntervalMillis < 0) {
            throw new IllegalArgumentException("GuardConfig.updateIntervalMillis must be >= 0, got "
                    + b.updateIntervalMillis);
        }
        if (b.probeIntervalMillis < 0) {
            throw new IllegalArgumentException("GuardConfig.probeIntervalMillis must be >= 0, got "
                    + b.probeIntervalMillis);
        }
        if (!Double.isFinite(b.probeMinVoltage) || b.probeMinVoltage < 0) {
            throw new IllegalArgumentException("GuardConfig.probeMinVoltage must be a finite number >= 0, got "
                    + b.probeMinVoltage);
        }
        this.maxConcurrentCalls = b.maxConcurrentCalls;
        this.telemetryWindow = b.telemetryWindow;
        this.errorConfidenceZ = b.errorConfidenceZ;
        this.updateIntervalMillis = b.updateIntervalMillis;
        this.probeIntervalMillis = b.probeIntervalMillis;
        this.probeMinVoltage = b.probeMinVoltage;
        this.recordException = b.recordException;
        this.recordResult = b.recordResult;
    }

    /** The defaults. */
    public static GuardConfig defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's settings. */
    public Builder toBuilder() {
        Builder b = new Builder().maxConcurrentCalls(maxConcurrentCalls).telemetryWindow(telemetryWindow)
                .errorConfidenceZ(errorConfidenceZ).updateIntervalMillis(updateIntervalMillis).probeIntervalMillis(probeIntervalMillis).probeMinVoltage(probeMinVoltage);
        b.recordException = recordException;
        b.recordResult = recordResult;
        return b;
    }

    /** Capacity of the route: saturation = in-flight calls ÷ this. */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** Calls in the exponentially weighted latency and error averages. */
    public int telemetryWindow() {
        return telemetryWindow;
    }

    /** Weight of the newest call in the averages, 2 / (telemetryWindow + 1). */
    public double alpha() {
        return 2.0 / (telemetryWindow + 1.0);
    }

    /**
     * z of the confidence interval whose lower bound is the error rate the physics sees (1.96:
     * 95 %); 0 passes the plain average. See {@link RouteGuard} for why.
     */
    public double errorConfidenceZ() {
        return errorConfidenceZ;
    }

    /**
     * At most one physics update per this many ms; admissions in between decide on the route's
     * current state (0: every admission is an update). See {@link RouteGuard} for why.
     */
    public long updateIntervalMillis() {
        return updateIntervalMillis;
    }

    /** Minimum time between two probes of an open breaker, in ms. */
    public long probeIntervalMillis() {
        return probeIntervalMillis;
    }

    /** Lowest voltage allowed to probe an open breaker. */
    public double probeMinVoltage() {
        return probeMinVoltage;
    }

    /** Whether this exception counts as an error of the route (a predicate that throws counts it). */
    public boolean isError(Throwable t) {
        try {
            return recordException.test(t);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Whether this result counts as an error of the route (a predicate that throws counts it). */
    public boolean isErrorResult(Object result) {
        try {
            return recordResult.test(result);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int maxConcurrentCalls = 100;
        private int telemetryWindow = 100;
        private double errorConfidenceZ = 1.96;
        private long updateIntervalMillis = 100;
        private long probeIntervalMillis = 1000;
        private double probeMinVoltage = 20;
        private Predicate<? super Throwable> recordException = t -> true;
        private Predicate<Object> recordResult = r -> false;

        private Builder() {
        }

        /** Capacity (≥ 1), default 100. */
        public Builder maxConcurrentCalls(int calls) {
            this.maxConcurrentCalls = calls;
            return this;
        }

        /** Calls in the latency and error averages (≥ 1), default 100. */
        public Builder telemetryWindow(int calls) {
            this.telemetryWindow = calls;
            return this;
        }

        /**
         * z of the error rate's confidence interval (≥ 0), default 1.96 (95 %); the physics sees
         * its lower bound. 0 feeds the plain average.
         */
        public Builder errorConfidenceZ(double z) {
            this.errorConfidenceZ = z;
            return this;
        }

        /**
         * At most one physics update per this many ms (≥ 0), default 100; 0 makes every
         * admission an update (the scar then grows with the request rate).
         */
        public Builder updateIntervalMillis(long millis) {
            this.updateIntervalMillis = millis;
            return this;
        }

        /** Minimum ms between probes of an open breaker (≥ 0), default 1000. */
        public Builder probeIntervalMillis(long millis) {
            this.probeIntervalMillis = millis;
            return this;
        }

        /** Lowest voltage that may probe (≥ 0), default 20; set it above every caller's voltage to never probe. */
        public Builder probeMinVoltage(double voltage) {
            this.probeMinVoltage = voltage;
            return this;
        }

        /** Which exceptions count as errors; default: all. E.g. {@code t -> !(t instanceof ClientError)}. */
        public Builder recordException(Predicate<? super Throwable> predicate) {
            this.recordException = Objects.requireNonNull(predicate, "recordException must not be null");
            return this;
        }

        /**
         * Which results count as errors; default: none. The predicate sees every result, null
         * included, e.g. {@code r -> r instanceof Response && ((Response) r).status() >= 500}.
         */
        @SuppressWarnings("unchecked")
        public Builder recordResult(Predicate<?> predicate) {
            this.recordResult = (Predicate<Object>) Objects.requireNonNull(predicate, "recordResult must not be null");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the setting out of range
         */
        public GuardConfig build() {
            return new GuardConfig(this);
        }
    }
}
