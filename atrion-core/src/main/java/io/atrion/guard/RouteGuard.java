package io.atrion.guard;

import io.atrion.Atrion;
import io.atrion.MillisClock;
import io.atrion.Mode;
import io.atrion.PhysicsConfig;
import io.atrion.Reason;
import io.atrion.RouteDecision;
import io.atrion.RouteHandle;
import io.atrion.RouteState;
import io.atrion.Slo;
import io.atrion.Ticker;
import io.atrion.VoltageTier;
import io.atrion.WorkloadProfile;
import io.atrion.internal.CachedClock;
import io.atrion.lease.Lease;
import io.atrion.lease.LeaseTimeoutException;
import io.atrion.internal.engine.ProbeCountingHandle;
import io.atrion.internal.physics.Physics;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Protects the calls of one route: measures them, feeds the measurements to Atrion's physics,
 * and refuses to run them when the route sheds them. The Java-user-facing layer over
 * {@link Atrion#route}, in the style of Resilience4j's decorators. Get one with
 * {@link Atrion#guard(String)} (one guard per route per instance).
 *
 * <pre>{@code
 * RouteGuard inventory = atrion.guard("inventory");
 * Supplier<Stock> guarded = inventory.decorateSupplier(VoltageTier.HIGH, () -> client.stock(sku));
 * try {
 *     Stock s = guarded.get();
 * } catch (AtrionRejectedException shed) {
 *     // shed.decision(): mode, R, reason
 * }
 * }</pre>
 *
 * <h2>What the physics sees</h2>
 * Every call is timed, from admission to completion, with the instance's monotonic
 * {@linkplain Atrion#ticker() ticker} (so are the update and probe intervals below; the wall
 * clock only dates the physics' updates); on the default ticker, {@link Ticker#system()}, a
 * cached copy of it, which moves in steps of about 1 ms (docs/guard.md). The guard keeps
 * exponentially weighted moving averages of latency and of the error indicator (1 for a call whose
 * exception or result {@link GuardConfig} counts as an error, else 0), each new call weighing
 * α = 2/({@link GuardConfig#telemetryWindow()} + 1), and counts calls in flight. Before the first
 * measurement the latency average is the baseline and the error average 0 (neutral). The physics
 * is updated (SPEC §2) with the latency average, the estimated error rate (below) and saturation =
 * in-flight ÷ {@link GuardConfig#maxConcurrentCalls()}, when an admission finds both:
 * <ul>
 *   <li>at least {@link GuardConfig#updateIntervalMillis()} (100 ms) since the previous update, and</li>
 *   <li>fresh evidence: a call started or ended since the previous update.</li>
 * </ul>
 * Other admissions are decided on the route's current state (its mode and R, the same rule: not
 * CIRCUIT_BREAKER and V &gt; R) without updating it. With {@link GuardConfig.Builder#limits limits}
 * the measurements are reported scaled to the instance's SLO, so that trauma starts at the limits.
 *
 * <p>The physics therefore sees the route at a steady cadence whatever the traffic (scar does
 * not grow with the request rate), a route that sheds everything is not scarred again by the
 * failures of the past (its scar only decays), and the error rate it sees is the lower bound of
 * the Wilson score interval of the error average (z = {@link GuardConfig#errorConfidenceZ()},
 * 1.96 by default; n = the calls measured, at most the window): one unlucky error in a healthy
 * stream reads as ≈ 0 %, a real outage is seen after a handful of failed calls.
 * {@link #averageErrorRate()} is the plain average, {@link #estimatedErrorRate()} what the physics
 * sees. The reasons, with numbers, are in docs/guard.md.
 *
 * <h2>A booting route</h2>
 * For its first N updates (SPEC §2.6) a route holds R = 1.2·R_base, a placeholder rather than a
 * measurement, which is exactly the {@link VoltageTier#BULK} tier: the physics alone would shed
 * bulk callers of a route that has seen nothing, while every stronger caller flows whatever the
 * route's stress (with little traffic, or after a restart, that is seconds of bulk traffic shed).
 * The guard decides a booting route on its floor instead: a call with R_base &lt; V ≤ 1.2·R_base is
 * asked with a voltage just above 1.2·R_base (the route's observer events show that voltage), so
 * every tier of the ladder passes; V ≤ R_base is shed as on any route. The physics and
 * {@link Atrion#route} are unchanged.
 *
 * <h2>Self-healing: probes</h2>
 * A route that sheds everything learns nothing. The guard therefore lets a rejected call through
 * as a <em>probe</em> when all of these hold: the physics rejected it with {@code CIRCUIT_OPEN} or
 * {@code INSUFFICIENT_VOLTAGE}; its voltage is above R_base (a healthy route would admit it) and at
 * least {@link GuardConfig#probeMinVoltage()} (0 by default: every tier of the ladder probes); no
 * call ended during the last {@link GuardConfig#probeIntervalMillis()} (a route that still serves
 * some traffic, its critical calls say, never probes: its averages are fresh); no other probe runs;
 * and at least a probe interval passed since the previous probe started. A probe is judged on its
 * own terms:
 * <ul>
 *   <li><b>passed</b> — not an error, and no slower than the latency limit (the latency at which
 *       trauma starts: the guard's {@code maxLatencyMs}, or the SLO baseline × 1.867 with the
 *       default physics): the averages start again from this one fresh observation, and the next
 *       update shows the physics a healthy route;</li>
 *   <li><b>failed</b> — the averages stay as they are (they hold the failures the probe
 *       confirms) and the next update sees them once: at most σ of scar per probe interval. The
 *       failure is not averaged in as a one-sample error rate, which would read as a Wilson bound
 *       of 0.21 until the next passed probe;</li>
 *   <li><b>hung</b> — a probe still running after {@link GuardConfig#probeTimeoutMillis()} (5 s)
 *       loses its lease: it counts as failed, leaves the in-flight count, and the next probe may
 *       go. A stage that never completes cannot stop a route from healing.</li>
 * </ul>
 * While a route sheds, its scar therefore only decays, plus σ per failed probe: during a long
 * outage it settles near σ/(1 − e^(−λ·probeInterval)) (52.5 Ω with the SPEC physics, 19.3 Ω with
 * {@link io.atrion.Presets#interactivePhysics()}). After the first passed probe the breaker closes
 * once R_base + S is below the recovery point, and every tier flows once R_base + S is below its
 * voltage, at the latest ln(S/(V − R_base))/λ: about 17 s for a 20 V caller with the SPEC's
 * λ = 0.1/s, about 2 s with the interactive preset's λ = 0.3/s (docs/guard.md has the wind-tunnel
 * figures).
 * A dependency that is still broken sees at most one call per probe interval. Probes are served,
 * so the decision counters ({@link Atrion#counters}) count them as admitted, and as probes.
 *
 * <h2>Permits end, whatever happens</h2>
 * Every decorator ends its call in a {@code finally}, for every {@link Throwable} (a checked
 * exception thrown sneakily through a {@code Supplier}, an {@link Error}, a custom {@code Throwable}):
 * the outcome is recorded as {@link GuardConfig#isError} says (an error by default) and the same
 * object is rethrown. The permit API hands out an opaque {@link Permit}: end it once, or release it
 * with {@link #releasePermission} when the call was never made.
 *
 * <h2>Retry-After</h2>
 * {@link #retryAfterMillis} estimates when a shed request could pass again if the dependency is
 * healthy from now on; the servlet filter sends it as {@code Retry-After}.
 *
 * <h2>Cost</h2>
 * The decorators' admission path is the engine's allocation-free update (or decision) plus two
 * atomic operations on this guard: one add when a call starts; when it ends, a CAS that takes a
 * tiny lock over the averages and counters (a few stores, no call out; a waiter spins, then
 * yields). The time comes from a cached copy of the ticker on the default ticker
 * (see docs/guard.md for its resolution). The permit API allocates one small
 * {@link Permit} (24–32 bytes) per granted call (a rejection returns {@link Permit#REJECTED});
 * a decorator's rejection allocates its exception. Thread-safe.
 */
public final class RouteGuard {

    /*
     * Implementer's notes.
     *
     * Why updates are paced: trauma is per update (each update with |P+| > P_crit adds sigma). If
     * every request were an update, the scar of one stressed second would grow with the traffic
     * (at 400 requests/s a tenth of a second would add 200 ohms). One update per interval shows the
     * physics the route at a fixed cadence: under sustained stress the scar settles near
     * sigma / (1 - e^(-lambda * interval)), about 502 ohms with the defaults.
     *
     * Why only on fresh evidence: while a route sheds everything, no call starts or ends and the
     * averages hold the failures of the past. Guard v2 fed them to the physics every interval, so
     * an open breaker's scar climbed to the 502 above and healing took ln(502 / S_admit) / lambda,
     * about 30 s. Without updates the scar only decays (the next update applies e^(-lambda * dt)
     * for the whole silence).
     *
     * Why a lower confidence bound of the error rate: with the default SLO (1 % target) an error
     * rate of 1.9 % alone puts |P+| above P_crit, and an average that has just taken one error
     * reads 2 % (alpha = 2/101): one unlucky error in a healthy stream would scar the route. The
     * Wilson lower bound is the error rate the evidence supports: about 0 after an isolated error,
     * above 2 % after about five consecutive failures, above 3 % for a sustained 5 %.
     *
     * Parts (package-private, one concern each):
     *   CallStats     the averages, the in-flight count, the evidence counter (moves on every call
     *                 start and end that tells the physics something new)
     *   UpdatePacer   which admission updates the physics: interval elapsed AND evidence moved
     *   ProbeGate     the probe slot as a lease word (sequence << 2 | FREE/RESERVED/ACTIVE)
     *   RetryEstimate the Retry-After arithmetic
     *
     * Tokens: the decorators pass a long, never a Permit (no allocation): ProbeGate.ADMITTED_TOKEN
     * (1) or a probe's (sequence << 2 | 2); negative values are -(1 + reason ordinal) rejections.
     *
     * Probe counting: the probe slot is reserved BEFORE the engine is asked, and the engine is told
     * (ProbeCountingHandle), so that a probe is counted once, as admitted and as a probe, under the
     * route's lock. Counting the rejection first and correcting it afterwards would make the
     * rejection counters go down for an instant, which Prometheus reads as a counter reset.
     * A reservation that is not needed (the physics admitted the call) is cancelled.
     *
     * Probe evidence: a probe's start is not evidence (in-flight moves by one, nothing was
     * learned). Its end is: a passed probe restarts the averages, so the next update shows a
     * healthy route; a failed or expired probe leaves them as they are (they hold the failures the
     * probe confirmed), so the next update scars once, σ per probe interval at most: the scar of a
     * long outage settles near σ/(1 − e^(−λ·probeInterval)) (52.5 Ω with the defaults) instead of
     * 500. The wind tunnel also measured failed probes that do not update at all (the scar then
     * decays through the whole outage and flapping dependencies reopen at once): it heals about as
     * fast with the interactive preset but opens and closes three times as often in the flapping
     * storm; see docs/guard.md.
     *
     * Lease expiry is checked lazily on every admission (one volatile read when no probe runs):
     * no timer thread. A probe ended after its lease expired is ignored (ProbeGate.end fails).
     *
     * Retirement: Atrion.remove(id) retires the route's guard (the registry forgets it). A retired
     * guard forwards every new call to the registry's current guard for the id, so references users
     * kept never resurrect stale averages; permits end on the guard that granted them.
     */

    private static final Object NO_RESULT = new Object();
    private static final double NANOS_PER_MILLI = 1e6;
    private static final int OK = Reason.OK.ordinal();

    private final String routeId;
    private final GuardConfig config;
    private final ProbeCountingHandle handle;
    private final MillisClock clock;
    /** Intervals (call latency, pacing, probes): monotonic, unlike the clock, which dates updates. */
    private final Ticker ticker;
    /** True on the default ticker: calls are timed with its cached copy ({@link #now}). */
    private final boolean cachedTicker;
    private final GuardRegistry registry;
    private final Atrion atrion;
    private final PhysicsConfig physics;
    private final double defaultVoltage;
    private final double capacity;
    private final double probeMinVoltage;
    private final double baseResistance;
    private final double bootstrapResistance;
    private final double bootstrapVoltage;
    private final double latencyScale;
    private final double errorScale;
    private final double saturationScale;
    private final double probeLatencyLimitMs;
    private final CallStats stats;
    private final UpdatePacer pacer;
    private final ProbeGate probes;
    private volatile boolean retired;

    RouteGuard(Atrion atrion, String routeId, GuardConfig config, GuardRegistry registry) {
        Objects.requireNonNull(atrion, "atrion must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.handle = (ProbeCountingHandle) atrion.handle(routeId); // validates routeId
        if (config.profile() != null) {
            atrion.registerProfile(routeId, config.profile());
        }
        this.atrion = atrion;
        this.routeId = routeId;
        this.registry = registry;
        this.clock = atrion.clock();
        this.ticker = atrion.ticker();
        this.cachedTicker = ticker == CachedClock.SYSTEM_TICKER;
        this.physics = atrion.physicsConfig();
        this.defaultVoltage = atrion.defaultVoltage();
        this.capacity = config.maxConcurrentCalls();
        this.probeMinVoltage = config.probeMinVoltage();
        this.baseResistance = physics.baseResistance();
        // The same double the engines hold for a booting route's R (SPEC §2.6).
        this.bootstrapResistance = Physics.BOOTSTRAP_RESISTANCE_FACTOR * baseResistance;
        this.bootstrapVoltage = Math.nextUp(bootstrapResistance);
        Slo slo = atrion.slo();
        double trauma = traumaFactor(physics);
        // §4: the route's profile sets the latency baseline the engine measures it against.
        double latencyBaseline = atrion.latencyBaselineMs(routeId);
        this.latencyScale = scale("GuardConfig.maxLatencyMs", config.maxLatencyMs(), latencyBaseline, trauma);
        this.errorScale = scale("GuardConfig.maxErrorRate", config.maxErrorRate(), slo.targetErrorRate(), trauma);
        this.saturationScale = scale("GuardConfig.maxSaturation", config.maxSaturation(), slo.baselineSaturation(),
                trauma);
        this.probeLatencyLimitMs = !Double.isNaN(config.maxLatencyMs()) ? config.maxLatencyMs()
                : Double.isNaN(trauma) ? Double.POSITIVE_INFINITY : latencyBaseline * trauma;
        // Neutral before any measurement: the latency that reports as the route's baseline.
        this.stats = new CallStats(latencyBaseline / latencyScale, config.alpha(), config.telemetryWindow(),
                config.errorConfidenceZ());
        this.pacer = new UpdatePacer(TimeUnit.MILLISECONDS.toNanos(config.updateIntervalMillis()));
        this.probes = new ProbeGate(TimeUnit.MILLISECONDS.toNanos(config.probeIntervalMillis()),
                TimeUnit.MILLISECONDS.toNanos(config.probeTimeoutMillis()));
    }

    /** 1 + atanh(P_crit)/k, or NaN when P_crit ≥ 1 (no single axis can cause trauma then). */
    private static double traumaFactor(PhysicsConfig physics) {
        return physics.criticalPressure() < 1 ? Slo.traumaFactor(physics) : Double.NaN;
    }

    /**
     * The factor that makes a measurement against this guard's limit read, against the SLO's
     * baseline b, as it would against the baseline b' = limit / traumaFactor the limit implies:
     * (x·b/b' − b)/b = (x − b')/b', so the pressure is exactly that of a route with baseline b'.
     */
    private static double scale(String field, double limit, double sloBaseline, double traumaFactor) {
        if (Double.isNaN(limit)) {
            return 1.0;
        }
        if (Double.isNaN(traumaFactor)) {
            throw new IllegalArgumentException(field + " needs PhysicsConfig.criticalPressure < 1 (one axis alone "
                    + "never reaches the trauma threshold otherwise, so no limit exists)");
        }
        return sloBaseline * traumaFactor / limit;
    }

    // ------------------------------------------------------------------ permissions (low level)

    /**
     * Asks to run one call now. Returns {@link Permit#REJECTED} or a granted permit: end it exactly
     * once with {@link #onSuccess}/{@link #onError}/{@link #onResult}/{@link #onThrowable} when the
     * call ends, or with {@link #releasePermission} if it is never made.
     */
    public Permit tryAcquirePermission(double voltage) {
        RouteGuard g = live();
        if (g != this) {
            return g.tryAcquirePermission(voltage);
        }
        long token = admit(voltage, now());
        return token < 0 ? Permit.REJECTED : Permit.granted(this, token);
    }

    /**
     * Like {@link #tryAcquirePermission} but throws when rejected.
     *
     * @throws AtrionRejectedException carrying the decision
     */
    public Permit acquirePermission(double voltage) {
        RouteGuard g = live();
        if (g != this) {
            return g.acquirePermission(voltage);
        }
        return Permit.granted(this, grant(voltage, now()));
    }

    /**
     * The call ended normally after {@code durationMs}.
     *
     * @throws IllegalArgumentException when the permit is {@link Permit#REJECTED} (or null)
     * @throws IllegalStateException    when the permit was already ended or released
     */
    public void onSuccess(Permit permit, long durationMs) {
        owned(permit).end(permit.token, durationMs, false, now());
    }

    /** The call ended in an error of the route after {@code durationMs}; see {@link #onSuccess} for the rules. */
    public void onError(Permit permit, long durationMs) {
        owned(permit).end(permit.token, durationMs, true, now());
    }

    /**
     * The call returned {@code result}; {@link GuardConfig#isErrorResult} decides if it is an
     * error. See {@link #onSuccess} for the rules.
     */
    public void onResult(Permit permit, long durationMs, Object result) {
        RouteGuard owner = owned(permit);
        owner.finish(permit.token, durationMs, null, result, owner.now());
    }

    /**
     * The call threw {@code t}; {@link GuardConfig#isError} decides if it is an error. See
     * {@link #onSuccess} for the rules.
     */
    public void onThrowable(Permit permit, long durationMs, Throwable t) {
        RouteGuard owner = owned(permit);
        owner.finish(permit.token, durationMs, t, null, owner.now());
    }

    /**
     * The call of this permit was never made: gives the permit back without recording anything
     * (a probe's slot is freed and the next probe may go at once). Idempotent: returns false, and
     * does nothing, for a permit that already ended (or {@link Permit#REJECTED}), so it may also sit
     * in a {@code finally} after the permit was ended.
     */
    public boolean releasePermission(Permit permit) {
        if (permit == null || !permit.granted() || !permit.end()) {
            return false;
        }
        permit.owner().release(permit.token);
        return true;
    }

    private RouteGuard owned(Permit permit) {
        if (permit == null || !permit.granted()) {
            throw new IllegalArgumentException("only a granted permit can end, got " + permit);
        }
        if (!permit.end()) {
            throw new IllegalStateException("the permit of route " + permit.owner().routeId
                    + " was already ended or released");
        }
        return permit.owner();
    }

    // ------------------------------------------------------------------ execute

    /**
     * Runs {@code supplier} if admitted and returns its result. Whatever the supplier throws is
     * recorded and rethrown as it is.
     *
     * @throws AtrionRejectedException when rejected (the supplier does not run)
     */
    public <T> T executeSupplier(double voltage, Supplier<T> supplier) {
        RouteGuard g = live();
        if (g != this) {
            return g.executeSupplier(voltage, supplier);
        }
        long start = now();
        long token = grant(voltage, start);
        Throwable thrown = null;
        T result = null;
        try {
            result = supplier.get();
            return result;
        } catch (Throwable t) {
            thrown = t;
            throw t;
        } finally {
            finishTimed(token, start, thrown, result);
        }
    }

    /**
     * Runs {@code callable} if admitted and returns its result.
     *
     * @throws AtrionRejectedException when rejected (the callable does not run)
     * @throws Exception               whatever the callable throws, as it is
     */
    public <T> T executeCallable(double voltage, Callable<T> callable) throws Exception {
        RouteGuard g = live();
        if (g != this) {
            return g.executeCallable(voltage, callable);
        }
        long start = now();
        long token = grant(voltage, start);
        Throwable thrown = null;
        T result = null;
        try {
            result = callable.call();
            return result;
        } catch (Throwable t) {
            thrown = t;
            throw t;
        } finally {
            finishTimed(token, start, thrown, result);
        }
    }

    /**
     * Runs {@code runnable} if admitted.
     *
     * @throws AtrionRejectedException when rejected (the runnable does not run)
     */
    public void executeRunnable(double voltage, Runnable runnable) {
        RouteGuard g = live();
        if (g != this) {
            g.executeRunnable(voltage, runnable);
            return;
        }
        long start = now();
        long token = grant(voltage, start);
        Throwable thrown = null;
        try {
            runnable.run();
        } catch (Throwable t) {
            thrown = t;
            throw t;
        } finally {
            finishTimed(token, start, thrown, NO_RESULT);
        }
    }

    /**
     * Starts the asynchronous call if admitted; the latency is measured until the stage
     * completes. When rejected, the supplier does not run and the returned stage fails with
     * {@link AtrionRejectedException} (nothing is thrown). When the supplier throws (anything) or
     * returns null, the call is recorded as failed and the returned stage fails with it. A stage
     * that never completes keeps its call in flight, except a probe, whose lease expires.
     */
    public <T> CompletionStage<T> executeCompletionStage(double voltage,
                                                         Supplier<? extends CompletionStage<T>> supplier) {
        RouteGuard g = live();
        if (g != this) {
            return g.executeCompletionStage(voltage, supplier);
        }
        long start = now();
        long token = admit(voltage, start);
        if (token < 0) {
            return CompletableFuture.failedFuture(new AtrionRejectedException(rejection(token)));
        }
        AsyncEnd<T> end = new AsyncEnd<>(token, start);
        try {
            CompletionStage<T> stage = supplier.get();
            if (stage == null) {
                throw new NullPointerException("the supplier of route " + routeId + " returned a null stage");
            }
            return stage.whenComplete(end);
        } catch (Throwable t) {
            end.accept(null, t);
            return CompletableFuture.failedFuture(t);
        }
    }

    /** Ends an asynchronous call once, whether the stage completes or registering on it failed. */
    private final class AsyncEnd<T> implements BiConsumer<T, Throwable> {
        private final long token;
        private final long startNanos;
        private final Permit once;

        AsyncEnd(long token, long startNanos) {
            this.token = token;
            this.startNanos = startNanos;
            this.once = Permit.granted(RouteGuard.this, token);
        }

        @Override
        public void accept(T value, Throwable failure) {
            if (once.end()) {
                finishTimed(token, startNanos, failure, value);
            }
        }
    }

    /**
     * Runs {@code callable} if admitted and never throws: the result says whether it was
     * rejected (with the decision), succeeded (with the value) or failed (with what it threw).
     */
    public <T> GuardResult<T> tryCall(double voltage, Callable<T> callable) {
        RouteGuard g = live();
        if (g != this) {
            return g.tryCall(voltage, callable);
        }
        long start = now();
        long token = admit(voltage, start);
        if (token < 0) {
            return GuardResult.rejected(rejection(token));
        }
        Throwable thrown = null;
        T result = null;
        try {
            result = callable.call();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            finishTimed(token, start, thrown, result);
        }
        Permit spent = Permit.spent(this, token);
        return thrown == null ? GuardResult.succeeded(spent, result) : GuardResult.failed(spent, thrown);
    }

    // ------------------------------------------------------------------ long-running work (SPEC §4)

    /**
     * Runs long work under a lease of this route ({@link Atrion#startTask}): the start is admitted
     * by the route's decision at {@code voltage}; the work gets the lease to
     * {@link Lease#heartbeat(double) heartbeat} its progress; it ends the lease as COMPLETED when it
     * returns, FAILED when it throws something {@link GuardConfig#isError} counts as an error,
     * ABORTED for anything else. When the lease times out (past the profile's maximum duration, or
     * three heartbeat intervals without a heartbeat) the scheduler interrupts the thread running the
     * work (only while it runs), and a work that then throws surfaces as a
     * {@link LeaseTimeoutException} (its cause what the work threw). Tasks are measured by their
     * lease (its pace against the profile's baseline, and the outcome's scar), not by this guard's
     * call averages.
     *
     * @param profile the lease's profile, or null for the route's (this guard's
     *                {@link GuardConfig#profile()}, else the route's registered profile)
     * @throws AtrionRejectedException  when the route sheds the start (the work does not run)
     * @throws IllegalArgumentException when the profile differs from the route's registered one
     */
    public <T> T executeTask(WorkloadProfile profile, double voltage, Function<? super Lease, ? extends T> work) {
        Objects.requireNonNull(work, "work must not be null");
        RouteGuard g = live();
        return TaskRunner.run(atrion, routeId, g.config, profile, voltage, false, work);
    }

    /**
     * Runs long blocking work that cannot report progress under a lease of this route: the
     * scheduler heartbeats the lease while the work runs, so only the profile's maximum duration
     * ends it, by interrupting the work. Otherwise as {@link #executeTask(WorkloadProfile, double, Function)},
     * at the instance's default voltage.
     */
    public <T> T executeTask(WorkloadProfile profile, Supplier<? extends T> work) {
        Objects.requireNonNull(work, "work must not be null");
        RouteGuard g = live();
        return TaskRunner.run(atrion, routeId, g.config, profile, defaultVoltage, true, lease -> work.get());
    }

    /**
     * Starts asynchronous long work under a lease of this route. The returned stage completes with
     * the work's; when the lease times out it fails at once with a {@link LeaseTimeoutException}
     * and the work's stage, if it is a {@link java.util.concurrent.Future}, is cancelled. A rejected
     * start (or invalid options) fails the returned stage; nothing is thrown.
     */
    public <T> CompletableFuture<T> executeTaskAsync(WorkloadProfile profile, double voltage,
                                                     Function<? super Lease, ? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work must not be null");
        RouteGuard g = live();
        return TaskRunner.runAsync(atrion, routeId, g.config, profile, voltage, work);
    }

    // ------------------------------------------------------------------ decorators

    /** {@code supplier} guarded at {@code voltage}; see {@link #executeSupplier}. */
    public <T> Supplier<T> decorateSupplier(double voltage, Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier must not be null");
        return () -> executeSupplier(voltage, supplier);
    }

    /** {@code supplier} guarded at the tier's voltage on the instance's ladder ({@link Atrion#voltage}). */
    public <T> Supplier<T> decorateSupplier(VoltageTier tier, Supplier<T> supplier) {
        return decorateSupplier(voltage(tier), supplier);
    }

    /** {@code supplier} guarded at the instance's default voltage. */
    public <T> Supplier<T> decorateSupplier(Supplier<T> supplier) {
        return decorateSupplier(defaultVoltage, supplier);
    }

    /** {@code callable} guarded at {@code voltage}; see {@link #executeCallable}. */
    public <T> Callable<T> decorateCallable(double voltage, Callable<T> callable) {
        Objects.requireNonNull(callable, "callable must not be null");
        return () -> executeCallable(voltage, callable);
    }

    /** {@code callable} guarded at the tier's voltage on the instance's ladder. */
    public <T> Callable<T> decorateCallable(VoltageTier tier, Callable<T> callable) {
        return decorateCallable(voltage(tier), callable);
    }

    /** {@code callable} guarded at the instance's default voltage. */
    public <T> Callable<T> decorateCallable(Callable<T> callable) {
        return decorateCallable(defaultVoltage, callable);
    }

    /** {@code runnable} guarded at {@code voltage}; see {@link #executeRunnable}. */
    public Runnable decorateRunnable(double voltage, Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable must not be null");
        return () -> executeRunnable(voltage, runnable);
    }

    /** {@code runnable} guarded at the tier's voltage on the instance's ladder. */
    public Runnable decorateRunnable(VoltageTier tier, Runnable runnable) {
        return decorateRunnable(voltage(tier), runnable);
    }

    /** {@code runnable} guarded at the instance's default voltage. */
    public Runnable decorateRunnable(Runnable runnable) {
        return decorateRunnable(defaultVoltage, runnable);
    }

    /** An asynchronous call guarded at {@code voltage}; see {@link #executeCompletionStage}. */
    public <T> Supplier<CompletionStage<T>> decorateCompletionStage(double voltage,
                                                                   Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(supplier, "supplier must not be null");
        return () -> executeCompletionStage(voltage, supplier);
    }

    /** An asynchronous call guarded at the tier's voltage on the instance's ladder. */
    public <T> Supplier<CompletionStage<T>> decorateCompletionStage(VoltageTier tier,
                                                                   Supplier<? extends CompletionStage<T>> supplier) {
        return decorateCompletionStage(voltage(tier), supplier);
    }

    /** An asynchronous call guarded at the instance's default voltage. */
    public <T> Supplier<CompletionStage<T>> decorateCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
        return decorateCompletionStage(defaultVoltage, supplier);
    }

    private double voltage(VoltageTier tier) {
        return Objects.requireNonNull(tier, "tier must not be null").voltage(physics);
    }

    // ------------------------------------------------------------------ Retry-After

    /**
     * How long, in ms, until a request of {@code voltage} that {@code rejection} shed could pass,
     * if the dependency is healthy from now on: then the route's pressure is at or below its
     * baselines and momentum dies out, so R ≤ R_base + S(t) with the scar decaying from its current
     * value, S(t) = S₀·e^(−λt) (S₀ is the route's scar decayed to now), and the wait for S to fall
     * below a target T is ln(S₀/T)/λ:
     * <ul>
     *   <li>{@code INSUFFICIENT_VOLTAGE}: T = V − R_base (V &gt; R once R_base + S &lt; V); when the
     *       scar is already below, the shedding comes from the current load and the estimate is 0;</li>
     *   <li>{@code CIRCUIT_OPEN}: T = max(σ, recoveryPoint − R_base) (SPEC §2.6: the breaker closes
     *       once S &lt; σ on a calm route, or R &lt; recoveryPoint), and never before the next probe
     *       may start, since closing needs a healthy probe.</li>
     * </ul>
     * {@link Long#MAX_VALUE} when decay alone cannot get there (λ = 0, or V ≤ R_base); 0 for other
     * reasons. An estimate: if the dependency is still failing, or callers keep the route loaded,
     * it takes longer.
     */
    public long retryAfterMillis(RouteDecision rejection, double voltage) {
        Objects.requireNonNull(rejection, "rejection must not be null");
        Reason reason = rejection.reason();
        if (reason != Reason.CIRCUIT_OPEN && reason != Reason.INSUFFICIENT_VOLTAGE) {
            return 0;
        }
        long now = clock.millis(); // the physics' time: the scar decays from the route's last update
        RouteState s = handle.state().orElse(null);
        double scar = s == null ? 0.0
                : RetryEstimate.decayed(s.scar(), physics.decayRate(), now - s.lastUpdatedMillis());
        if (reason == Reason.INSUFFICIENT_VOLTAGE) {
            return RetryEstimate.insufficientVoltage(scar, voltage, physics.baseResistance(), physics.decayRate());
        }
        double recoveryPoint = s == null ? physics.staticRecoveryPoint() : s.recoveryPoint();
        long nextProbe = probes.millisUntilNextProbe(now(), stats.lastEndedNanos());
        return RetryEstimate.circuitOpen(scar, atrion.scarFactor(routeId), recoveryPoint, physics.baseResistance(),
                physics.decayRate(), nextProbe);
    }

    // ------------------------------------------------------------------ introspection

    /** The route id. */
    public String routeId() {
        return routeId;
    }

    /** This guard's settings. */
    public GuardConfig config() {
        return config;
    }

    /** The route's handle (its physics state). */
    public RouteHandle handle() {
        return handle;
    }

    /** Calls admitted and not yet ended (a probe whose lease expired has left). */
    public int inFlight() {
        return stats.inFlight();
    }

    /** Exponentially weighted average latency of ended calls, in ms (as measured, not scaled). */
    public double averageLatencyMs() {
        return stats.latencyMs();
    }

    /** Exponentially weighted average of the error indicator of ended calls, in [0, 1]. */
    public double averageErrorRate() {
        return stats.errorAverage();
    }

    /**
     * The error rate the next update reports (before scaling to the SLO): the lower bound of the
     * Wilson score interval around {@link #averageErrorRate()} (see the class comment).
     */
    public double estimatedErrorRate() {
        return stats.errorEstimate();
    }

    /** In-flight calls ÷ capacity, as the next update will report it (before scaling to the SLO). */
    public double saturation() {
        return stats.inFlight() / capacity;
    }

    /** Calls that ended (were measured, or were probes that ended or expired) so far. */
    public long completedCalls() {
        return stats.completed();
    }

    /** Probes let through so far. */
    public long probesStarted() {
        return probes.started();
    }

    /** Probes whose lease expired before they ended. */
    public long probesExpired() {
        return probes.expired();
    }

    /** Whether a probe is running now. */
    public boolean probeInFlight() {
        return probes.running();
    }

    /** Classifications whose {@code recordException}/{@code recordResult} predicate threw (see {@link GuardConfig}). */
    public long classificationFailures() {
        return stats.predicateFailures();
    }

    /** True when the route is in CIRCUIT_BREAKER. */
    public boolean isOpen() {
        return handle.mode() == Mode.CIRCUIT_BREAKER;
    }

    @Override
    public String toString() {
        return "RouteGuard[" + routeId + ", inFlight=" + inFlight() + ", latency=" + averageLatencyMs()
                + "ms, errors=" + averageErrorRate() + " (estimated " + estimatedErrorRate() + "), mode="
                + handle.mode() + (retired ? ", retired" : "") + "]";
    }

    // ------------------------------------------------------------------ internals

    /** Called by the registry when the route is removed; new calls go to the route's next guard. */
    void retire() {
        retired = true;
    }

    private RouteGuard live() {
        return retired ? registry.guard(routeId, config) : this;
    }

    /** A token: {@link ProbeGate#ADMITTED_TOKEN}, a probe's, or -(1 + reason ordinal) when rejected. */
    private long admit(double voltage, long now) {
        if (probes.expire(now)) {
            stats.left(); // the hung probe's call leaves the in-flight count; it counts as failed
            stats.probeExpired();
        }
        boolean update = pacer.due(now, stats.evidence());
        // A caller at or below R_base is shed by a healthy route too: its rejection says nothing.
        long reservation = voltage >= probeMinVoltage && voltage > baseResistance
                ? probes.tryReserve(now, stats.lastEndedNanos()) : ProbeGate.NONE;
        boolean probe = reservation != ProbeGate.NONE;
        double asked = bootstrapped(voltage);
        int reason = update
                ? handle.update(stats.latencyMs() * latencyScale, stats.errorEstimate() * errorScale,
                        stats.inFlight() / capacity * saturationScale, asked, probe)
                : handle.decide(asked, probe);
        if (reason == OK) {
            if (probe) {
                probes.cancel(reservation);
            }
            stats.started(true);
            return ProbeGate.ADMITTED_TOKEN;
        }
        if (probe) {
            if (ProbeCountingHandle.probeable(reason)) {
                stats.started(false);
                return probes.confirm(reservation, now);
            }
            probes.cancel(reservation);
        }
        return -1 - reason;
    }

    /**
     * The voltage the physics is asked with. A booting route's R is the placeholder 1.2·R_base
     * (SPEC §2.6), not a measurement, so a caller in (R_base, 1.2·R_base] — the bulk tier — would
     * be shed by a route that has seen nothing, while every stronger caller flows whatever the
     * route's stress. The guard decides a booting route on its floor R_base instead: such a caller
     * is asked just above 1.2·R_base. Any other voltage, and every route past BOOTSTRAP, is asked
     * as it is. The mode is read only for voltages in that band, so other calls pay one compare.
     */
    private double bootstrapped(double voltage) {
        return voltage > baseResistance && voltage <= bootstrapResistance && handle.mode() == Mode.BOOTSTRAP
                ? bootstrapVoltage : voltage;
    }

    private long grant(double voltage, long now) {
        long token = admit(voltage, now);
        if (token < 0) {
            throw new AtrionRejectedException(rejection(token));
        }
        return token;
    }

    /** Ends a call the guard timed from {@code start}: the end's one clock reading gives its duration and its time. */
    private void finishTimed(long token, long start, Throwable thrown, Object result) {
        long end = now();
        finish(token, Math.max(0L, end - start) / NANOS_PER_MILLI, thrown, result, end);
    }

    /** Classifies the outcome and ends the call; the in-flight count drops even if a predicate throws an Error. */
    private void finish(long token, double durationMs, Throwable thrown, Object result, long now) {
        boolean error = true;
        try {
            int c = thrown != null ? config.classifyThrowable(unwrap(thrown))
                    : result == NO_RESULT ? GuardConfig.SUCCESS : config.classifyResult(result);
            if ((c & GuardConfig.PREDICATE_FAILED) != 0) {
                stats.predicateFailed();
            }
            error = (c & GuardConfig.ERROR) != 0;
        } finally {
            end(token, durationMs, error, now);
        }
    }

    private void end(long token, double durationMs, boolean error, long now) {
        double latency = Math.max(0.0, durationMs);
        if (ProbeGate.isProbe(token)) {
            if (!probes.end(token)) {
                return; // its lease expired: it already left and counted as failed
            }
            try {
                if (!error && latency <= probeLatencyLimitMs) {
                    stats.restart(latency, now);
                } else {
                    stats.probeFailed(now);
                }
            } finally {
                stats.left();
            }
            return;
        }
        stats.measuredAndLeft(latency, error, now);
    }

    private void release(long token) {
        if (ProbeGate.isProbe(token) && !probes.release(token)) {
            return; // its lease expired: it already left
        }
        stats.left();
    }

    /**
     * The guard's ticker reading for admissions, pacing and call durations, in nanoseconds: the
     * cached system ticker ({@link CachedClock}: one load instead of a ~25 ns {@code nanoTime}
     * call; it moves in ~1 ms steps, lagging the ticker by up to ~1 ms) when the instance runs on
     * the default ticker, else the instance's ticker, read as it is.
     */
    private long now() {
        return cachedTicker ? CachedClock.nanos() : ticker.nanoTime();
    }

    private RouteDecision rejection(long token) {
        Reason reason = Reason.ofOrdinal((int) (-1 - token));
        RouteState s = handle.state().orElse(null);
        if (s == null) {
            return new RouteDecision(routeId, false, reason, handle.mode(), handle.resistance(), handle.scar(),
                    handle.momentum(), handle.tickCount());
        }
        return new RouteDecision(routeId, false, reason, s.mode(), s.resistance(), s.scar(), s.momentum(),
                s.tickCount());
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
