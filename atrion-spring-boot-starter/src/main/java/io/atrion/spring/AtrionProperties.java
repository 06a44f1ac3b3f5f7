package io.atrion.spring;

import io.atrion.Engine;
import io.atrion.VoltageTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the auto-configured {@link io.atrion.Atrion} bean and its integrations, under
 * {@code atrion.*}. Every physics, SLO, AutoTuner and guard setting left unset keeps the default of
 * SPEC.md; values are checked when the application starts, and an invalid one fails the start with
 * the property's name.
 */
@ConfigurationProperties(prefix = "atrion")
public class AtrionProperties {

    /** Whether to create the Atrion bean and its integrations. */
    private boolean enabled = true;

    /** Engine: AUTO (FAST), FAST or REFERENCE; unset: the ATRION_ENGINE environment variable, else AUTO. */
    private Engine engine;

    /** Voltage of calls that give none (≥ 0); 100 when unset. */
    private Double defaultVoltage;

    /** Keep per-route decision counters (the endpoint, the stream and the metrics report them). */
    private boolean decisionCounters = true;

    private final Physics physics = new Physics();
    private final Slo slo = new Slo();
    private final AutoTuner autoTuner = new AutoTuner();
    private final Guard guard = new Guard();

    /**
     * Per-route settings, keyed by route id. Ids with characters other than letters, digits, '-'
     * and '.' need brackets in YAML and properties keys, e.g. {@code atrion.routes.[GET /orders].tier}.
     */
    private final Map<String, Route> routes = new LinkedHashMap<>();

    private final Filter filter = new Filter();
    private final Health health = new Health();
    private final Stream stream = new Stream();
    private final Dashboard dashboard = new Dashboard();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Engine getEngine() {
        return engine;
    }

    public void setEngine(Engine engine) {
        this.engine = engine;
    }

    public Double getDefaultVoltage() {
        return defaultVoltage;
    }

    public void setDefaultVoltage(Double defaultVoltage) {
        this.defaultVoltage = defaultVoltage;
    }

    public boolean isDecisionCounters() {
        return decisionCounters;
    }

    public void setDecisionCounters(boolean decisionCounters) {
        this.decisionCounters = decisionCounters;
    }

    public Physics getPhysics() {
        return physics;
    }

    public Slo getSlo() {
        return slo;
    }

    public AutoTuner getAutoTuner() {
        return autoTuner;
    }

    public Guard getGuard() {
        return guard;
    }

    public Map<String, Route> getRoutes() {
        return routes;
    }

    public Filter getFilter() {
        return filter;
    }

    public Health getHealth() {
        return health;
    }

    public Stream getStream() {
        return stream;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    /** Physics constants (SPEC §2.1); unset ones keep their defaults. */
    public static class Physics {
        /** R_base, the floor of the resistance in ohms (≥ 0); default 10. */
        private Double baseResistance;
        /** λ, scar forgiveness per second (≥ 0); default 0.1. */
        private Double decayRate;
        /** σ, scar added per critical update (≥ 0); default 5. */
        private Double scarFactor;
        /** μ, weight of momentum (≥ 0); default 20. */
        private Double dampingFactor;
        /** P_crit, the trauma threshold on the positive pressure norm (> 0); default 0.7. */
        private Double criticalPressure;
        /** γ: static break point = R_base·γ, recovery point half of it (≥ 1); default 10. */
        private Double breakMultiplier;
        /** N, warm-up updates per route (≥ 1); default 10. */
        private Integer bootstrapTicks;
        /** k, steepness of the pressure normalization (> 0); default 1. */
        private Double tanhScale;

        public Double getBaseResistance() {
            return baseResistance;
        }

        public void setBaseResistance(Double baseResistance) {
            this.baseResistance = baseResistance;
        }

        public Double getDecayRate() {
            return decayRate;
        }

        public void setDecayRate(Double decayRate) {
            this.decayRate = decayRate;
        }

        public Double getScarFactor() {
            return scarFactor;
        }

        public void setScarFactor(Double scarFactor) {
            this.scarFactor = scarFactor;
        }

        public Double getDampingFactor() {
            return dampingFactor;
        }

        public void setDampingFactor(Double dampingFactor) {
            this.dampingFactor = dampingFactor;
        }

        public Double getCriticalPressure() {
            return criticalPressure;
        }

        public void setCriticalPressure(Double criticalPressure) {
            this.criticalPressure = criticalPressure;
        }

        public Double getBreakMultiplier() {
            return breakMultiplier;
        }

        public void setBreakMultiplier(Double breakMultiplier) {
            this.breakMultiplier = breakMultiplier;
        }

        public Integer getBootstrapTicks() {
            return bootstrapTicks;
        }

        public void setBootstrapTicks(Integer bootstrapTicks) {
            this.bootstrapTicks = bootstrapTicks;
        }

        public Double getTanhScale() {
            return tanhScale;
        }

        public void setTanhScale(Double tanhScale) {
            this.tanhScale = tanhScale;
        }
    }

    /**
     * The SLO every route is measured against: either as limits ({@code max-latency-ms} and
     * {@code max-error-rate}, optionally {@code max-saturation}: trauma starts exactly there, see
     * {@code Slo.fromLimits}) or as baselines ({@code baseline-latency-ms}, {@code target-error-rate},
     * {@code baseline-saturation}: what is normal), not both.
     */
    public static class Slo {
        /** Limit: mean latency in ms above which a route is in trauma (> 0); with max-error-rate. */
        private Double maxLatencyMs;
        /** Limit: error rate above which a route is in trauma (> 0); with max-latency-ms. */
        private Double maxErrorRate;
        /** Limit: saturation (in-flight ÷ capacity) above which a route is in trauma (> 0); optional. */
        private Double maxSaturation;
        /** Baseline: normal latency in ms (> 0); default 100. */
        private Double baselineLatencyMs;
        /** Baseline: informational latency ceiling in ms (> 0); default 500. */
        private Double maxAcceptableLatencyMs;
        /** Baseline: normal error rate (> 0); default 0.01. */
        private Double targetErrorRate;
        /** Baseline: normal saturation (> 0); default 0.5. */
        private Double baselineSaturation;
        private final Criticality criticality = new Criticality();

        public Double getMaxLatencyMs() {
            return maxLatencyMs;
        }

        public void setMaxLatencyMs(Double maxLatencyMs) {
            this.maxLatencyMs = maxLatencyMs;
        }

        public Double getMaxErrorRate() {
            return maxErrorRate;
        }

        public void setMaxErrorRate(Double maxErrorRate) {
            this.maxErrorRate = maxErrorRate;
        }

        public Double getMaxSaturation() {
            return maxSaturation;
        }

        public void setMaxSaturation(Double maxSaturation) {
            this.maxSaturation = maxSaturation;
        }

        public Double getBaselineLatencyMs() {
            return baselineLatencyMs;
        }

        public void setBaselineLatencyMs(Double baselineLatencyMs) {
            this.baselineLatencyMs = baselineLatencyMs;
        }

        public Double getMaxAcceptableLatencyMs() {
            return maxAcceptableLatencyMs;
        }

        public void setMaxAcceptableLatencyMs(Double maxAcceptableLatencyMs) {
            this.maxAcceptableLatencyMs = maxAcceptableLatencyMs;
        }

        public Double getTargetErrorRate() {
            return targetErrorRate;
        }

        public void setTargetErrorRate(Double targetErrorRate) {
            this.targetErrorRate = targetErrorRate;
        }

        public Double getBaselineSaturation() {
            return baselineSaturation;
        }

        public void setBaselineSaturation(Double baselineSaturation) {
            this.baselineSaturation = baselineSaturation;
        }

        public Criticality getCriticality() {
            return criticality;
        }
    }

    /** How much each stress axis matters, each in [0, 10]; weight = ln(1 + criticality). */
    public static class Criticality {
        /** Criticality of latency; default 5. */
        private Double latency;
        /** Criticality of errors; default 8. */
        private Double error;
        /** Criticality of saturation; default 3. */
        private Double saturation;

        public Double getLatency() {
            return latency;
        }

        public void setLatency(Double latency) {
            this.latency = latency;
        }

        public Double getError() {
            return error;
        }

        public void setError(Double error) {
            this.error = error;
        }

        public Double getSaturation() {
            return saturation;
        }

        public void setSaturation(Double saturation) {
            this.saturation = saturation;
        }
    }

    /** The per-route AutoTuner of SPEC §2.7. */
    public static class AutoTuner {
        /** Learn each route's break point from its own resistance history; false: static R_base·γ. */
        private boolean enabled = true;
        /** Samples in the EMA window (≥ 1); default 100. */
        private Integer windowSize;
        /** k_σ: standard deviations above the mean for the break point (≥ 0); default 3. */
        private Double sensitivity;
        /** Lowest learned break point in ohms (≥ 0); default 30. */
        private Double minFloor;
        /** Highest learned break point in ohms (≥ min-floor); default 500. */
        private Double hardCeiling;
        /** Updates before the learned break point is used (≥ 0); default 50. */
        private Integer warmupTicks;
        /** Recovery point as a fraction of the break point, in [0, 1]; default 0.5. */
        private Double recoveryMultiplier;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Integer getWindowSize() {
            return windowSize;
        }

        public void setWindowSize(Integer windowSize) {
            this.windowSize = windowSize;
        }

        public Double getSensitivity() {
            return sensitivity;
        }

        public void setSensitivity(Double sensitivity) {
            this.sensitivity = sensitivity;
        }

        public Double getMinFloor() {
            return minFloor;
        }

        public void setMinFloor(Double minFloor) {
            this.minFloor = minFloor;
        }

        public Double getHardCeiling() {
            return hardCeiling;
        }

        public void setHardCeiling(Double hardCeiling) {
            this.hardCeiling = hardCeiling;
        }

        public Integer getWarmupTicks() {
            return warmupTicks;
        }

        public void setWarmupTicks(Integer warmupTicks) {
            this.warmupTicks = warmupTicks;
        }

        public Double getRecoveryMultiplier() {
            return recoveryMultiplier;
        }

        public void setRecoveryMultiplier(Double recoveryMultiplier) {
            this.recoveryMultiplier = recoveryMultiplier;
        }
    }

    /** Settings of the route guards (the annotation and the filter go through them). */
    public static class Guard {
        /** Capacity: calls in flight that make saturation 1 (≥ 1); default 100. */
        private Integer maxConcurrentCalls;
        /** Calls in the latency and error averages (≥ 1); default 100. */
        private Integer telemetryWindow;
        /** z of the error rate's confidence bound (≥ 0); default 1.96; 0 feeds the plain average. */
        private Double errorConfidenceZ;
        /** At most one physics update per this interval (≥ 0); default 100ms. */
        private Duration updateInterval;
        /** Minimum time between probes of a shedding route (≥ 0); default 1s. */
        private Duration probeInterval;
        /** Lowest voltage that may probe (≥ 0); default 20. */
        private Double probeMinVoltage;

        public Integer getMaxConcurrentCalls() {
            return maxConcurrentCalls;
        }

        public void setMaxConcurrentCalls(Integer maxConcurrentCalls) {
            this.maxConcurrentCalls = maxConcurrentCalls;
        }

        public Integer getTelemetryWindow() {
            return telemetryWindow;
        }

        public void setTelemetryWindow(Integer telemetryWindow) {
            this.telemetryWindow = telemetryWindow;
        }

        public Double getErrorConfidenceZ() {
            return errorConfidenceZ;
        }

        public void setErrorConfidenceZ(Double errorConfidenceZ) {
            this.errorConfidenceZ = errorConfidenceZ;
        }

        public Duration getUpdateInterval() {
            return updateInterval;
        }

        public void setUpdateInterval(Duration updateInterval) {
            this.updateInterval = updateInterval;
        }

        public Duration getProbeInterval() {
            return probeInterval;
        }

        public void setProbeInterval(Duration probeInterval) {
            this.probeInterval = probeInterval;
        }

        public Double getProbeMinVoltage() {
            return probeMinVoltage;
        }

        public void setProbeMinVoltage(Double probeMinVoltage) {
            this.probeMinVoltage = probeMinVoltage;
        }
    }

    /** One route's own settings (guard settings override {@code atrion.guard.*} field by field). */
    public static class Route {
        /** Default tier of this route's calls (annotation without tier or voltage, filter without header). */
        private VoltageTier tier;
        /** Default voltage of this route's calls (≥ 0); wins over tier. */
        private Double voltage;
        /**
         * Workload profile of this route (SPEC §4): LIGHT, STANDARD (the default: the SLO's latency
         * baseline), HEAVY or EXTREME; case does not matter. Sets the latency baseline the route's
         * telemetry is measured against, its leases' limits and its scar on failure.
         */
        private String profile;
        private final Guard guard = new Guard();

        public VoltageTier getTier() {
            return tier;
        }

        public void setTier(VoltageTier tier) {
            this.tier = tier;
        }

        public Double getVoltage() {
            return voltage;
        }

        public void setVoltage(Double voltage) {
            this.voltage = voltage;
        }

        public String getProfile() {
            return profile;
        }

        public void setProfile(String profile) {
            this.profile = profile;
        }

        public Guard getGuard() {
            return guard;
        }
    }

    /** How the servlet filter names a request's route. */
    public enum RouteNaming {
        /** Method and the Spring MVC handler's pattern: {@code GET /orders/{id}} (default). */
        HANDLER_PATTERN,
        /** Method and the servlet path, as AtrionFilter does without Spring: {@code GET /orders}. */
        SERVLET_PATH
    }

    /** The servlet filter (atrion-servlet's AtrionFilter): off unless enabled. */
    public static class Filter {
        /** Guard every HTTP request of the application with the filter. */
        private boolean enabled = false;
        /** How requests are named as routes. */
        private RouteNaming routeNaming = RouteNaming.HANDLER_PATTERN;
        /** Header carrying the request's voltage: a number or a tier name. */
        private String voltageHeader = "X-Atrion-Voltage";
        /** Tier of requests without a valid voltage header; unset: the instance's default voltage. */
        private VoltageTier defaultTier;
        /** Voltage of requests without a valid voltage header (≥ 0); wins over default-tier. */
        private Double defaultVoltage;
        /** Upper bound of the Retry-After of shed requests (≥ 1s). */
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        /** URL patterns the filter is mapped to. */
        private List<String> urlPatterns = new ArrayList<>(List.of("/*"));
        /** Path prefixes left unguarded; the actuator's base path always is. */
        private List<String> excludePaths = new ArrayList<>();
        /** Position in the filter chain (lower runs first). */
        private int order = 0;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public RouteNaming getRouteNaming() {
            return routeNaming;
        }

        public void setRouteNaming(RouteNaming routeNaming) {
            this.routeNaming = routeNaming;
        }

        public String getVoltageHeader() {
            return voltageHeader;
        }

        public void setVoltageHeader(String voltageHeader) {
            this.voltageHeader = voltageHeader;
        }

        public VoltageTier getDefaultTier() {
            return defaultTier;
        }

        public void setDefaultTier(VoltageTier defaultTier) {
            this.defaultTier = defaultTier;
        }

        public Double getDefaultVoltage() {
            return defaultVoltage;
        }

        public void setDefaultVoltage(Double defaultVoltage) {
            this.defaultVoltage = defaultVoltage;
        }

        public Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        public void setMaxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }

        public List<String> getUrlPatterns() {
            return urlPatterns;
        }

        public void setUrlPatterns(List<String> urlPatterns) {
            this.urlPatterns = urlPatterns;
        }

        public List<String> getExcludePaths() {
            return excludePaths;
        }

        public void setExcludePaths(List<String> excludePaths) {
            this.excludePaths = excludePaths;
        }

        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }
    }

    /** The health indicator {@code atrion}. */
    public static class Health {
        /** Contribute the atrion health indicator (with actuator on the class path). */
        private boolean enabled = true;
        /**
         * Status reported while any route's breaker is open. UNKNOWN by default, so one open route
         * does not take the instance out of a load balancer; DOWN or OUT_OF_SERVICE to do so.
         */
        private String openStatus = "UNKNOWN";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getOpenStatus() {
            return openStatus;
        }

        public void setOpenStatus(String openStatus) {
            this.openStatus = openStatus;
        }
    }

    /** The live state stream (server-sent events) at {@code <actuator base path>/atrion/stream}. */
    public static class Stream {
        /** Serve the stream (needs the atrion endpoint exposed over HTTP). */
        private boolean enabled = true;
        /** Time between frames, in [10ms, 1h]. */
        private Duration interval = Duration.ofMillis(500);
        /** Frames one client may have queued before it is dropped as too slow (≥ 1). */
        private int maxQueuedFrames = 8;
        /** Streams open at once (≥ 1). */
        private int maxClients = 32;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public int getMaxQueuedFrames() {
            return maxQueuedFrames;
        }

        public void setMaxQueuedFrames(int maxQueuedFrames) {
            this.maxQueuedFrames = maxQueuedFrames;
        }

        public int getMaxClients() {
            return maxClients;
        }

        public void setMaxClients(int maxClients) {
            this.maxClients = maxClients;
        }
    }

    /** The dashboard page at {@code <actuator base path>/atrion/dashboard/}. */
    public static class Dashboard {
        /** Serve the dashboard (needs the stream). */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
