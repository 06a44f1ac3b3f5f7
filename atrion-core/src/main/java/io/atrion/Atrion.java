package io.atrion;

import io.atrion.internal.ConfigChecks;
import io.atrion.internal.engine.EngineParams;
import io.atrion.internal.engine.EventSink;
import io.atrion.internal.engine.FastEngine;
import io.atrion.internal.engine.PhysicsEngine;
import io.atrion.internal.engine.ReferenceEngine;
import io.atrion.internal.engine.StateSink;
import io.atrion.internal.state.StateSync;
import io.atrion.state.StateProvider;
import io.atrion.state.StateStats;
import io.atrion.state.StateSyncConfig;
import io.atrion.guard.GuardConfig;
import io.atrion.guard.GuardRegistry;
import io.atrion.guard.RouteGuard;
import io.atrion.internal.GuardBridge;
import io.atrion.internal.LeaseBridge;
import io.atrion.lease.Lease;
import io.atrion.lease.LeaseListener;
import io.atrion.lease.Leases;
import io.atrion.lease.TaskOptions;
import io.atrion.observe.AtrionObserver;
import io.atrion.observe.EventDispatcher;
import io.atrion.observe.Observers;
import io.atrion.observe.RouteListener;
import io.atrion.internal.select.RouteSelector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The admission controller: one instance holds the physics state of many routes.
 *
 * <pre>{@code
 * Atrion atrion = Atrion.builder()
 *         .slo(Slo.builder().baselineLatencyMs(50).build())
 *         .build();
 * RouteDecision d = atrion.route("api/checkout", Telemetry.of(42.0, 0.0, 0.3), 50);
 * if (d.allowed()) { callCheckout(); } else { shed(d.reason()); }
 * }</pre>
 *
 * <p>Each {@link #route} call feeds one observation of the route's telemetry into the physics of
 * SPEC.md §2 at the clock's current time and decides whether a request of the given voltage may
 * flow. Thread-safe: calls on one route serialize, calls on different routes proceed in parallel.
 * Bad numbers never throw (SPEC §2.9); only a null or empty route id or null telemetry does.
 */
public final class Atrion implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** Voltage used by {@link #route(String, Telemetry)} unless the builder sets another. */
    public static final double DEFAULT_VOLTAGE = 100.0;

    private final PhysicsEngine engine;
    private final Engine engineKind;
    private final EngineParams params;
    private final MillisClock clock;
    private final Ticker ticker;
    private final double defaultVoltage;
    private final RandomGenerator random;
    private final double selectionBeta;
    private final double stalenessPenaltyPerSecond;
    private final boolean countDecisions;
    /** Null when no observer is configured. */
    private final EventDispatcher events;
    private final GuardRegistry guards;
    private final Leases leases;
    /** Null without a state provider (SPEC §5): then the engines skip every sharing step. */
    private final StateSync sync;

    private Atrion(Builder b) {
        this.params = new EngineParams(b.physics, b.slo, b.autoTuner);
        this.engineKind = resolve(b.engine);
        this.countDecisions = b.decisionCounters;
        this.events = b.observers.isEmpty() ? null
                : new EventDispatcher(b.observerQueueCapacity,
                        b.observers.size() == 1 ? b.observers.get(0)
                                : Observers.composite(b.observers.toArray(new AtrionObserver[0])),
                        "atrion-observer-" + INSTANCES.incrementAndGet());
        this.sync = b.stateProvider == null ? null
                : new StateSync(b.stateProvider, b.stateSync, b.clock, "atrion-state-" + INSTANCES.incrementAndGet());
        this.engine = createEngine(engineKind, params, countDecisions, events, sync);
        this.clock = b.clock;
        this.ticker = b.ticker != null ? b.ticker : b.clock instanceof Ticker ? (Ticker) b.clock : Ticker.system();
        this.defaultVoltage = b.defaultVoltage;
        this.random = b.random;
        this.selectionBeta = b.selectionBeta;
        this.stalenessPenaltyPerSecond = b.stalenessPenaltyPerSecond;
        for (Map.Entry<String, WorkloadProfile> e : b.profiles.entrySet()) {
            params.profiles.assign(e.getKey(), e.getValue());
        }
        this.leases = LeaseBridge.factory().create(this, engine, b.leaseListeners, b.leaseQueueCapacity,
                "atrion-leases-" + INSTANCES.incrementAndGet(), b.leaseAutoSweep);
        if (sync != null) {
            sync.start(engine);
        }
        // Last: the registry (and the guards it creates) may read every field above.
        this.guards = GuardBridge.registries().create(this, b.guardConfig);
    }

    private static Engine resolve(Engine requested) {
        return resolve(requested, System.getenv(Engine.ENVIRONMENT_VARIABLE));
    }

    /** The builder's choice, else the environment's, else AUTO; AUTO picks FAST. */
    static Engine resolve(Engine requested, String environmentValue) {
        Engine e = requested;
        if (e == null) {
            if (environmentValue == null || environmentValue.isBlank()) {
                e = Engine.AUTO;
            } else {
                try {
                    e = Engine.parse(environmentValue);
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException(Engine.ENVIRONMENT_VARIABLE + ": " + bad.getMessage(), bad);
                }
            }
        }
        return e == Engine.AUTO ? Engine.FAST : e;
    }

    private static PhysicsEngine createEngine(Engine kind, EngineParams params, boolean count, EventSink events,
                                              StateSink sync) {
        return kind == Engine.FAST ? new FastEngine(params, count, events, sync)
                : new ReferenceEngine(params, count, events, sync);
    }

    /** An instance with every default of SPEC.md and the system clock. */
    public static Atrion create() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Updates the route with one observation at the default voltage.
     *
     * @see #route(String, Telemetry, double)
     */
    public RouteDecision route(String routeId, Telemetry telemetry) {
        return route(routeId, telemetry, defaultVoltage);
    }

    /**
     * Updates the route's physics with one observation at the clock's current time and decides
     * whether a request of this voltage may flow. A route is created on first use.
     *
     * <p>A NaN, infinite or negative voltage is rejected with {@link Reason#INVALID_VOLTAGE};
     * the route's state is still updated.
     *
     * @throws IllegalArgumentException when {@code routeId} is null or empty (no state changes)
     * @throws NullPointerException     when {@code telemetry} is null (no state changes)
     */
    public RouteDecision route(String routeId, Telemetry telemetry, double voltage) {
        checkRouteId(routeId);
        Objects.requireNonNull(telemetry, "telemetry must not be null");
        return engine.route(routeId, telemetry.latencyMs(), telemetry.errorRate(), telemetry.saturation(),
                voltage, clock.millis());
    }

    /**
     * The guard of a route from this instance's {@link #guards() registry}: decorators that
     * measure calls, feed the physics and refuse shed calls. See {@link RouteGuard}.
     *
     * @throws IllegalArgumentException when {@code routeId} is null or empty
     */
    public RouteGuard guard(String routeId) {
        return guards.guard(routeId);
    }

    /** This instance's registry of route guards (default {@link GuardConfig} unless configured). */
    public GuardRegistry guards() {
        return guards;
    }

    /**
     * A handle on the route for repeated calls without the id lookup; see {@link RouteHandle}.
     * Creates no state: the route starts at the handle's first {@link RouteHandle#admit}.
     *
     * @throws IllegalArgumentException when {@code routeId} is null or empty
     */
    public RouteHandle handle(String routeId) {
        checkRouteId(routeId);
        return engine.handle(routeId, clock);
    }

    /**
     * Updates {@code count} routes at one timestamp (the clock's, read once) from parallel
     * primitive arrays, writing each decision into {@code allowedOut}: the bulk analogue of
     * {@link RouteHandle#admit}, with no allocation on the FAST engine. Entry {@code i} is the
     * same update as {@code handles[i].admit(latencyMs[i], errorRate[i], saturation[i], voltage[i])};
     * entries are applied in index order, so a route may appear more than once.
     *
     * @throws IllegalArgumentException  when {@code count} is negative or a handle belongs to
     *                                   another instance (entries before it are applied)
     * @throws IndexOutOfBoundsException when an array is shorter than {@code count} (nothing applied)
     */
    public void admitBatch(RouteHandle[] handles, double[] latencyMs, double[] errorRate, double[] saturation,
                           double[] voltage, int count, boolean[] allowedOut) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Objects.checkFromIndexSize(0, count, handles.length);
        Objects.checkFromIndexSize(0, count, latencyMs.length);
        Objects.checkFromIndexSize(0, count, errorRate.length);
        Objects.checkFromIndexSize(0, count, saturation.length);
        Objects.checkFromIndexSize(0, count, voltage.length);
        Objects.checkFromIndexSize(0, count, allowedOut.length);
        engine.admitBatch(handles, count, latencyMs, errorRate, saturation, voltage, clock.millis(), allowedOut);
    }

    /**
     * The same update as {@link #route(String, Telemetry, double)}, for callers that only need
     * the verdict: returns true when the request may flow. Allocation-free on the FAST engine
     * (no {@link Telemetry}, no {@link RouteDecision}); {@link #handle} also skips the lookup.
     *
     * @throws IllegalArgumentException when {@code routeId} is null or empty (no state changes)
     */
    public boolean admit(String routeId, double latencyMs, double errorRate, double saturation, double voltage) {
        checkRouteId(routeId);
        return engine.admit(routeId, latencyMs, errorRate, saturation, voltage, clock.millis()) == OK;
    }

    private static final int OK = Reason.OK.ordinal();

    /** A snapshot of the route's state, or empty when the route does not exist. */
    public Optional<RouteState> state(String routeId) {
        checkRouteId(routeId);
        return Optional.ofNullable(engine.state(routeId));
    }

    /**
     * The route's decision counters (admitted, rejected by reason, breaker transitions), or
     * empty when the route does not exist or the instance was built without
     * {@link Builder#decisionCounters(boolean) decisionCounters(true)}.
     */
    public Optional<RouteCounters> counters(String routeId) {
        checkRouteId(routeId);
        return Optional.ofNullable(engine.counters(routeId));
    }

    /** Whether this instance keeps decision counters. */
    public boolean countsDecisions() {
        return countDecisions;
    }

    /** Events dropped because observers fell behind and the queue was full (0 without observers). */
    public long droppedEvents() {
        return events == null ? 0 : events.droppedEvents();
    }

    /**
     * Failures of observers so far: one per observer per event it threw on, and one per call a
     * {@linkplain #addRouteListener route listener} threw on (0 without either).
     */
    public long observerFailures() {
        return (events == null ? 0 : events.observerFailures()) + engine.lifecycle().failures();
    }

    /**
     * Registers a listener of routes created and removed, e.g. to keep per-route metrics in step
     * with the routes; it first receives a snapshot of the routes that exist. Events are delivered
     * on a thread of the instance (started with the first listener, ended after the last one is
     * removed); without listeners, creating and removing routes does no extra work. See
     * {@link RouteListener}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void addRouteListener(RouteListener listener) {
        engine.lifecycle().add(listener);
    }

    /** Unregisters a route listener; false when it was not registered. */
    public boolean removeRouteListener(RouteListener listener) {
        return engine.lifecycle().remove(listener);
    }

    /** Events delivered to observers so far (0 without observers). */
    public long deliveredEvents() {
        return events == null ? 0 : events.deliveredEvents();
    }

    // ------------------------------------------------------------------ workload profiles and leases (SPEC §4)

    /**
     * Gives the route a workload profile (SPEC §4): its latency baseline and its σ (σ·the
     * profile's multiplier) from now on, and the max duration and heartbeat of its leases. A
     * route created later takes it at creation; an existing route is re-profiled at once (its
     * state is kept). Routes without a profile are {@link WorkloadProfile#STANDARD}, measured
     * against this instance's SLO. The registration outlives {@link #remove}.
     *
     * @throws IllegalArgumentException when {@code routeId} is null or empty
     */
    public Atrion registerProfile(String routeId, WorkloadProfile profile) {
        checkRouteId(routeId);
        Objects.requireNonNull(profile, "profile must not be null");
        int index = params.profiles.assign(routeId, profile);
        engine.assignProfile(routeId, index);
        return this;
    }

    /** The route's profile: the registered one, else {@link WorkloadProfile#STANDARD}. */
    public WorkloadProfile profile(String routeId) {
        checkRouteId(routeId);
        WorkloadProfile p = params.profiles.assignedProfile(routeId);
        return p == null ? WorkloadProfile.STANDARD : p;
    }

    /** The route's registered profile, or empty when it has none (it is then STANDARD). */
    public Optional<WorkloadProfile> registeredProfile(String routeId) {
        checkRouteId(routeId);
        return Optional.ofNullable(params.profiles.assignedProfile(routeId));
    }

    /** The latency baseline the route is measured against, in ms: its profile's, or the SLO's for STANDARD. */
    public double latencyBaselineMs(String routeId) {
        return profile(routeId).latencyBaselineMs(params.slo);
    }

    /** σ of the route: the physics' scar factor times its profile's multiplier. */
    public double scarFactor(String routeId) {
        return params.profiles.scarFactor(params.profiles.indexOf(profile(routeId)));
    }

    /**
     * Starts a lease on the route: long-running work admitted by the route's decision at the
     * options' voltage, then held, heartbeated and released (see {@link Lease}).
     *
     * @throws io.atrion.guard.AtrionRejectedException when the route sheds the start (carrying the decision)
     * @throws IllegalArgumentException when {@code routeId} is empty, the profile needs a
     *                                  cancellation hook and the options have none, or the options'
     *                                  profile differs from the route's registered one
     * @throws IllegalStateException    after {@link #close()}
     */
    public Lease startTask(String routeId, TaskOptions options) {
        checkRouteId(routeId);
        return LeaseBridge.factory().start(leases, routeId, Objects.requireNonNull(options, "options must not be null"));
    }

    /** {@link #startTask(String, TaskOptions)} with {@link TaskOptions#defaults()} (the route's profile). */
    public Lease startTask(String routeId) {
        return startTask(routeId, TaskOptions.defaults());
    }

    /** This instance's leases: active per route, outcomes, oldest age, the scheduler. */
    public Leases leases() {
        return leases;
    }

    /**
     * The counters of state sharing (SPEC §5: published, coalesced, dropped, received, merged,
     * ignored, rejected, provider errors, resyncs, queued, connection state), or empty without a
     * {@linkplain Builder#stateProvider state provider}.
     */
    public Optional<StateStats> stateStats() {
        return sync == null ? Optional.empty() : Optional.of(sync.stats());
    }

    /** The state provider this instance shares route state through, or empty. */
    public Optional<StateProvider> stateProvider() {
        return sync == null ? Optional.empty() : Optional.of(sync.provider());
    }

    /**
     * Publishes the routes whose vectors are due now, on the calling thread. With the default
     * publisher thread there is no need to call it; with {@code StateSyncConfig.publisherThread(false)}
     * it is the only way vectors leave (e.g. once per tick of a simulation on virtual time). It
     * also runs a pending resync. Without a state provider, a no-op.
     */
    public void flushState() {
        if (sync != null) {
            sync.flush();
        }
    }

    /**
     * Stops the lease scheduler (nothing times out afterwards; open leases can still be released),
     * publishes every queued route vector and disconnects the state provider (if any), then stops
     * the observer thread after delivering what is queued (waiting up to a second), and the route
     * listeners' thread. Routing still works afterwards on local state, but nothing is shared,
     * events are no longer delivered and no route listener can be added.
     */
    @Override
    public void close() {
        LeaseBridge.factory().close(leases);
        if (sync != null) {
            sync.close();
        }
        engine.lifecycle().close();
        if (events != null) {
            events.close();
        }
    }

    /** The ids of all routes, sorted; an immutable copy. */
    public List<String> routes() {
        return engine.routeIds();
    }

    /**
     * Forgets a route, its state and its guard; the next call on it starts a new route (and a new
     * guard with the route's configured settings). A guard reference kept from before forwards new
     * calls to the new guard; calls in flight end on the old one.
     *
     * @return true when the route existed
     */
    public boolean remove(String routeId) {
        checkRouteId(routeId);
        GuardBridge.registries().forget(guards, routeId);
        return engine.remove(routeId);
    }

    /**
     * Picks one of the candidate routes (SPEC.md §3): routes in CIRCUIT_BREAKER are excluded,
     * the others are drawn with probability ∝ {@code e^(−β·R)}, where R includes a staleness
     * penalty of κ per second since the route's last update, so silent routes lose preference.
     * A candidate that has never been routed counts as a new route (R = 1.2·R_base, no penalty).
     * Reads state only; no route is updated.
     *
     * @return the chosen route id, or empty when no candidate is available
     */
    public Optional<String> select(Collection<String> candidates) {
        Objects.requireNonNull(candidates, "candidates must not be null");
        long now = clock.millis();
        String[] ids = new String[candidates.size()];
        double[] r = new double[ids.length];
        int n = 0;
        for (String id : candidates) {
            checkRouteId(id);
            RouteState s = engine.state(id);
            double resistance;
            if (s == null) {
                resistance = params.bootstrapResistance;
            } else if (s.mode() == Mode.CIRCUIT_BREAKER) {
                continue;
            } else {
                long silentMs = Math.max(0L, now - s.lastUpdatedMillis());
                resistance = s.resistance() + (stalenessPenaltyPerSecond * silentMs) / 1000.0;
            }
            ids[n] = id;
            r[n] = resistance;
            n++;
        }
        int chosen = RouteSelector.pick(r, n, selectionBeta, random.nextDouble());
        return chosen < 0 ? Optional.empty() : Optional.of(ids[chosen]);
    }

    /** The physics constants in use. */
    public PhysicsConfig physicsConfig() {
        return params.physics;
    }

    /** The SLO in use. */
    public Slo slo() {
        return params.slo;
    }

    /** The AutoTuner config, or empty when the tuner is off. */
    public Optional<AutoTunerConfig> autoTunerConfig() {
        return Optional.ofNullable(params.autoTuner);
    }

    /** The engine this instance runs (never AUTO: the choice it resolved to). */
    public Engine engine() {
        return engineKind;
    }

    /** The clock this instance reads. */
    public MillisClock clock() {
        return clock;
    }

    /**
     * The monotonic time source this instance measures intervals with (a guarded call's latency,
     * a guard's update and probe intervals): the builder's {@link Builder#ticker ticker}, else the
     * clock when it is also a {@link Ticker} (as {@link ManualClock} is), else
     * {@link Ticker#system()}.
     */
    public Ticker ticker() {
        return ticker;
    }

    /** The voltage used when a call gives none. */
    public double defaultVoltage() {
        return defaultVoltage;
    }

    /**
     * The voltage of {@code tier} for this instance's physics: the ladder of SPEC §2.8, anchored
     * on R_base (bulk 1.2·R_base, low 1.5·R_base, normal 2·R_base, high 5·R_base, critical the
     * static break point R_base·γ). Every tier passes a healthy route. See {@link VoltageTier}.
     */
    public double voltage(VoltageTier tier) {
        return Objects.requireNonNull(tier, "tier must not be null").voltage(params.physics);
    }

    /**
     * Parses a tier name (case-insensitive) or a number into a voltage with this instance's
     * ladder ({@link #voltage(VoltageTier)}), e.g. the value of an {@code X-Atrion-Voltage} header.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public double parseVoltage(String text) {
        return VoltageTier.parseVoltage(text, params.physics);
    }

    private static void checkRouteId(String routeId) {
        if (routeId == null || routeId.isEmpty()) {
            throw new IllegalArgumentException("routeId must be a non-empty string, got "
                    + (routeId == null ? "null" : "\"\""));
        }
    }

    /** Builder of {@link Atrion}; every setting has the SPEC.md default. */
    public static final class Builder {
        private PhysicsConfig physics = PhysicsConfig.defaults();
        private Slo slo = Slo.defaults();
        private AutoTunerConfig autoTuner = AutoTunerConfig.defaults();
        private MillisClock clock = MillisClock.system();
        private Ticker ticker;
        private double defaultVoltage = DEFAULT_VOLTAGE;
        private RandomGenerator random;
        private double selectionBeta = 1.0;
        private double stalenessPenaltyPerSecond = 0.5;
        private Engine engine;
        private final List<AtrionObserver> observers = new ArrayList<>();
        private int observerQueueCapacity = 8192;
        private boolean decisionCounters;
        private GuardConfig guardConfig = GuardConfig.defaults();
        private final Map<String, WorkloadProfile> profiles = new LinkedHashMap<>();
        private final List<LeaseListener> leaseListeners = new ArrayList<>();
        private int leaseQueueCapacity = 4096;
        private boolean leaseAutoSweep = true;
        private StateProvider stateProvider;
        private StateSyncConfig stateSync = StateSyncConfig.defaults();

        private Builder() {
        }

        /** Registers the route's workload profile (SPEC §4); see {@link Atrion#registerProfile}. */
        public Builder profile(String routeId, WorkloadProfile profile) {
            checkRouteId(routeId);
            profiles.put(routeId, Objects.requireNonNull(profile, "profile must not be null"));
            return this;
        }

        /** Adds a listener of lease events, called on the lease scheduler thread. */
        public Builder leaseListener(LeaseListener listener) {
            leaseListeners.add(Objects.requireNonNull(listener, "leaseListener must not be null"));
            return this;
        }

        /**
         * Whether the lease scheduler looks at leases by itself, when one is due (default true).
         * False: only {@link io.atrion.lease.Leases#sweep()} times leases out, so a simulation on
         * virtual time decides exactly when (the wind tunnel does).
         */
        public Builder leaseAutoSweep(boolean auto) {
            this.leaseAutoSweep = auto;
            return this;
        }

        /** Tasks (events, sweeps) the lease scheduler's queue holds before events are dropped, in [1, 2^20]; 4096. */
        public Builder leaseQueueCapacity(int tasks) {
            this.leaseQueueCapacity = tasks;
            return this;
        }

        /**
         * Shares route state with other nodes through this provider (SPEC §5), e.g. an
         * {@code InMemoryStateStore}'s provider or {@code RedisStateProvider} (module
         * {@code atrion-redis}). None by default: nothing is shared and the hot path does no
         * sharing work at all. The instance connects the provider at {@link #build()} (a
         * backend that is unreachable is retried in the background; routing never waits for it)
         * and disconnects it at {@link Atrion#close()}.
         */
        public Builder stateProvider(StateProvider provider) {
            this.stateProvider = Objects.requireNonNull(provider, "stateProvider must not be null");
            return this;
        }

        /** How state is shared (γ, queue bound, future-time tolerance, publisher thread); defaults otherwise. */
        public Builder stateSync(StateSyncConfig config) {
            this.stateSync = Objects.requireNonNull(config, "stateSync must not be null");
            return this;
        }

        /** Settings of the guards {@link Atrion#guard(String)} creates; {@link GuardConfig#defaults()} unless set. */
        public Builder guardConfig(GuardConfig config) {
            this.guardConfig = Objects.requireNonNull(config, "guardConfig must not be null");
            return this;
        }

        /**
         * Adds an observer of every update (SPEC §6). Observers run on a dispatcher thread, never
         * on the caller's; see {@link AtrionObserver}. Without observers no event is built.
         */
        public Builder observer(AtrionObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer must not be null"));
            return this;
        }

        /**
         * Events the observer queue holds before it drops (rounded up to a power of two, in
         * [1, 2^26]); default 8192.
         */
        public Builder observerQueueCapacity(int events) {
            this.observerQueueCapacity = events;
            return this;
        }

        /**
         * Keeps per-route decision counters ({@link Atrion#counters(String)}), as the Micrometer
         * binder exports them; off by default (56 bytes per route on the FAST engine).
         */
        public Builder decisionCounters(boolean keep) {
            this.decisionCounters = keep;
            return this;
        }

        /**
         * The engine to run. Unless set, the environment variable {@code ATRION_ENGINE}
         * ({@code auto}, {@code fast} or {@code reference}) decides, and AUTO when it is unset.
         */
        public Builder engine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine must not be null");
            return this;
        }

        /** Physics constants (SPEC §2.1). */
        public Builder physics(PhysicsConfig physics) {
            this.physics = Objects.requireNonNull(physics, "physics must not be null");
            return this;
        }

        /** The SLO every route is measured against (SPEC §2.1). */
        public Builder slo(Slo slo) {
            this.slo = Objects.requireNonNull(slo, "slo must not be null");
            return this;
        }

        /** AutoTuner settings (SPEC §2.7); {@code null} turns the tuner off. On by default. */
        public Builder autoTuner(AutoTunerConfig autoTuner) {
            this.autoTuner = autoTuner;
            return this;
        }

        /** Turns the AutoTuner off: every route uses the static break point R_base·γ. */
        public Builder autoTunerDisabled() {
            return autoTuner(null);
        }

        /** The time source; the system clock by default. */
        public Builder clock(MillisClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * The monotonic source of intervals (see {@link Atrion#ticker()}). Unless set: the clock
         * when it is also a {@link Ticker} ({@link ManualClock} is, so virtual time drives both),
         * else {@link System#nanoTime()}.
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker must not be null");
            return this;
        }

        /** Voltage of calls that give none (finite, ≥ 0), default 100. */
        public Builder defaultVoltage(double voltage) {
            this.defaultVoltage = voltage;
            return this;
        }

        /** Random source of {@link Atrion#select}; a fresh default generator unless set. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        /** β of the selection softmax (finite, ≥ 0), default 1; 0 picks uniformly. */
        public Builder selectionBeta(double beta) {
            this.selectionBeta = beta;
            return this;
        }

        /** κ, ohms added per second of silence when selecting (finite, ≥ 0), default 0.5. */
        public Builder stalenessPenaltyPerSecond(double kappa) {
            this.stalenessPenaltyPerSecond = kappa;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the first setting outside its range
         */
        public Atrion build() {
            ConfigChecks.atLeast("Atrion.defaultVoltage", defaultVoltage, 0);
            ConfigChecks.atLeast("Atrion.selectionBeta", selectionBeta, 0);
            ConfigChecks.atLeast("Atrion.stalenessPenaltyPerSecond", stalenessPenaltyPerSecond, 0);
            if (observerQueueCapacity < 1 || observerQueueCapacity > (1 << 26)) {
                throw new IllegalArgumentException("Atrion.observerQueueCapacity must be an integer in [1, 67108864], got "
                        + observerQueueCapacity);
            }
            if (leaseQueueCapacity < 1 || leaseQueueCapacity > (1 << 20)) {
                throw new IllegalArgumentException("Atrion.leaseQueueCapacity must be an integer in [1, 1048576], got "
                        + leaseQueueCapacity);
            }
            resolve(engine); // an unknown ATRION_ENGINE fails here, naming the variable
            if (random == null) {
                random = RandomGenerator.getDefault();
            }
            return new Atrion(this);
        }
    }
}
