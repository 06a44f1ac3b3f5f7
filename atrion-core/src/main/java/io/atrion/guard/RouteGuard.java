package io.atrion.guard;

import io.atrion.Atrion;
import io.atrion.MillisClock;
import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.RouteDecision;
import io.atrion.RouteHandle;
import io.atrion.RouteState;
import io.atrion.VoltageTier;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Protects the calls of one route: measures them, feeds the measurements to Atrion's physics,
 * and refuses to run them when the route sheds them. The Java-user-facing layer over
 * {@link Atrion#route}, in the style of Resilience4j's decorators.
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
 * <h2>Telemetry</h2>
 * Every call is timed with the instance's clock, from admission to completion. The guard keeps
 * exponentially weighted averages of latency and of the error indicator (1 for a call whose
 * exception or result {@link GuardConfig} counts as an error, else 0) over
 * {@link GuardConfig#telemetryWindow()} calls, and counts calls in flight. Before the first
 * measurement the latency average is the SLO baseline and the error average 0 (neutral).
 * An admission is a physics update (SPEC §2) with the latency average, the estimated error rate
 * and saturation = in-flight ÷ {@link GuardConfig#maxConcurrentCalls()} — at most one per
 * {@link GuardConfig#updateIntervalMillis()} (100 ms by default); the admissions in between are
 * decided on the route's current state (its mode and R, the same rule: not CIRCUIT_BREAKER and
 * V &gt; R) without updating it.
 *
 * <p><b>Why updates are paced.</b> The physics is a model in time: scar decays by e^(−λ·Δt),
 * momentum is per millisecond. But trauma is per <em>update</em>: each update with ‖P⁺‖ &gt;
 * P_crit adds σ. If every request were an update, a route's scar under the same stress would
 * grow with its traffic — at 400 requests/s a stress of a tenth of a second would add 200 Ω and
 * open any breaker, and the scar of a sustained fault would settle near σ·rate/λ (20,000 Ω at
 * 400 requests/s), so healing time would depend on traffic too. One update per interval makes
 * the physics see the route at a fixed cadence, whatever the traffic: under sustained stress the
 * scar settles near σ/(1 − e^(−λ·interval)) ≈ 502 Ω with the defaults, and a route needs about
 * 20 consecutive stressed intervals (2 s) to reach the static break point.
 * {@code updateIntervalMillis(0)} restores an update per admission. (The wind tunnel, module
 * atrion-lab, shows both.)
 *
 * <p><b>Why the error rate is a lower confidence bound.</b> Error pressure saturates fast: with
 * the default SLO (1 % target errors) an error rate of 1.9 % alone puts ‖P⁺‖ above P_crit, and
 * every admission is a physics update, so every admission while the estimate is that high adds
 * σ of scar. A raw average over 100 calls reads 2 % after a single error, so one unlucky error
 * in a healthy stream (0.5 % errors, inside the SLO) would scar the route on each of the next
 * dozens of calls and open its breaker. The guard therefore feeds the physics the lower bound of
 * the Wilson score interval of the error rate (z = {@link GuardConfig#errorConfidenceZ()}, 1.96
 * by default; n = the calls in the window so far, at most {@link GuardConfig#telemetryWindow()}):
 * the error rate the evidence supports. Isolated errors then read as ≈ 0 %, while a real outage
 * is seen after a handful of failed calls (about five from a healthy average), and a sustained
 * 5 % error rate reads above 3 %. {@link #averageErrorRate()} is the plain average,
 * {@link #estimatedErrorRate()} what the physics sees.
 *
 * <h2>Self-healing: the probe rule</h2>
 * A route that sheds everything learns nothing: while it is in CIRCUIT_BREAKER — or operational
 * but with R above every caller's voltage — no call flows, the averages never change, and the
 * stale failures they hold would keep it shedding forever. The guard therefore lets a rejected
 * call through as a <em>probe</em> when all of these hold: the physics rejected it with
 * {@code CIRCUIT_OPEN} or {@code INSUFFICIENT_VOLTAGE}; its voltage is at least
 * {@link GuardConfig#probeMinVoltage()}; no call of this route ended (was measured) during the
 * last {@link GuardConfig#probeIntervalMillis()}, so the averages are stale; no other probe is
 * in flight; and at least a probe interval passed since the previous probe started. A route that
 * still serves some traffic (its critical calls, say) never probes: its averages are fresh. The
 * probe's outcome <em>replaces</em> the averages (they only hold the failures of the past; the
 * probe is the one fresh observation). A dependency that healed yields a healthy probe, the
 * averages become normal at once, trauma stops, the scar decays by e^(−λt), and the route
 * recovers on its own (SPEC §2.6). A dependency still broken keeps failing its probes: the route
 * stays shed and the dependency sees at most one call per probe interval.
 *
 * <p>How long healing takes: while the breaker is open the paced updates still see the stale
 * averages of the failures, so the scar settles near σ/(1 − e^(−λ·interval)) (≈ 502 Ω with the
 * defaults; with {@code updateIntervalMillis(0)} near σ·r/λ for r admissions per second). After
 * the first healthy probe no update scars any more and the scar decays by e^(−λt). The breaker
 * closes when R drops below the recovery point (≈ 25 s from 502 Ω to the default 50 Ω) or, at
 * the latest, when the scar drops below σ (≈ 46 s), plus up to one probe interval — whatever the
 * traffic, as long as callers keep calling. RouteGuardTest checks 50 s at 10 and at 100 calls
 * per second on a virtual clock.
 *
 * <h2>Cost</h2>
 * The admission path is the engine's allocation-free {@link RouteHandle#update} plus a few
 * atomic operations on this object; no lock of its own. Rejections allocate their exception.
 * Thread-safe.
 */
public final class RouteGuard {

    private static final VarHandle LATENCY;
    private static final VarHandle ERROR;
    private static final VarHandle IN_FLIGHT;
    private static final VarHandle WINDOW_CALLS;
    private static final VarHandle COMPLETED;
    private static final VarHandle PROBES;
    private static final VarHandle PROBE_IN_FLIGHT;
    private static final VarHandle LAST_PROBE;
    private static final VarHandle NEXT_UPDATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LATENCY = l.findVarHandle(RouteGuard.class, "latencyBits", long.class);
            ERROR = l.findVarHandle(RouteGuard.class, "errorBits", long.class);
            IN_FLIGHT = l.findVarHandle(RouteGuard.class, "inFlight", int.class);
            WINDOW_CALLS = l.findVarHandle(RouteGuard.class, "windowCalls", int.class);
            COMPLETED = l.findVarHandle(RouteGuard.class, "completed", long.class);
            PROBES = l.findVarHandle(RouteGuard.class, "probes", long.class);
            PROBE_IN_FLIGHT = l.findVarHandle(RouteGuard.class, "probeInFlight", int.class);
            LAST_PROBE = l.findVarHandle(RouteGuard.class, "lastProbeMillis", long.class);
            NEXT_UPDATE = l.findVarHandle(RouteGuard.class, "nextUpdateMillis", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final long NEVER = Long.MIN_VALUE;

    private final String routeId;
    private final GuardConfig config;
    private final RouteHandle handle;
    private final MillisClock clock;
    private final double alpha;
    private final double capacity;
    private final int window;
    private final double z;
    private final long updateInterval;
    private final double defaultVoltage;

    // Averages as raw double bits, updated by CAS so concurrent completions are never lost.
    private volatile long latencyBits;
    private volatile long errorBits;
    /** Calls measured since the averages were last reset (by a probe); saturates at the window. */
    private volatile int windowCalls;
    private volatile int inFlight;
    private volatile long completed;
    private volatile long probes;
    private volatile int probeInFlight;
    private volatile long lastProbeMillis = NEVER;
    /** When a call last ended (was measured); probes are only needed when this is stale. */
    private volatile long lastMeasuredMillis = NEVER;
    /** Earliest time of the next physics update. */
    private volatile long nextUpdateMillis = NEVER;

    /** A guard on {@code routeId} with the default {@link GuardConfig}. Prefer {@link Atrion#guard}. */
    public static RouteGuard of(Atrion atrion, String routeId) {
        return of(atrion, routeId, GuardConfig.defaults());
    }

    /**
     * A guard on {@code routeId}. Two guards on one route share the route's physics but not their
     * telemetry averages; use {@link GuardRegistry} (or {@link Atrion#guard}) to get one per route.
     */
    public static RouteGuard of(Atrion atrion, String routeId, GuardConfig config) {
        return new RouteGuard(atrion, routeId, config);
    }

    RouteGuard(Atrion atrion, String routeId, GuardConfig config) {
        Objects.requireNonNull(atrion, "atrion must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.handle = atrion.handle(routeId); // validates routeId
        this.routeId = routeId;
        this.clock = atrion.clock();
        this.alpha = config.alpha();
        this.capacity = config.maxConcurrentCalls();
        this.window = config.telemetryWindow();
        this.z = config.errorConfidenceZ();
        this.updateInterval = config.updateIntervalMillis();
        this.defaultVoltage = atrion.defaultVoltage();
        this.latencyBits = Double.doubleToRawLongBits(atrion.slo().baselineLatencyMs());
        this.errorBits = Double.doubleToRawLongBits(0.0);
    }

    // ------------------------------------------------------------------ permissions (low level)

    /**
     * Asks to run one call now: one physics update with the current averages. Pair every granted
     * permit with exactly one {@link #onSuccess}/{@link #onError}/{@link #onResult}/
     * {@link #onThrowable} when the call ends. Allocation-free.
     */
    public Permit tryAcquirePermission(double voltage) {
        int code = admit(voltage, clock.millis());
        return code >= 0 ? PERMITS[code] : Permit.REJECTED;
    }

    /**
     * Like {@link #tryAcquirePermission} but throws when rejected.
     *
     * @throws AtrionRejectedException carrying the decision
     */
    public Permit acquirePermission(double voltage) {
        int code = admit(voltage, clock.millis());
        if (code < 0) {
            throw new AtrionRejectedException(rejection(code));
        }
        return PERMITS[code];
    }

    /** The call ended normally after {@code durationMs}. */
    public void onSuccess(Permit permit, long durationMs) {
        record(permit, durationMs, false);
    }

    /** The call ended in an error of the route after {@code durationMs}. */
    public void onError(Permit permit, long durationMs) {
        record(permit, durationMs, true);
    }

    /** The call returned {@code result}; {@link GuardConfig#isErrorResult} decides if it is an error. */
    public void onResult(Permit permit, long durationMs, Object result) {
        record(permit, durationMs, config.isErrorResult(result));
    }

    /** The call threw {@code t}; {@link GuardConfig#isError} decides if it is an error. */
    public void onThrowable(Permit permit, long durationMs, Throwable t) {
        record(permit, durationMs, config.isError(unwrap(t)));
    }

    // ------------------------------------------------------------------ execute

    /**
     * Runs {@code supplier} if admitted and returns its result.
     *
     * @throws AtrionRejectedException when rejected (the supplier does not run)
     */
    public <T> T executeSupplier(double voltage, Supplier<T> supplier) {
        long start = clock.millis();
        Permit p = grant(voltage, start);
        T result;
        try {
            result = supplier.get();
        } catch (RuntimeException | Error t) {
            onThrowable(p, elapsed(start), t);
            throw t;
        }
        onResult(p, elapsed(start), result);
        return result;
    }

    /**
     * Runs {@code callable} if admitted and returns its result.
     *
     * @throws AtrionRejectedException when rejected (the callable does not run)
     * @throws Exception               whatever the callable throws
     */
    public <T> T executeCallable(double voltage, Callable<T> callable) throws Exception {
        long start = clock.millis();
        Permit p = grant(voltage, start);
        T result;
        try {
            result = callable.call();
        } catch (Exception | Error t) {
            onThrowable(p, elapsed(start), t);
            throw t;
        }
        onResult(p, elapsed(start), result);
        return result;
    }

    /**
     * Runs {@code runnable} if admitted.
     *
     * @throws AtrionRejectedException when rejected (the runnable does not run)
     */
    public void executeRunnable(double voltage, Runnable runnable) {
        long start = clock.millis();
        Permit p = grant(voltage, start);
        try {
            runnable.run();
        } catch (RuntimeException | Error t) {
            onThrowable(p, elapsed(start), t);
            throw t;
        }
        onSuccess(p, elapsed(start));
    }

    /**
     * Starts the asynchronous call if admitted; the latency is measured until the stage
     * completes. When rejected, the supplier does not run and the returned stage fails with
     * {@link AtrionRejectedException} (nothing is thrown).
     */
    public <T> CompletionStage<T> executeCompletionStage(double voltage,
                                                         Supplier<? extends CompletionStage<T>> supplier) {
        long start = clock.millis();
        int code = admit(voltage, start);
        if (code < 0) {
            return CompletableFuture.failedFuture(new AtrionRejectedException(rejection(code)));
        }
        Permit p = PERMITS[code];
        CompletionStage<T> stage;
        try {
            stage = supplier.get();
            if (stage == null) {
                throw new NullPointerException("the supplier of route " + routeId + " returned a null stage");
            }
        } catch (RuntimeException | Error t) {
            onThrowable(p, elapsed(start), t);
            return CompletableFuture.failedFuture(t);
        }
        return stage.whenComplete((value, failure) -> {
            if (failure != null) {
                onThrowable(p, elapsed(start), failure);
            } else {
                onResult(p, elapsed(start), value);
            }
        });
    }

    /**
     * Runs {@code callable} if admitted and never throws: the result says whether it was
     * rejected (with the decision), succeeded (with the value) or failed (with the exception).
     */
    public <T> GuardResult<T> tryCall(double voltage, Callable<T> callable) {
        long start = clock.millis();
        int code = admit(voltage, start);
        if (code < 0) {
            return GuardResult.rejected(rejection(code));
        }
        Permit p = PERMITS[code];
        T result;
        try {
            result = callable.call();
        } catch (Throwable t) {
            onThrowable(p, elapsed(start), t);
            return GuardResult.failed(p, t);
        }
        onResult(p, elapsed(start), result);
        return GuardResult.succeeded(p, result);
    }

    // ------------------------------------------------------------------ decorators

    /** {@code supplier} guarded at {@code voltage}; see {@link #executeSupplier}. */
    public <T> Supplier<T> decorateSupplier(double voltage, Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier must not be null");
        return () -> executeSupplier(voltage, supplier);
    }

    /** {@code supplier} guarded at the tier's voltage. */
    public <T> Supplier<T> decorateSupplier(VoltageTier tier, Supplier<T> supplier) {
        return decorateSupplier(tier.voltage(), supplier);
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

    /** {@code callable} guarded at the tier's voltage. */
    public <T> Callable<T> decorateCallable(VoltageTier tier, Callable<T> callable) {
        return decorateCallable(tier.voltage(), callable);
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

    /** {@code runnable} guarded at the tier's voltage. */
    public Runnable decorateRunnable(VoltageTier tier, Runnable runnable) {
        return decorateRunnable(tier.voltage(), runnable);
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

    /** An asynchronous call guarded at the tier's voltage. */
    public <T> Supplier<CompletionStage<T>> decorateCompletionStage(VoltageTier tier,
                                                                   Supplier<? extends CompletionStage<T>> supplier) {
        return decorateCompletionStage(tier.voltage(), supplier);
    }

    /** An asynchronous call guarded at the instance's default voltage. */
    public <T> Supplier<CompletionStage<T>> decorateCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
        return decorateCompletionStage(defaultVoltage, supplier);
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

    /** Calls admitted and not yet ended. */
    public int inFlight() {
        return inFlight;
    }

    /** Exponentially weighted average latency of ended calls, in ms. */
    public double averageLatencyMs() {
        return Double.longBitsToDouble(latencyBits);
    }

    /** Exponentially weighted average of the error indicator of ended calls, in [0, 1]. */
    public double averageErrorRate() {
        return Double.longBitsToDouble(errorBits);
    }

    /**
     * The error rate the next admission reports to the physics: the lower bound of the Wilson
     * score interval around {@link #averageErrorRate()} (see the class comment).
     */
    public double estimatedErrorRate() {
        return wilsonLowerBound(averageErrorRate(), Math.min(windowCalls, window), z);
    }

    /**
     * Lower bound of the Wilson score interval of a proportion {@code p} observed over {@code n}
     * trials at {@code z} standard deviations: {@code (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)};
     * {@code p} itself when {@code z} is 0, and 0 before any trial.
     */
    static double wilsonLowerBound(double p, double n, double z) {
        if (z == 0.0) {
            return p;
        }
        if (n <= 0.0) {
            return 0.0;
        }
        double q = Math.min(1.0, Math.max(0.0, p));
        double z2 = z * z;
        double center = q + z2 / (2 * n);
        double margin = z * Math.sqrt(q * (1 - q) / n + z2 / (4 * n * n));
        return Math.max(0.0, (center - margin) / (1 + z2 / n));
    }

    /** In-flight calls ÷ capacity, as the next admission will report it. */
    public double saturation() {
        return inFlight / capacity;
    }

    /** Calls that ended (and were measured) so far. */
    public long completedCalls() {
        return completed;
    }

    /** Probes let through an open breaker so far. */
    public long probesStarted() {
        return probes;
    }

    /** Whether a probe is running now. */
    public boolean probeInFlight() {
        return probeInFlight != 0;
    }

    @Override
    public String toString() {
        return "RouteGuard[" + routeId + ", inFlight=" + inFlight + ", latency=" + averageLatencyMs()
                + "ms, errors=" + averageErrorRate() + " (estimated " + estimatedErrorRate() + "), mode="
                + handle.mode() + "]";
    }

    // ------------------------------------------------------------------ internals

    private static final Permit[] PERMITS = {Permit.REJECTED, Permit.ADMITTED, Permit.PROBE};
    private static final int ADMITTED = 1;
    private static final int PROBE = 2;

    /** 1 admitted, 2 probe, or -(1 + reason ordinal) when rejected. */
    private int admit(double voltage, long now) {
        Reason r;
        if (updateDue(now)) {
            r = handle.update(averageLatencyMs(), estimatedErrorRate(), inFlight / capacity, voltage);
        } else {
            // Between paced updates: the same decision rule on the current state (SPEC §2.8).
            r = handle.decide(voltage);
        }
        if (r == Reason.OK) {
            IN_FLIGHT.getAndAdd(this, 1);
            return ADMITTED;
        }
        if ((r == Reason.CIRCUIT_OPEN || r == Reason.INSUFFICIENT_VOLTAGE) && voltage >= config.probeMinVoltage()
                && startProbe(now)) {
            IN_FLIGHT.getAndAdd(this, 1);
            return PROBE;
        }
        return -1 - r.ordinal();
    }

    private Permit grant(double voltage, long now) {
        int code = admit(voltage, now);
        if (code < 0) {
            throw new AtrionRejectedException(rejection(code));
        }
        return PERMITS[code];
    }

    /**
     * True for the one admission that performs the next physics update: the first at or after
     * the due time (or after the clock went back by more than an interval) wins the CAS.
     */
    private boolean updateDue(long now) {
        if (updateInterval == 0) {
            return true;
        }
        long due = nextUpdateMillis;
        if (now < due && due - now <= updateInterval) {
            return false;
        }
        return NEXT_UPDATE.compareAndSet(this, due, now + updateInterval);
    }

    /** Only with stale averages; at most one probe in flight, at most one start per interval. */
    private boolean startProbe(long now) {
        long interval = config.probeIntervalMillis();
        long measured = lastMeasuredMillis;
        if (measured != NEVER && now - measured < interval) {
            return false; // calls are ending: the averages are fresh, nothing to learn
        }
        long last = lastProbeMillis;
        if (probeInFlight != 0 || (last != NEVER && now - last < interval)) {
            return false;
        }
        if (!PROBE_IN_FLIGHT.compareAndSet(this, 0, 1)) {
            return false;
        }
        lastProbeMillis = now;
        PROBES.getAndAdd(this, 1L);
        return true;
    }

    private void record(Permit permit, long durationMs, boolean error) {
        if (permit == null || permit == Permit.REJECTED) {
            throw new IllegalArgumentException("only a granted permit can end, got " + permit);
        }
        lastMeasuredMillis = clock.millis();
        double latency = Math.max(0L, durationMs);
        double indicator = error ? 1.0 : 0.0;
        if (permit == Permit.PROBE) {
            // While the breaker is open the averages only hold the failures that opened it; the
            // probe is the one fresh observation, so it replaces them instead of being averaged in.
            latencyBits = Double.doubleToRawLongBits(latency);
            errorBits = Double.doubleToRawLongBits(indicator);
            windowCalls = 1;
        } else {
            ewma(LATENCY, latency);
            ewma(ERROR, indicator);
            if (windowCalls < window) {
                WINDOW_CALLS.getAndAdd(this, 1); // may overshoot the window under a race; only min() reads it
            }
        }
        COMPLETED.getAndAdd(this, 1L);
        IN_FLIGHT.getAndAdd(this, -1);
        if (permit == Permit.PROBE) {
            probeInFlight = 0; // volatile write releases the probe slot
        }
    }

    private void ewma(VarHandle cell, double x) {
        long bits;
        long next;
        do {
            bits = (long) cell.getVolatile(this);
            double mean = Double.longBitsToDouble(bits);
            next = Double.doubleToRawLongBits(mean + alpha * (x - mean));
        } while (!cell.compareAndSet(this, bits, next));
    }

    private long elapsed(long start) {
        return Math.max(0L, clock.millis() - start);
    }

    private RouteDecision rejection(int code) {
        Reason reason = Reason.ofOrdinal(-1 - code);
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

    /** True when the route is in CIRCUIT_BREAKER. */
    public boolean isOpen() {
        return handle.mode() == Mode.CIRCUIT_BREAKER;
    }
}
