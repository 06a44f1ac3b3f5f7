package io.atrion.guard;

import io.atrion.Slo;
import io.atrion.WorkloadProfile;
import io.atrion.internal.ConfigChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a {@link RouteGuard} measures its calls, paces the physics, probes a shed route, and which
 * outcomes count as errors. Immutable; build with {@link #builder()}; equal when every setting is
 * equal (predicates compare by identity).
 *
 * <table>
 *   <caption>Settings, defaults and ranges</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>maxLatencyMs, maxErrorRate, maxSaturation</td><td>the instance's {@link Slo}</td><td>limits of this
 *       route: the guard reports its telemetry so that trauma starts exactly at these limits (each &gt; 0,
 *       or unset); see {@link Builder#limits}</td></tr>
 *   <tr><td>maxConcurrentCalls</td><td>100</td><td>capacity: saturation = in-flight ÷ this (≥ 1)</td></tr>
 *   <tr><td>telemetryWindow</td><td>100</td><td>weight of the newest call in the latency and error averages
 *       is α = 2/(window+1), an exponentially weighted moving average whose mean age is about window/2
 *       calls (≥ 1)</td></tr>
 *   <tr><td>errorConfidenceZ</td><td>1.96</td><td>the physics sees the lower bound of this confidence interval
 *       of the error rate (≥ 0; 0 = the plain average)</td></tr>
 *   <tr><td>updateIntervalMillis</td><td>100</td><td>at most one physics update per interval, and only after a
 *       call started or ended since the last one; admissions in between decide on the current state
 *       (≥ 0)</td></tr>
 *   <tr><td>probeIntervalMillis</td><td>1000</td><td>at most one probe start per interval, and only after no
 *       call ended for an interval (≥ 0)</td></tr>
 *   <tr><td>probeTimeoutMillis</td><td>5000</td><td>a probe's lease: a probe that has not ended by then counts
 *       as failed, leaves the in-flight count, and the next probe may go (≥ 1)</td></tr>
 *   <tr><td>probeMinVoltage</td><td>0</td><td>only calls with at least this voltage may probe (≥ 0); with 0,
 *       every caller a healthy route admits (V &gt; R_base), so every tier; a route whose callers are all below
 *       it never learns that it healed</td></tr>
 *   <tr><td>recordException / ignoreExceptions</td><td>every exception</td><td>which exceptions count as
 *       errors</td></tr>
 *   <tr><td>recordResult</td><td>none</td><td>which results count as errors (e.g. HTTP 5xx)</td></tr>
 *   <tr><td>profile</td><td>none (the route's)</td><td>the route's {@link WorkloadProfile}, registered when the guard
 *       is created (SPEC §4): its latency baseline and σ</td></tr>
 * </table>
 *
 * <h2>Classifying outcomes never fails</h2>
 * The predicates run on the caller's thread as a call ends. One that throws (a {@link ClassCastException}
 * from a cast to the wrong type, say) does not change the outcome's default: a call that returned is a
 * success, a call that threw is an error; the guard counts such predicate failures
 * ({@link RouteGuard#classificationFailures()}). To classify results of one type, prefer the typed
 * {@link Builder#recordResult(Class, Predicate)}, which never sees another type (nor null).
 */
public final class GuardConfig {

    private static final Predicate<Object> NO_RESULT_IS_AN_ERROR = r -> false;
    private static final Predicate<Throwable> EVERY_EXCEPTION_IS_AN_ERROR = t -> true;
    private static final GuardConfig DEFAULTS = builder().build();

    static final int SUCCESS = 0;
    static final int ERROR = 1;
    /** Flag: the predicate threw; the outcome is its default. */
    static final int PREDICATE_FAILED = 2;

    private final int maxConcurrentCalls;
    private final int telemetryWindow;
    private final double errorConfidenceZ;
    private final long updateIntervalMillis;
    private final long probeIntervalMillis;
    private final long probeTimeoutMillis;
    private final double probeMinVoltage;
    private final double maxLatencyMs;
    private final double maxErrorRate;
    private final double maxSaturation;
    private final Predicate<? super Throwable> recordException;
    private final List<Class<? extends Throwable>> ignoredExceptions;
    private final Predicate<Object> recordResult;
    private final WorkloadProfile profile;

    private GuardConfig(Builder b) {
        this.maxConcurrentCalls = ConfigChecks.atLeast("GuardConfig.maxConcurrentCalls", b.maxConcurrentCalls, 1);
        this.telemetryWindow = ConfigChecks.atLeast("GuardConfig.telemetryWindow", b.telemetryWindow, 1);
        this.errorConfidenceZ = ConfigChecks.atLeast("GuardConfig.errorConfidenceZ", b.errorConfidenceZ, 0);
        this.updateIntervalMillis = ConfigChecks.atLeast("GuardConfig.updateIntervalMillis", b.updateIntervalMillis, 0L);
        this.probeIntervalMillis = ConfigChecks.atLeast("GuardConfig.probeIntervalMillis", b.probeIntervalMillis, 0L);
        this.probeTimeoutMillis = ConfigChecks.atLeast("GuardConfig.probeTimeoutMillis", b.probeTimeoutMillis, 1L);
        this.probeMinVoltage = ConfigChecks.atLeast("GuardConfig.probeMinVoltage", b.probeMinVoltage, 0);
        this.maxLatencyMs = limit("GuardConfig.maxLatencyMs", b.maxLatencyMs);
        this.maxErrorRate = limit("GuardConfig.maxErrorRate", b.maxErrorRate);
        this.maxSaturation = limit("GuardConfig.maxSaturation", b.maxSaturation);
        this.recordException = b.recordException;
        this.ignoredExceptions = List.copyOf(b.ignoredExceptions);
        this.recordResult = b.recordResult;
        this.profile = b.profile;
    }

    /** NaN (unset) or a finite number &gt; 0. */
    private static double limit(String field, double value) {
        return Double.isNaN(value) ? value : ConfigChecks.greaterThan(field, value, 0);
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
        Builder b = new Builder()
                .maxConcurrentCalls(maxConcurrentCalls)
                .telemetryWindow(telemetryWindow)
                .errorConfidenceZ(errorConfidenceZ)
                .updateIntervalMillis(updateIntervalMillis)
                .probeIntervalMillis(probeIntervalMillis)
                .probeTimeoutMillis(probeTimeoutMillis)
                .probeMinVoltage(probeMinVoltage)
                .maxLatencyMs(maxLatencyMs)
                .maxErrorRate(maxErrorRate)
                .maxSaturation(maxSaturation);
        b.recordException = recordException;
        b.ignoredExceptions.addAll(ignoredExceptions);
        b.recordResult = recordResult;
        b.profile = profile;
        return b;
    }

    /** Capacity of the route: saturation = in-flight calls ÷ this. */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** Sets the weight of the newest call in the latency and error averages: α = 2/(window+1). */
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
     * At most one physics update per this many ms, and only when a call started or ended since the
     * previous update; admissions in between decide on the route's current state. See
     * {@link RouteGuard} for why.
     */
    public long updateIntervalMillis() {
        return updateIntervalMillis;
    }

    /** Minimum time between two probe starts, in ms; also how long no call must have ended before a probe. */
    public long probeIntervalMillis() {
        return probeIntervalMillis;
    }

    /** A probe's lease in ms: a probe still running after this counts as failed and frees its slot. */
    public long probeTimeoutMillis() {
        return probeTimeoutMillis;
    }

    /** Lowest voltage allowed to probe. */
    public double probeMinVoltage() {
        return probeMinVoltage;
    }

    /** The route's latency limit in ms, or NaN to use the instance's {@link Slo}. */
    public double maxLatencyMs() {
        return maxLatencyMs;
    }

    /** The route's error-rate limit, or NaN to use the instance's {@link Slo}. */
    public double maxErrorRate() {
        return maxErrorRate;
    }

    /** The route's saturation limit (in-flight ÷ capacity), or NaN to use the instance's {@link Slo}. */
    public double maxSaturation() {
        return maxSaturation;
    }

    /** The workload profile the guard registers for its route, or null to keep the route's (SPEC §4). */
    public WorkloadProfile profile() {
        return profile;
    }

    /**
     * Whether this exception counts as an error of the route: not of an ignored type, and accepted
     * by the {@code recordException} predicate. Never throws: a predicate that throws counts the
     * exception as an error.
     */
    public boolean isError(Throwable t) {
        return (classifyThrowable(t) & ERROR) != 0;
    }

    /**
     * Whether this result counts as an error of the route. Never throws: a predicate that throws
     * (e.g. a {@link ClassCastException}) counts the result as a success.
     */
    public boolean isErrorResult(Object result) {
        return (classifyResult(result) & ERROR) != 0;
    }

    int classifyThrowable(Throwable t) {
        for (Class<? extends Throwable> ignored : ignoredExceptions) {
            if (ignored.isInstance(t)) {
                return SUCCESS;
            }
        }
        try {
            return recordException.test(t) ? ERROR : SUCCESS;
        } catch (RuntimeException predicateFailed) {
            return ERROR | PREDICATE_FAILED; // the call threw: an error, whatever the predicate meant
        }
    }

    int classifyResult(Object result) {
        try {
            return recordResult.test(result) ? ERROR : SUCCESS;
        } catch (RuntimeException predicateFailed) {
            return SUCCESS | PREDICATE_FAILED; // the call returned: a success unless a predicate says otherwise
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GuardConfig)) {
            return false;
        }
        GuardConfig c = (GuardConfig) o;
        return maxConcurrentCalls == c.maxConcurrentCalls
                && telemetryWindow == c.telemetryWindow
                && Double.compare(errorConfidenceZ, c.errorConfidenceZ) == 0
                && updateIntervalMillis == c.updateIntervalMillis
                && probeIntervalMillis == c.probeIntervalMillis
                && probeTimeoutMillis == c.probeTimeoutMillis
                && Double.compare(probeMinVoltage, c.probeMinVoltage) == 0
                && Double.compare(maxLatencyMs, c.maxLatencyMs) == 0
                && Double.compare(maxErrorRate, c.maxErrorRate) == 0
                && Double.compare(maxSaturation, c.maxSaturation) == 0
                && recordException.equals(c.recordException)
                && ignoredExceptions.equals(c.ignoredExceptions)
                && recordResult.equals(c.recordResult)
                && Objects.equals(profile, c.profile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConcurrentCalls, telemetryWindow, errorConfidenceZ, updateIntervalMillis,
                probeIntervalMillis, probeTimeoutMillis, probeMinVoltage, maxLatencyMs, maxErrorRate, maxSaturation,
                recordException, ignoredExceptions, recordResult, profile);
    }

    @Override
    public String toString() {
        return "GuardConfig{maxLatencyMs=" + orSlo(maxLatencyMs) + ", maxErrorRate=" + orSlo(maxErrorRate)
                + ", maxSaturation=" + orSlo(maxSaturation)
                + ", maxConcurrentCalls=" + maxConcurrentCalls + ", telemetryWindow=" + telemetryWindow
                + ", errorConfidenceZ=" + errorConfidenceZ + ", updateIntervalMillis=" + updateIntervalMillis
                + ", probeIntervalMillis=" + probeIntervalMillis + ", probeTimeoutMillis=" + probeTimeoutMillis
                + ", probeMinVoltage=" + probeMinVoltage
                + ", recordException=" + (recordException == EVERY_EXCEPTION_IS_AN_ERROR ? "every exception" : "custom")
                + ", ignoreExceptions=" + names(ignoredExceptions)
                + ", recordResult=" + (recordResult == NO_RESULT_IS_AN_ERROR ? "no result" : "custom")
                + (profile == null ? "" : ", profile=" + profile.name()) + "}";
    }

    private static String orSlo(double limit) {
        return Double.isNaN(limit) ? "slo" : Double.toString(limit);
    }

    private static String names(List<Class<? extends Throwable>> types) {
        List<String> n = new ArrayList<>();
        for (Class<?> t : types) {
            n.add(t.getName());
        }
        return n.toString();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int maxConcurrentCalls = 100;
        private int telemetryWindow = 100;
        private double errorConfidenceZ = 1.96;
        private long updateIntervalMillis = 100;
        private long probeIntervalMillis = 1000;
        private long probeTimeoutMillis = 5000;
        private double probeMinVoltage = 0;
        private double maxLatencyMs = Double.NaN;
        private double maxErrorRate = Double.NaN;
        private double maxSaturation = Double.NaN;
        private Predicate<? super Throwable> recordException = EVERY_EXCEPTION_IS_AN_ERROR;
        private final List<Class<? extends Throwable>> ignoredExceptions = new ArrayList<>();
        private Predicate<Object> recordResult = NO_RESULT_IS_AN_ERROR;
        private WorkloadProfile profile;

        private Builder() {
        }

        /**
         * The route's workload profile (SPEC §4), registered with the instance when the guard is
         * created ({@link io.atrion.Atrion#registerProfile}): the route's latency baseline and σ
         * follow it, and {@link RouteGuard#executeTask} uses it. Null keeps the route's.
         */
        public Builder profile(WorkloadProfile profile) {
            this.profile = profile;
            return this;
        }

        /**
         * The route's limits, the way a circuit breaker states its slow-call and failure-rate
         * thresholds: the physics starts to scar the route (trauma, SPEC §2.4) exactly when the
         * mean latency exceeds {@code maxLatencyMs} or the error rate exceeds {@code maxErrorRate}
         * (one axis alone; see {@link Slo#fromLimits(double, double, double, io.atrion.PhysicsConfig)}).
         * Unset, the instance's {@link Slo} applies. Each guard may have its own limits although one
         * {@code Atrion} instance has one SLO: the guard reports each measurement scaled by the ratio
         * of the SLO's baseline to the baseline these limits imply, which gives exactly the pressure
         * tanh(((x − b)/b)·k) of a route whose baseline is the latter.
         *
         * @param maxLatencyMs mean latency limit in ms (&gt; 0)
         * @param maxErrorRate error-rate limit (&gt; 0), e.g. 0.25
         */
        public Builder limits(double maxLatencyMs, double maxErrorRate) {
            return maxLatencyMs(maxLatencyMs).maxErrorRate(maxErrorRate);
        }

        /** The route's latency limit in ms (&gt; 0; NaN = the instance's SLO). See {@link #limits}. */
        public Builder maxLatencyMs(double ms) {
            this.maxLatencyMs = ms;
            return this;
        }

        /** The route's error-rate limit (&gt; 0; NaN = the instance's SLO). See {@link #limits}. */
        public Builder maxErrorRate(double rate) {
            this.maxErrorRate = rate;
            return this;
        }

        /**
         * The route's saturation limit, in-flight ÷ {@link #maxConcurrentCalls} (&gt; 0, e.g. 0.9;
         * NaN = the instance's SLO). See {@link #limits}.
         */
        public Builder maxSaturation(double saturation) {
            this.maxSaturation = saturation;
            return this;
        }

        /** Capacity (≥ 1), default 100. */
        public Builder maxConcurrentCalls(int calls) {
            this.maxConcurrentCalls = calls;
            return this;
        }

        /** Calls behind the averages' weight α = 2/(calls+1) (≥ 1), default 100. */
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
         * At most one physics update per this many ms (≥ 0), default 100, and only after a call
         * started or ended since the previous update; 0 lets every admission with fresh evidence
         * update (the scar then grows with the request rate).
         */
        public Builder updateIntervalMillis(long millis) {
            this.updateIntervalMillis = millis;
            return this;
        }

        /** Minimum ms between probe starts (≥ 0), default 1000. */
        public Builder probeIntervalMillis(long millis) {
            this.probeIntervalMillis = millis;
            return this;
        }

        /**
         * A probe's lease in ms (≥ 1), default 5000: a probe that has not ended by then (a
         * black-holed dependency, a stage that never completes) counts as a failed probe, leaves the
         * in-flight count, and lets the next probe go.
         */
        public Builder probeTimeoutMillis(long millis) {
            this.probeTimeoutMillis = millis;
            return this;
        }

        /**
         * Lowest voltage that may probe (≥ 0), default 0: any caller whose voltage a healthy route
         * admits (above R_base; a caller at or below it is shed by every route). A shed route learns that its
         * dependency healed only from a probe (no call starts or ends otherwise, so nothing updates
         * it), so a floor above every caller of a route leaves it shed for good (with the earlier
         * default of 20 V, a route called only at {@code VoltageTier.LOW}, 15 V, or {@code BULK},
         * 12 V, never healed). Set it above every caller's voltage to never probe.
         */
        public Builder probeMinVoltage(double voltage) {
            this.probeMinVoltage = voltage;
            return this;
        }

        /**
         * Which exceptions count as errors (together with {@link #ignoreExceptions}); default: all.
         * A predicate that throws counts the exception as an error.
         */
        public Builder recordException(Predicate<? super Throwable> predicate) {
            this.recordException = Objects.requireNonNull(predicate, "GuardConfig.recordException must not be null");
            return this;
        }

        /**
         * Exceptions of these types (and their subtypes) never count as errors, e.g. a client's own
         * mistake ({@code IllegalArgumentException}) or a 4xx. Adds to the types given before.
         */
        @SafeVarargs
        public final Builder ignoreExceptions(Class<? extends Throwable>... types) {
            for (Class<? extends Throwable> t : types) {
                ignoredExceptions.add(Objects.requireNonNull(t, "GuardConfig.ignoreExceptions must not contain null"));
            }
            return this;
        }

        /**
         * Which results count as errors; default: none. The predicate sees every result, null
         * included, e.g. {@code r -> r instanceof Response && ((Response) r).status() >= 500}; one
         * that throws counts the result as a success. For results of one type prefer
         * {@link #recordResult(Class, Predicate)}. Replaces an earlier {@code recordResult}.
         */
        public Builder recordResult(Predicate<Object> predicate) {
            this.recordResult = Objects.requireNonNull(predicate, "GuardConfig.recordResult must not be null");
            return this;
        }

        /**
         * Which results of {@code type} count as errors, e.g.
         * {@code recordResult(Response.class, r -> r.status() >= 500)}: results of another type, and
         * null, are never errors and never reach the predicate. Replaces an earlier
         * {@code recordResult}.
         */
        public <T> Builder recordResult(Class<T> type, Predicate<? super T> predicate) {
            Objects.requireNonNull(type, "GuardConfig.recordResult type must not be null");
            Objects.requireNonNull(predicate, "GuardConfig.recordResult must not be null");
            this.recordResult = r -> type.isInstance(r) && predicate.test(type.cast(r));
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
