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
 * Each admission is one physics update (SPEC §2) with the current averages and
 * saturation = in-flight ÷ {@link GuardConfig#maxConcurrentCalls()}.
 *
 * <h2>Self-healing: the probe rule</h2>
 * While the route is in CIRCUIT_BREAKER no call flows, so the averages would never change and
 * the route would stay open. The guard therefore lets a call through as a <em>probe</em> when
 * all of these hold: the physics rejected it with {@code CIRCUIT_OPEN}; its voltage is at least
 * {@link GuardConfig#probeMinVoltage()}; no other probe of this route is in flight; and at least
 * {@link GuardConfig#probeIntervalMillis()} passed since the previous probe started. The
 * probe's outcome <em>replaces</em> the averages (they only hold the failures that opened the
 * breaker; the probe is the one fresh observation). A dependency that healed yields a healthy
 * probe, the averages become normal at once, trauma stops, the scar decays by e^(−λt), and the
 * breaker closes on its own (SPEC §2.6 recovery) once R falls below the recovery point. A
 * dependency still broken keeps failing its probes: the breaker stays open and the dependency
 * sees at most one call per probe interval.
 *
 * <p>How long healing takes: while the breaker is open every rejected call is still a physics
 * update with the stale averages, so each adds σ of scar; at a steady rate of r calls per second
 * the scar settles near σ·r/λ. After the first healthy probe no call scars any more and the scar
 * decays by e^(−λt). The breaker closes when R drops below the recovery point or, at the latest,
 * when the scar drops below σ (with ‖P‖ normal): after at most about ln(r/λ)/λ seconds plus one
 * probe interval — with the defaults ≈ 47 s at 10 calls/s and ≈ 70 s at 100 calls/s, and often
 * much sooner (the AutoTuner's recovery point is usually well above σ). RouteGuardTest checks
 * 50 s at 10 calls/s and 75 s at 100 calls/s on a virtual clock.
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
    private static final VarHandle COMPLETED;
    private static final VarHandle PROBES;
    private static final VarHandle PROBE_IN_FLIGHT;
    private static final VarHandle LAST_PROBE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LATENCY = l.findVarHandle(RouteGuard.class, "latencyBits", long.class);
            ERROR = l.findVarHandle(RouteGuard.class, "errorBits", long.class);
            IN_FLIGHT = l.findVarHandle(RouteGuard.class, "inFlight", int.class);
            COMPLETED = l.findVarHandle(RouteGuard.class, "completed", long.class);
            PROBES = l.findVarHandle(RouteGuard.class, "probes", long.class);
            PROBE_IN_FLIGHT = l.findVarHandle(RouteGuard.class, "probeInFlight", int.class);
            LAST_PROBE = l.findVarHandle(RouteGuard.class, "lastProbeMillis", long.class);
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
    private final double defaultVoltage;

    // Averages as raw double bits, updated by CAS so concurrent completions are never lost.
    private volatile long latencyBits;
    private volatile long errorBits;
    private volatile int inFlight;
    private volatile long completed;
    private volatile long probes;
    private volatile int probeInFlight;
    private volatile long lastProbeMillis = NEVER;

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
                + "ms, errors=" + averageErrorRate() + ", mode=" + handle.mode() + "]";
    }

    // ------------------------------------------------------------------ internals

    private static final Permit[] PERMITS = {Permit.REJECTED, Permit.ADMITTED, Permit.PROBE};
    private static final int ADMITTED = 1;
    private static final int PROBE = 2;

    /** 1 admitted, 2 probe, or -(1 + reason ordinal) when rejected. */
    private int admit(double voltage, long now) {
        Reason r = handle.update(averageLatencyMs(), averageErrorRate(), inFlight / capacity, voltage);
        if (r == Reason.OK) {
            IN_FLIGHT.getAndAdd(this, 1);
            return ADMITTED;
        }
        if (r == Reason.CIRCUIT_OPEN && voltage >= config.probeMinVoltage() && startProbe(now)) {
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

    /** At most one probe in flight, at most one start per interval. */
    private boolean startProbe(long now) {
        long last = lastProbeMillis;
        if (probeInFlight != 0 || (last != NEVER && now - last < config.probeIntervalMillis())) {
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
        double latency = Math.max(0L, durationMs);
        double indicator = error ? 1.0 : 0.0;
        if (permit == Permit.PROBE) {
            // While the breaker is open the averages only hold the failures that opened it; the
            // probe is the one fresh observation, so it replaces them instead of being averaged in.
            latencyBits = Double.doubleToRawLongBits(latency);
            errorBits = Double.doubleToRawLongBits(indicator);
        } else {
            ewma(LATENCY, latency);
            ewma(ERROR, indicator);
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
