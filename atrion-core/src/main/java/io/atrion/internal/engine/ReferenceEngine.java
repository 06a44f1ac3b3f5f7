package io.atrion.internal.engine;

import io.atrion.MillisClock;
import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.RouteCounters;
import io.atrion.RouteDecision;
import io.atrion.RouteHandle;
import io.atrion.RouteReading;
import io.atrion.RouteState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The readable engine (SPEC.md §7): one {@link ReferenceRoute} object per route in a concurrent
 * map. Updates of one route serialize on that route's monitor; different routes never contend.
 *
 * <p>Internal: not part of the public API.
 */
public final class ReferenceEngine implements PhysicsEngine {

    private final EngineParams params;
    private final boolean countDecisions;
    private final EventSink events;
    /** Null when no state provider is attached. */
    private final StateSink sync;
    private final ConcurrentHashMap<String, ReferenceRoute> routes = new ConcurrentHashMap<>();
    /** Route listeners' events; creations, removals and its snapshots hold the map's monitor. */
    private final RouteLifecycle lifecycle = new RouteLifecycle(this::lockedRouteIds);

    /**
     * @param countDecisions keep per-route decision counters
     * @param events         where each update is reported, or null
     */
    public ReferenceEngine(EngineParams params, boolean countDecisions, EventSink events) {
        this(params, countDecisions, events, null);
    }

    /**
     * @param countDecisions keep per-route decision counters
     * @param events         where each update is reported, or null
     * @param sync           where updated routes are queued for a state provider, or null
     */
    public ReferenceEngine(EngineParams params, boolean countDecisions, EventSink events, StateSink sync) {
        this.params = params;
        this.countDecisions = countDecisions;
        this.events = events;
        this.sync = sync;
    }

    @Override
    public RouteDecision route(String routeId, double latencyMs, double errorRate, double saturation,
                               double voltage, long nowMillis) {
        while (true) {
            RouteDecision d = getOrCreate(routeId, nowMillis)
                    .update(latencyMs, errorRate, saturation, voltage, nowMillis);
            if (d != null) {
                return d;
            }
            // The route was removed between the lookup and the update: retry on the new one.
        }
    }

    @Override
    public int admit(String routeId, double latencyMs, double errorRate, double saturation, double voltage,
                     long nowMillis) {
        return route(routeId, latencyMs, errorRate, saturation, voltage, nowMillis).reason().ordinal();
    }

    private ReferenceRoute getOrCreate(String routeId, long nowMillis) {
        ReferenceRoute route = routes.get(routeId);
        if (route == null) {
            synchronized (routes) { // creations and removals in one order, for the route listeners
                route = routes.get(routeId);
                if (route == null) {
                    route = new ReferenceRoute(routeId, params, nowMillis, countDecisions, events, sync);
                    routes.put(routeId, route);
                    lifecycle.created(routeId);
                }
            }
        }
        return route;
    }

    @Override
    public RouteState state(String routeId) {
        ReferenceRoute route = routes.get(routeId);
        return route == null ? null : route.snapshot();
    }

    @Override
    public RouteCounters counters(String routeId) {
        ReferenceRoute route = routes.get(routeId);
        return route == null ? null : route.counters();
    }

    @Override
    public List<String> routeIds() {
        List<String> ids = new ArrayList<>(routes.keySet());
        Collections.sort(ids);
        return Collections.unmodifiableList(ids);
    }

    private List<String> lockedRouteIds() {
        synchronized (routes) {
            return routeIds();
        }
    }

    @Override
    public boolean remove(String routeId) {
        synchronized (routes) {
            ReferenceRoute route = routes.remove(routeId);
            if (route == null) {
                return false;
            }
            route.markRemoved();
            lifecycle.removed(routeId);
            return true;
        }
    }

    @Override
    public boolean assignProfile(String routeId, int profileIndex) {
        ReferenceRoute route = routes.get(routeId);
        if (route == null) {
            return false;
        }
        route.setProfile(profileIndex);
        return true;
    }

    @Override
    public void recordOutcome(String routeId, double latencyMs, double errorRate, double saturation, double voltage,
                              long nowMillis, double sigmas) {
        while (!getOrCreate(routeId, nowMillis).recordOutcome(latencyMs, errorRate, saturation, voltage, nowMillis,
                sigmas)) {
            // removed between the lookup and the update: retry on the new route
        }
    }

    @Override
    public boolean mergeRemoteScar(String routeId, double remoteScar, long remoteUpdatedAtMillis, double remoteWeight,
                                   long nowMillis) {
        ReferenceRoute route = routes.get(routeId);
        return route != null && route.mergeRemoteScar(remoteScar, remoteUpdatedAtMillis, remoteWeight, nowMillis);
    }

    @Override
    public boolean readForPublish(String routeId, long token, VectorSnapshot out) {
        ReferenceRoute route = routes.get(routeId);
        return route != null && route.readForPublish(out);
    }

    @Override
    public int routeCount() {
        return routes.size();
    }

    @Override
    public RouteHandle handle(String routeId, MillisClock clock) {
        return new Handle(routeId, clock);
    }

    @Override
    public void admitBatch(RouteHandle[] handles, int count, double[] latencyMs, double[] errorRate,
                           double[] saturation, double[] voltage, long nowMillis, boolean[] allowedOut) {
        for (int i = 0; i < count; i++) {
            Handle h = own(handles[i]);
            allowedOut[i] = route(h.routeId, latencyMs[i], errorRate[i], saturation[i], voltage[i], nowMillis)
                    .allowed();
        }
    }

    private Handle own(RouteHandle h) {
        if (h instanceof Handle && ((Handle) h).engine() == this) {
            return (Handle) h;
        }
        throw new IllegalArgumentException("handle " + h + " belongs to another Atrion instance");
    }

    @Override
    public EngineParams params() {
        return params;
    }

    @Override
    public RouteLifecycle lifecycle() {
        return lifecycle;
    }

    /** One update through a handle; with {@code probe}, a probeable rejection counts as a probe. */
    private int update(String routeId, double latencyMs, double errorRate, double saturation, double voltage,
                       long nowMillis, boolean probe) {
        while (true) {
            ReferenceRoute route = getOrCreate(routeId, nowMillis);
            synchronized (route) { // the update and its recount are one step for readers of the counters
                RouteDecision d = route.update(latencyMs, errorRate, saturation, voltage, nowMillis);
                if (d != null) {
                    if (probe) {
                        route.countAsProbe(d.reason().ordinal());
                    }
                    return d.reason().ordinal();
                }
            }
        }
    }

    /** A handle of the reference engine: a thin wrapper that routes by id. */
    private final class Handle implements ProbeCountingHandle {
        private final String routeId;
        private final MillisClock clock;

        Handle(String routeId, MillisClock clock) {
            this.routeId = routeId;
            this.clock = clock;
        }

        ReferenceEngine engine() {
            return ReferenceEngine.this;
        }

        @Override
        public String routeId() {
            return routeId;
        }

        @Override
        public boolean admit(double latencyMs, double errorRate, double saturation, double voltage) {
            return route(routeId, latencyMs, errorRate, saturation, voltage, clock.millis()).allowed();
        }

        @Override
        public Reason update(double latencyMs, double errorRate, double saturation, double voltage) {
            return route(routeId, latencyMs, errorRate, saturation, voltage, clock.millis()).reason();
        }

        @Override
        public boolean read(RouteReading into) {
            ReferenceRoute route = routes.get(routeId);
            RouteState s = route == null ? null : route.snapshot();
            if (s == null) {
                return false;
            }
            into.set(s, countDecisions ? route.counters() : null);
            return true;
        }

        @Override
        public Reason decide(double voltage) {
            return Reason.ofOrdinal(decide(voltage, false));
        }

        @Override
        public int update(double latencyMs, double errorRate, double saturation, double voltage, boolean probe) {
            return ReferenceEngine.this.update(routeId, latencyMs, errorRate, saturation, voltage, clock.millis(),
                    probe);
        }

        @Override
        public int decide(double voltage, boolean probe) {
            ReferenceRoute route = routes.get(routeId);
            if (route != null) {
                synchronized (route) {
                    Reason r = route.decideOnly(voltage);
                    if (r != null) {
                        if (probe) {
                            route.countAsProbe(r.ordinal());
                        }
                        return r.ordinal();
                    }
                }
            }
            return Admission.decide(false, params.bootstrapResistance, voltage).ordinal();
        }

        @Override
        public double resistance() {
            RouteState s = ReferenceEngine.this.state(routeId);
            return s == null ? params.bootstrapResistance : s.resistance();
        }

        @Override
        public Mode mode() {
            RouteState s = ReferenceEngine.this.state(routeId);
            return s == null ? Mode.BOOTSTRAP : s.mode();
        }

        @Override
        public double scar() {
            RouteState s = ReferenceEngine.this.state(routeId);
            return s == null ? 0.0 : s.scar();
        }

        @Override
        public double momentum() {
            RouteState s = ReferenceEngine.this.state(routeId);
            return s == null ? 0.0 : s.momentum();
        }

        @Override
        public long tickCount() {
            RouteState s = ReferenceEngine.this.state(routeId);
            return s == null ? 0L : s.tickCount();
        }

        @Override
        public Optional<RouteState> state() {
            return Optional.ofNullable(ReferenceEngine.this.state(routeId));
        }

        @Override
        public String toString() {
            return "RouteHandle[" + routeId + ", reference]";
        }
    }
}
