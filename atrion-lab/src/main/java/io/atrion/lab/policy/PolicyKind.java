package io.atrion.lab.policy;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Scenario;
import io.atrion.state.StateSyncConfig;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The protection policies the wind tunnel compares, all in the same run of each scenario. Each
 * is configured once, here, before any storm runs; nothing is tuned per storm. The ids are
 * stable: they name the policies on the command line and in {@code results.json}.
 *
 * <p>Storms of one instance run the {@link #STANDARD} policies; storms with a fleet run the
 * {@link #FLEET} policies, each instance with its own copy ({@link #createFleet}).
 */
public enum PolicyKind {

    /** Atrion with every SPEC default (SLO, physics, AutoTuner), through its guard layer. */
    ATRION_DEFAULTS("atrion-defaults", "Atrion defaults", "Atrion (defaults)"),
    /**
     * Atrion's interactive preset ({@code Presets.interactive()}, λ = 0.3/s) with guards at the limits
     * of the tuned Resilience4j breaker ({@code GuardConfig.builder().limits(500, 0.25)}).
     */
    ATRION_LIMITS("atrion-limits", "Atrion limits", "Atrion (interactive, limits 500 ms, 25 %)"),
    /**
     * For fleets: {@link #ATRION_LIMITS}' configuration on every instance, each learning alone from
     * its own calls (on one instance it is {@code atrion-limits}).
     */
    ATRION_ALONE("atrion-alone", "Atrion alone", "Atrion per instance, alone (as atrion-limits)"),
    /**
     * For fleets: {@link #ATRION_ALONE} plus state sharing (SPEC §5) through one in-memory store,
     * vectors delivered 20 ms after their publication, publishers every 10 ms, γ = 0.3.
     */
    ATRION_SHARED("atrion-shared", "Atrion shared", "Atrion per instance, sharing state (in-memory, 20 ms)"),
    /** Resilience4j CircuitBreaker with {@code CircuitBreakerConfig.ofDefaults()}, one per protected call. */
    R4J_DEFAULT("r4j-default", "R4j default", "Resilience4j CircuitBreaker (defaults)"),
    /** Resilience4j CircuitBreaker with {@link #tunedCircuitBreakerConfig}, one per protected call and endpoint. */
    R4J_TUNED("r4j-tuned", "R4j tuned", "Resilience4j CircuitBreaker (tuned)"),
    /** Resilience4j Bulkhead: at most the callee's workers in flight, no waiting. */
    R4J_BULKHEAD("r4j-bulkhead", "R4j bulkhead", "Resilience4j Bulkhead"),
    /** Netflix concurrency-limits: SimpleLimiter with Gradient2Limit at its defaults. */
    CONCURRENCY_LIMITS("concurrency-limits", "Conc. limits", "Netflix concurrency-limits (Gradient2)"),
    /** Resilience4j RateLimiter at a fixed limit per protected call (80 % of the callee's capacity). */
    RATE_LIMIT("rate-limit", "Rate limit", "Static rate limiter (Resilience4j RateLimiter)"),
    /** Every call goes through. */
    NONE("none", "None", "No protection");

    /** The policies of a storm with one instance: every policy but the two fleet variants of Atrion. */
    public static final List<PolicyKind> STANDARD = List.of(ATRION_DEFAULTS, ATRION_LIMITS, R4J_DEFAULT, R4J_TUNED,
            R4J_BULKHEAD, CONCURRENCY_LIMITS, RATE_LIMIT, NONE);
    /**
     * The policies of a storm with a fleet: Atrion alone and sharing, both Resilience4j breakers and
     * no protection, each instance with its own copy.
     */
    public static final List<PolicyKind> FLEET = List.of(ATRION_ALONE, ATRION_SHARED, R4J_DEFAULT, R4J_TUNED, NONE);

    private final String id;
    private final String shortName;
    private final String title;

    PolicyKind(String id, String shortName, String title) {
        this.id = id;
        this.shortName = shortName;
        this.title = title;
    }

    /** Stable id, e.g. {@code r4j-default}: the command-line name and the {@code policy} of results.json. */
    public String id() {
        return id;
    }

    /** Column header, at most 15 characters. */
    public String shortName() {
        return shortName;
    }

    /** Full name. */
    public String title() {
        return title;
    }

    /** Whether this policy is Atrion (has a resistance). */
    public boolean isAtrion() {
        return this == ATRION_DEFAULTS || this == ATRION_LIMITS || this == ATRION_ALONE || this == ATRION_SHARED;
    }

    /** The policies a storm runs unless one is named: {@link #FLEET} for a fleet, else {@link #STANDARD}. */
    public static List<PolicyKind> defaultsFor(Scenario s) {
        return s.isFleet() ? FLEET : STANDARD;
    }

    /** Whether this policy has a breaker that opens and closes (else "transitions" does not apply). */
    public boolean hasBreaker() {
        return isAtrion() || this == R4J_DEFAULT || this == R4J_TUNED;
    }

    /**
     * The policy named {@code text}: its id, case-insensitive; {@code atrion} means
     * atrion-defaults and {@code r4j} r4j-default.
     */
    public static PolicyKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("atrion")) {
            return ATRION_DEFAULTS;
        }
        if (t.equals("r4j") || t.equals("resilience4j")) {
            return R4J_DEFAULT;
        }
        for (PolicyKind k : values()) {
            if (k.id.equals(t)) {
                return k;
            }
        }
        StringBuilder ids = new StringBuilder();
        for (PolicyKind k : values()) {
            ids.append(ids.length() == 0 ? "" : ", ").append(k.id);
        }
        throw new IllegalArgumentException("unknown policy '" + text + "'; one of " + ids);
    }

    /**
     * The tuned Resilience4j config, chosen before the first run as a careful user would for a
     * dependency with a 100 ms latency SLO and sub-percent normal error rate, and not changed to
     * suit the results: a 10 s time-based window (reacts within seconds at any traffic rate),
     * at least 20 calls, open at 25 % failures or 50 % of calls slower than 500 ms (the SLO's
     * maximum acceptable latency), wait 10 s before half-open, 10 trial calls.
     */
    public static CircuitBreakerConfig tunedCircuitBreakerConfig(SimClock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.TIME_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(20)
                .failureRateThreshold(25)
                .slowCallDurationThreshold(Duration.ofMillis(500))
                .slowCallRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .permittedNumberOfCallsInHalfOpenState(10)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .currentTimestampFunction(c -> c.millis(), TimeUnit.MILLISECONDS)
                .build();
    }

    /**
     * {@code CircuitBreakerConfig.ofDefaults()} with only the clock (and the timestamp function
     * that reads it) replaced by simulated time.
     */
    public static CircuitBreakerConfig defaultCircuitBreakerConfig(SimClock clock) {
        return CircuitBreakerConfig.from(CircuitBreakerConfig.ofDefaults())
                .clock(clock)
                .currentTimestampFunction(c -> c.millis(), TimeUnit.MILLISECONDS)
                .build();
    }

    /** One line per setting of a Resilience4j circuit-breaker config, for the reports. */
    public static String describe(CircuitBreakerConfig c) {
        return "slidingWindowType=" + c.getSlidingWindowType()
                + ", slidingWindowSize=" + c.getSlidingWindowSize()
                + (c.getSlidingWindowType() == SlidingWindowType.TIME_BASED ? " s" : " calls")
                + ", minimumNumberOfCalls=" + c.getMinimumNumberOfCalls()
                + ", failureRateThreshold=" + fmt(c.getFailureRateThreshold()) + " %"
                + ", slowCallRateThreshold=" + fmt(c.getSlowCallRateThreshold()) + " %"
                + ", slowCallDurationThreshold=" + c.getSlowCallDurationThreshold().toMillis() + " ms"
                + ", waitDurationInOpenState=" + c.getWaitIntervalFunctionInOpenState().apply(1) + " ms"
                + ", permittedNumberOfCallsInHalfOpenState=" + c.getPermittedNumberOfCallsInHalfOpenState()
                + ", maxWaitDurationInHalfOpenState=" + c.getMaxWaitDurationInHalfOpenState().toMillis() + " ms"
                + ", automaticTransitionFromOpenToHalfOpenEnabled=" + c.isAutomaticTransitionFromOpenToHalfOpenEnabled()
                + ", every exception recorded as a failure";
    }

    private static String fmt(float f) {
        return f == Math.rint(f) ? Integer.toString((int) f) : Float.toString(f);
    }

    /** A fresh instance of this policy for one run; every gate it makes reads simulated time. */
    public Policy create(Engine engine) {
        switch (this) {
            case ATRION_DEFAULTS:
                return new AtrionPolicy(engine, AtrionPolicy::defaults);
            case ATRION_LIMITS:
            case ATRION_ALONE:
                return new AtrionPolicy(engine, AtrionPolicy::limits);
            case ATRION_SHARED:
                return new SharedFleet(engine, 1, AtrionPolicy::limits).instances().get(0);
            case R4J_DEFAULT: {
                SimClock clock = new SimClock();
                CircuitBreakerConfig config = defaultCircuitBreakerConfig(clock);
                return perCall(call -> new CircuitBreakerGate(call.route(), config, clock));
            }
            case R4J_TUNED: {
                SimClock clock = new SimClock();
                CircuitBreakerConfig config = tunedCircuitBreakerConfig(clock);
                Map<String, Gate> gates = new HashMap<>();
                return (call, endpoint) -> gates.computeIfAbsent(
                        endpoint.isEmpty() ? call.route() : call.route() + "/" + endpoint,
                        name -> new CircuitBreakerGate(name, config, clock));
            }
            case R4J_BULKHEAD:
                return perCall(call -> new BulkheadGate(call.route(), call.maxConcurrentCalls()));
            case CONCURRENCY_LIMITS:
                return perCall(call -> new ConcurrencyLimitGate(call.route()));
            case RATE_LIMIT:
                return perCall(call -> new RateLimiterGate(call.route(), call.rateLimitPerSecond()));
            case NONE:
                return (call, endpoint) -> NoGate.INSTANCE;
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Fresh instances of this policy for one run of a fleet, one per instance, in instance order:
     * independent copies ({@link #create}), except {@link #ATRION_SHARED}, whose instances share
     * one state store.
     */
    public List<Policy> createFleet(Engine engine, int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be >= 1, got " + instances);
        }
        if (this == ATRION_SHARED) {
            return List.copyOf(new SharedFleet(engine, instances, AtrionPolicy::limits).instances());
        }
        List<Policy> out = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            out.add(create(engine));
        }
        return out;
    }

    /**
     * A fresh Atrion policy for one run, configured by {@code configuration} as a user would
     * (SLO, physics, AutoTuner, guard config); the lab sets the engine and the simulated clock.
     * For tools that measure other configurations than the two of this enum
     * ({@code atrion-lab/tools/HealingCandidates.java}).
     */
    public static Policy atrion(Engine engine, Supplier<Atrion.Builder> configuration) {
        return new AtrionPolicy(Objects.requireNonNull(engine, "engine"),
                Objects.requireNonNull(configuration, "configuration"));
    }

    /** One gate per protected call, shared by its endpoints. */
    private static Policy perCall(java.util.function.Function<Call, Gate> make) {
        Map<Call, Gate> gates = new java.util.IdentityHashMap<>();
        return (call, endpoint) -> gates.computeIfAbsent(call, make);
    }

    /** Text for the reports and docs: how this policy is configured. */
    public String configuration() {
        switch (this) {
            case ATRION_DEFAULTS:
                return AtrionPolicy.describe("Atrion.builder().engine(E).clock(virtual).build()", AtrionPolicy::defaults)
                        + " Trauma starts at a mean latency above 186.7 ms or an error rate above 1.87 % "
                        + "(1.867 × the SLO's baselines).";
            case ATRION_LIMITS:
                return AtrionPolicy.describe("Presets.interactive().guardConfig(GuardConfig.builder().limits(500, 0.25)"
                        + ".build()).engine(E).clock(virtual).build()", AtrionPolicy::limits)
                        + " Atrion's documented preset for callers that wait (HTTP, RPC): the SPEC physics with a "
                        + "faster scar decay, 0.3/s instead of 0.1/s. Each guard reports its measurements so that "
                        + "trauma starts at a mean latency above 500 ms or an error rate above 25 %: the thresholds "
                        + "of the tuned Resilience4j breaker.";
            case ATRION_ALONE:
                return "The configuration of atrion-limits on every instance of a fleet, each a separate Atrion "
                        + "(Presets.interactive().guardConfig(GuardConfig.builder().limits(500, 0.25).build())"
                        + ".engine(E).clock(virtual).build()) that learns only from its own calls.";
            case ATRION_SHARED:
                return "atrion-alone plus state sharing (SPEC §5): each instance adds .stateProvider(store.provider"
                        + "(\"node-i\")).stateSync(StateSyncConfig.defaults().withPublisherThread(false)) on one "
                        + "InMemoryStateStore (remoteWeight γ = " + StateSyncConfig.DEFAULT_REMOTE_WEIGHT + "); every "
                        + SharedFleet.PUBLISH_TICK_MS + " ms of simulated time each instance's flushState() publishes "
                        + "the routes its updates queued, and the store delivers each vector to the other instances "
                        + SharedFleet.PROPAGATION_DELAY_MS + " ms later, where it is merged into their scar "
                        + "(S = γ·S_r' + (1 − γ)·S_local).";
            case R4J_DEFAULT:
                return "CircuitBreakerConfig.ofDefaults() on simulated time, one breaker per protected call: "
                        + describe(defaultCircuitBreakerConfig(new SimClock())) + ".";
            case R4J_TUNED:
                return "CircuitBreakerConfig.custom() on simulated time, one breaker per protected call and endpoint "
                        + "(a scenario whose tiers name several endpoints gets one breaker for each): "
                        + describe(tunedCircuitBreakerConfig(new SimClock())) + ".";
            case R4J_BULKHEAD: {
                BulkheadConfig c = BulkheadGate.config(1);
                return "Bulkhead.of(route, BulkheadConfig.custom().maxConcurrentCalls(N).maxWaitDuration(0)), one per "
                        + "protected call: N = the callee's workers (its pool size: 100 for the standard dependency), "
                        + "maxWaitDuration=" + c.getMaxWaitDuration().toMillis() + " ms (a call that finds no permit is "
                        + "shed, nothing waits), fairCallHandling=" + c.isFairCallHandlingEnabled() + ".";
            }
            case CONCURRENCY_LIMITS:
                return "SimpleLimiter.newBuilder().limit(Gradient2Limit.newBuilder().build()).nanoClock(simulated), one "
                        + "per protected call; Gradient2Limit defaults of 0.5.3: initialLimit 20, minLimit 20, "
                        + "maxConcurrency 200, smoothing 0.2, queueSize 4, longWindow 600, rttTolerance 1.5. Success: "
                        + "onSuccess(); timeout: onDropped(); error: onIgnore().";
            case RATE_LIMIT:
                return "Resilience4j AtomicRateLimiter on simulated nano time: limitRefreshPeriod 100 ms, "
                        + "limitForPeriod = limit/10, timeoutDuration 0 (no waiting); the limit of each protected "
                        + "call is 80 % of its callee's healthy capacity (workers / latency at t = 0) unless the "
                        + "scenario states it (rateLimitPerS).";
            case NONE:
                return "Every call goes through.";
            default:
                throw new AssertionError(this);
        }
    }
}
