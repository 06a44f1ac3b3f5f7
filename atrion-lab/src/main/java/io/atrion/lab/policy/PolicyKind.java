package io.atrion.lab.policy;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The protection policies the wind tunnel compares, all in the same run of each scenario. */
public enum PolicyKind {

    /** Atrion with every default (AutoTuner on), through its guard layer. */
    ATRION("atrion", "Atrion", "Atrion (defaults)"),
    /** Atrion with the AutoTuner off: static break point R_base·γ = 100, recovery point 50. */
    ATRION_NO_TUNER("atrion-no-tuner", "Atrion no-tune", "Atrion (AutoTuner off)"),
    /** Resilience4j CircuitBreaker with {@code CircuitBreakerConfig.ofDefaults()}. */
    R4J_DEFAULT("r4j-default", "R4j default", "Resilience4j CircuitBreaker (defaults)"),
    /** Resilience4j CircuitBreaker with the tuned config of {@link #tunedCircuitBreakerConfig}. */
    R4J_TUNED("r4j-tuned", "R4j tuned", "Resilience4j CircuitBreaker (tuned)"),
    /** Resilience4j RateLimiter at a fixed limit per protected call (80 % of the callee's capacity). */
    RATE_LIMIT("rate-limit", "Rate limit", "Static rate limiter (Resilience4j RateLimiter)"),
    /** Every call goes through. */
    NONE("none", "None", "No protection");

    private final String id;
    private final String shortName;
    private final String title;

    PolicyKind(String id, String shortName, String title) {
        this.id = id;
        this.shortName = shortName;
        this.title = title;
    }

    /** Command-line name, e.g. {@code r4j-default}. */
    public String id() {
        return id;
    }

    /** Column header, at most 14 characters. */
    public String shortName() {
        return shortName;
    }

    /** Full name. */
    public String title() {
        return title;
    }

    /** Whether this policy is Atrion (has a resistance). */
    public boolean isAtrion() {
        return this == ATRION || this == ATRION_NO_TUNER;
    }

    /** Whether this policy has a breaker that opens and closes. */
    public boolean hasBreaker() {
        return this != RATE_LIMIT && this != NONE;
    }

    /** The policy named {@code text} (its id, case-insensitive; {@code r4j} means r4j-default). */
    public static PolicyKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
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
            case ATRION:
            case ATRION_NO_TUNER: {
                ManualClock clock = new ManualClock(SimClock.EPOCH_MS);
                Atrion.Builder b = Atrion.builder().engine(engine).clock(clock);
                if (this == ATRION_NO_TUNER) {
                    b.autoTunerDisabled();
                }
                Atrion atrion = b.build();
                return call -> new AtrionGate(atrion, clock, call.route());
            }
            case R4J_DEFAULT: {
                SimClock clock = new SimClock();
                CircuitBreakerConfig config = defaultCircuitBreakerConfig(clock);
                return call -> new CircuitBreakerGate(call.route(), config, clock);
            }
            case R4J_TUNED: {
                SimClock clock = new SimClock();
                CircuitBreakerConfig config = tunedCircuitBreakerConfig(clock);
                return call -> new CircuitBreakerGate(call.route(), config, clock);
            }
            case RATE_LIMIT:
                return call -> new RateLimiterGate(call.route(), call.rateLimitPerSecond());
            case NONE:
                return call -> NoGate.INSTANCE;
            default:
                throw new AssertionError(this);
        }
    }

    /** Text for the reports: how this policy is configured. */
    public String configuration() {
        switch (this) {
            case ATRION:
                return "Atrion.builder().engine(E).clock(virtual).build(); one RouteGuard per protected call with "
                        + "GuardConfig.defaults() (maxConcurrentCalls 100, telemetryWindow 100, error rate = 95 % "
                        + "Wilson lower bound, one physics update per 100 ms, a probe per 1000 ms of stale telemetry "
                        + "at >= 20 V); physics, SLO and AutoTuner at their SPEC defaults.";
            case ATRION_NO_TUNER:
                return "As Atrion (defaults) plus .autoTunerDisabled(): static break point R_base*gamma = 100, "
                        + "recovery point 50.";
            case R4J_DEFAULT:
                return "CircuitBreakerConfig.ofDefaults() on simulated time: "
                        + describe(defaultCircuitBreakerConfig(new SimClock())) + ".";
            case R4J_TUNED:
                return "CircuitBreakerConfig.custom() on simulated time: "
                        + describe(tunedCircuitBreakerConfig(new SimClock())) + ".";
            case RATE_LIMIT:
                return "Resilience4j AtomicRateLimiter on simulated nano time: limitRefreshPeriod 100 ms, "
                        + "limitForPeriod = limit/10, timeoutDuration 0 (no waiting); the limit of each protected "
                        + "call is 80 % of its callee's healthy capacity (workers / latency), given per scenario.";
            case NONE:
                return "Every call goes through.";
            default:
                throw new AssertionError(this);
        }
    }
}
