package io.atrion.micrometer;

import io.atrion.Atrion;
import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.RouteCounters;
import io.atrion.RouteState;
import io.atrion.lease.LeaseCounts;
import io.atrion.lease.LeaseEvent;
import io.atrion.lease.LeaseListener;
import io.atrion.lease.LeaseOutcome;
import io.atrion.observe.RouteListener;
import io.atrion.state.ConnectionState;
import io.atrion.state.StateStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Exports the routes of one {@link Atrion} instance to a Micrometer {@link MeterRegistry}
 * (SPEC.md §6): each route's resistance, scar, momentum, break point and mode as gauges, its
 * decisions and breaker transitions as counters, and the observer queue's drops and failures.
 *
 * <pre>{@code
 * Atrion atrion = Atrion.builder().decisionCounters(true).build();
 * AtrionMetrics metrics = AtrionMetrics.of(atrion);
 * metrics.bindTo(prometheusRegistry);
 * }</pre>
 *
 * <h2>Meters</h2>
 * Names are Micrometer's dotted names; a Prometheus registry writes them as in the right column.
 * Every per-route meter has the tag {@code route} (the route id); every meter also carries the
 * {@linkplain Builder#tags common tags}.
 * <table>
 *   <caption>Meters and their Prometheus names</caption>
 *   <tr><th>meter</th><th>type</th><th>Prometheus</th></tr>
 *   <tr><td>{@code atrion.route.resistance} (base unit ohms)</td><td>gauge</td><td>{@code atrion_route_resistance_ohms{route}}</td></tr>
 *   <tr><td>{@code atrion.route.scar}</td><td>gauge</td><td>{@code atrion_route_scar{route}}</td></tr>
 *   <tr><td>{@code atrion.route.momentum}</td><td>gauge</td><td>{@code atrion_route_momentum{route}} (per ms)</td></tr>
 *   <tr><td>{@code atrion.route.break.point} (ohms)</td><td>gauge</td><td>{@code atrion_route_break_point_ohms{route}}</td></tr>
 *   <tr><td>{@code atrion.route.mode}</td><td>gauge, one per mode</td><td>{@code atrion_route_mode{route,mode}}: 1 for the
 *       route's current mode, 0 for the two others; {@code mode} is {@code bootstrap}, {@code operational} or
 *       {@code circuit_breaker} (a Prometheus state set)</td></tr>
 *   <tr><td>{@code atrion.decisions}</td><td>function counter</td><td>{@code atrion_decisions_total{route,outcome,reason}}:
 *       {@code outcome="admitted",reason="ok"}, and {@code outcome="rejected"} with {@code reason} one of
 *       {@code circuit_open}, {@code insufficient_voltage}, {@code invalid_voltage}</td></tr>
 *   <tr><td>{@code atrion.breaker.transitions}</td><td>function counter</td><td>{@code atrion_breaker_transitions_total{route,direction}},
 *       {@code direction} = {@code opened} or {@code closed}</td></tr>
 *   <tr><td>{@code atrion.route.probes}</td><td>function counter</td><td>{@code atrion_route_probes_total{route}}: requests a
 *       {@code RouteGuard} let through as its probe; they are served, so {@code atrion_decisions_total} counts them as
 *       admitted too, and the decision counters equal what clients saw</td></tr>
 *   <tr><td>{@code atrion.routes}</td><td>gauge</td><td>{@code atrion_routes}: routes the instance holds</td></tr>
 *   <tr><td>{@code atrion.observer.events.dropped}</td><td>function counter</td><td>{@code atrion_observer_events_dropped_total}</td></tr>
 *   <tr><td>{@code atrion.observer.failures}</td><td>function counter</td><td>{@code atrion_observer_failures_total}</td></tr>
 *   <tr><td>{@code atrion.state.vectors}</td><td>function counter, one per event</td><td>{@code atrion_state_vectors_total{event}}
 *       with a state provider only (SPEC §5): {@code event} is {@code published}, {@code coalesced}, {@code dropped},
 *       {@code received}, {@code merged}, {@code ignored} or {@code rejected} (see {@code StateStats})</td></tr>
 *   <tr><td>{@code atrion.state.provider.errors}, {@code atrion.state.resyncs}</td><td>function counters</td>
 *       <td>{@code atrion_state_provider_errors_total}, {@code atrion_state_resyncs_total}</td></tr>
 *   <tr><td>{@code atrion.state.queued}</td><td>gauge</td><td>{@code atrion_state_queued}: routes waiting for publication</td></tr>
 *   <tr><td>{@code atrion.state.connection}</td><td>gauge, one per state</td><td>{@code atrion_state_connection{state}}: 1 for the
 *       provider's current state among {@code connecting}, {@code connected}, {@code disconnected}, {@code closed}</td></tr>
 * </table>
 *
 * <h2>Requirements</h2>
 * The per-route counters read {@link Atrion#counters(String)}, which the instance keeps only
 * when built with {@link Atrion.Builder#decisionCounters(boolean) decisionCounters(true)}; the
 * binder refuses an instance without them ({@link IllegalArgumentException} at
 * {@link #of}/{@link Builder#build}) rather than export counters that never move.
 *
 * <h2>Routes come and go</h2>
 * Routes are created by traffic. The binder is a {@link RouteListener} of the instance (from the
 * first {@link #bindTo}): it registers a route's meters when the route is created and removes them
 * when the route is {@linkplain Atrion#remove removed}, on the instance's route-event thread,
 * moments after the change; nothing polls. Until then a new route's meters are missing, and a
 * removed route's gauges read NaN while its counters keep their last value. A route removed and
 * created anew keeps its meters or gets new ones; its counters restart from zero, which
 * Prometheus treats as a counter reset. Gauges and counters read the live state at each scrape.
 * {@link #refresh()} brings the set of route meters up to date at once, on the calling thread
 * (rarely needed: e.g. in a test that scrapes right after creating a route).
 *
 * <p>Route ids become label values: keep their number bounded (one route per endpoint or
 * dependency, not per user or per URL with ids in it).
 *
 * <p>The binder may be bound to several registries. {@link #close()} stops listening and
 * removes every meter it registered. Thread-safe.
 */
public final class AtrionMetrics implements MeterBinder, AutoCloseable {

    /** Tag key of the route id on every per-route meter. */
    public static final String ROUTE_TAG = "route";

    private final Atrion atrion;
    private final Tags commonTags;
    /** Registers and removes route meters as the instance reports its routes. */
    private final RouteListener routeMeters = new RouteMeters();
    /** Registers a route's lease meters when its first lease event arrives (no polling). */
    private final LeaseListener leaseMeterRegistrar = this::onLeaseEvent;

    /** Per bound registry: the global meters and the meters of each route, by route id. */
    private final Map<MeterRegistry, Binding> bindings = new IdentityHashMap<>();
    private boolean listening;
    private boolean closed;

    private AtrionMetrics(Builder b) {
        this.atrion = b.atrion;
        this.commonTags = b.tags;
    }

    /**
     * A binder with the defaults: no common tags.
     *
     * @throws IllegalArgumentException when {@code atrion} does not keep decision counters
     */
    public static AtrionMetrics of(Atrion atrion) {
        return builder(atrion).build();
    }

    /** A builder for a binder of {@code atrion}. */
    public static Builder builder(Atrion atrion) {
        return new Builder(atrion);
    }

    /**
     * Registers the global meters and those of every current route in {@code registry}, and
     * (once, for all registries) starts listening to the instance's routes.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        if (closed) {
            throw new IllegalStateException("AtrionMetrics is closed");
        }
        Binding binding = bindings.get(registry);
        if (binding == null) {
            binding = new Binding(registry);
            bindings.put(registry, binding);
            binding.global.addAll(globalMeters(registry));
        }
        refresh(binding, atrion.routes());
        if (!listening) {
            atrion.addRouteListener(routeMeters); // its first snapshot changes nothing unless routes moved meanwhile
            atrion.leases().addListener(leaseMeterRegistrar);
            listening = true;
        }
    }

    /**
     * Brings the set of route meters up to date in every bound registry now, on the calling
     * thread: registers the meters of routes that appeared and removes those of routes that no
     * longer exist (what the route events do moments later anyway). One {@link Atrion#routes()}
     * call and a set comparison. A no-op after {@link #close()}.
     */
    public synchronized void refresh() {
        if (closed || bindings.isEmpty()) {
            return;
        }
        List<String> routes = atrion.routes();
        for (Binding b : bindings.values()) {
            refresh(b, routes);
        }
    }

    /** The route ids whose meters are registered now (in the first bound registry). */
    public synchronized Set<String> registeredRoutes() {
        for (Binding b : bindings.values()) {
            return Set.copyOf(b.routes.keySet());
        }
        return Set.of();
    }

    /** Stops listening to the routes and removes every meter this binder registered. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (listening) {
            atrion.removeRouteListener(routeMeters);
            atrion.leases().removeListener(leaseMeterRegistrar);
        }
        for (Binding b : bindings.values()) {
            for (List<Meter> meters : b.routes.values()) {
                removeAll(b.registry, meters);
            }
            for (List<Meter> meters : b.leaseRoutes.values()) {
                removeAll(b.registry, meters);
            }
            removeAll(b.registry, b.global);
        }
        bindings.clear();
    }

    /** The instance this binder exports. */
    public Atrion atrion() {
        return atrion;
    }

    /** The route events, applied to every bound registry (on the instance's route-event thread). */
    private final class RouteMeters implements RouteListener {
        @Override
        public void onCreated(String routeId) {
            synchronized (AtrionMetrics.this) {
                if (!closed) {
                    for (Binding b : bindings.values()) {
                        b.routes.computeIfAbsent(routeId, id -> routeMeters(b.registry, id));
                    }
                }
            }
        }

        @Override
        public void onRemoved(String routeId) {
            synchronized (AtrionMetrics.this) {
                for (Binding b : bindings.values()) {
                    List<Meter> meters = b.routes.remove(routeId);
                    if (meters != null) {
                        removeAll(b.registry, meters);
                    }
                }
            }
        }

        /**
         * Re-reads the routes instead of applying {@code routeIds}: the snapshot was read before
         * this thread took the monitor, and a {@link #refresh()} on another thread may have
         * registered a newer route meanwhile; applied as it is, the older snapshot would remove
         * that route's meters and its creation event add them back, and a scrape in between could
         * see them missing or doubled. Changes queued after the snapshot still follow, and apply
         * idempotently to the fresher view.
         */
        @Override
        public void onSnapshot(List<String> routeIds) {
            synchronized (AtrionMetrics.this) {
                if (!closed) {
                    List<String> current = atrion.routes();
                    for (Binding b : bindings.values()) {
                        refresh(b, current);
                    }
                }
            }
        }
    }

    private synchronized void onLeaseEvent(LeaseEvent e) {
        if (!closed) {
            for (Binding b : bindings.values()) {
                b.leaseRoutes.computeIfAbsent(e.routeId(), route -> leaseMeters(b.registry, route));
            }
        }
    }

    private void refresh(Binding b, List<String> routes) {
        Set<String> current = new HashSet<>(routes);
        for (Iterator<Map.Entry<String, List<Meter>>> it = b.routes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, List<Meter>> e = it.next();
            if (!current.contains(e.getKey())) {
                removeAll(b.registry, e.getValue());
                it.remove();
            }
        }
        for (String route : routes) {
            if (!b.routes.containsKey(route)) {
                b.routes.put(route, routeMeters(b.registry, route));
            }
        }
        for (String route : atrion.leases().routes()) {
            if (!b.leaseRoutes.containsKey(route)) {
                b.leaseRoutes.put(route, leaseMeters(b.registry, route));
            }
        }
    }

    /**
     * The lease meters of one route that has had leases (SPEC §4): active leases, the oldest's age,
     * outcomes by kind, refused starts, missed heartbeats. Lease counters only grow, so they stay
     * registered for the binder's life.
     */
    private List<Meter> leaseMeters(MeterRegistry registry, String route) {
        Tags tags = commonTags.and(ROUTE_TAG, route);
        List<Meter> meters = new ArrayList<>(8);
        meters.add(gauge(registry, "atrion.leases.active", tags, "Leases of the route granted and not ended", null,
                a -> a.leases().active(route)));
        meters.add(Gauge.builder("atrion.lease.oldest.age", atrion, a -> a.leases().oldestAgeMillis(route) / 1000.0)
                .tags(tags).description("Age of the route's oldest active lease (0 when none)")
                .baseUnit("seconds").register(registry));
        for (LeaseOutcome outcome : LeaseOutcome.values()) {
            meters.add(counter(registry, "atrion.lease.outcomes", tags.and("outcome", label(outcome)),
                    "Leases of the route ended, by outcome",
                    a -> a.leases().counts(route).map(c -> c.ended(outcome)).orElse(0L)));
        }
        meters.add(counter(registry, "atrion.lease.rejected", tags, "Lease starts the route's decision refused",
                a -> a.leases().counts(route).map(LeaseCounts::rejected).orElse(0L)));
        meters.add(counter(registry, "atrion.lease.heartbeat.misses", tags,
                "Heartbeat intervals the route's leases missed",
                a -> a.leases().counts(route).map(LeaseCounts::heartbeatMisses).orElse(0L)));
        return meters;
    }

    private static void removeAll(MeterRegistry registry, List<Meter> meters) {
        for (Meter m : meters) {
            registry.remove(m);
        }
    }

    private List<Meter> globalMeters(MeterRegistry registry) {
        List<Meter> meters = new ArrayList<>(3);
        meters.add(Gauge.builder("atrion.routes", atrion, a -> a.routes().size())
                .description("Routes the Atrion instance holds")
                .tags(commonTags)
                .register(registry));
        meters.add(FunctionCounter.builder("atrion.observer.events.dropped", atrion, Atrion::droppedEvents)
                .description("Events dropped because the observers fell behind and the queue was full")
                .tags(commonTags)
                .register(registry));
        meters.add(FunctionCounter.builder("atrion.observer.failures", atrion, Atrion::observerFailures)
                .description("Exceptions thrown by observers")
                .tags(commonTags)
                .register(registry));
        if (atrion.stateStats().isPresent()) {
            stateMeters(registry, meters);
        }
        return meters;
    }

    /** State sharing (SPEC §5): each meter reads a fresh {@link StateStats} snapshot. */
    private void stateMeters(MeterRegistry registry, List<Meter> meters) {
        Map<String, ToDoubleFunction<StateStats>> events = new LinkedHashMap<>();
        events.put("published", StateStats::published);
        events.put("coalesced", StateStats::coalesced);
        events.put("dropped", StateStats::dropped);
        events.put("received", StateStats::received);
        events.put("merged", StateStats::merged);
        events.put("ignored", StateStats::ignored);
        events.put("rejected", StateStats::rejected);
        events.forEach((event, f) -> meters.add(stateCounter(registry, "atrion.state.vectors",
                commonTags.and("event", event), "Route vectors shared with other nodes, by event", f)));
        meters.add(stateCounter(registry, "atrion.state.provider.errors", commonTags,
                "Failed operations of the state provider", StateStats::providerErrors));
        meters.add(stateCounter(registry, "atrion.state.resyncs", commonTags,
                "Resynchronizations after the state provider (re)connected", StateStats::resyncs));
        meters.add(Gauge.builder("atrion.state.queued", atrion, a -> a.stateStats().map(StateStats::queued).orElse(0))
                .description("Routes waiting for publication").tags(commonTags).register(registry));
        for (ConnectionState state : ConnectionState.values()) {
            meters.add(Gauge.builder("atrion.state.connection", atrion,
                            a -> a.stateStats().map(st -> st.connectionState() == state ? 1.0 : 0.0).orElse(0.0))
                    .description("1 for the state provider's current connection state, 0 for the others")
                    .tags(commonTags.and("state", label(state))).register(registry));
        }
    }

    private Meter stateCounter(MeterRegistry registry, String name, Tags tags, String description,
                               ToDoubleFunction<StateStats> f) {
        return FunctionCounter.builder(name, atrion, a -> a.stateStats().map(f::applyAsDouble).orElse(0.0))
                .tags(tags).description(description).register(registry);
    }

    /**
     * The meters of one route. Each meter's object is the Atrion instance (held by the
     * application, so the registry's weak reference to it stays valid); the functions hold the
     * route's {@link RouteReader}.
     */
    private List<Meter> routeMeters(MeterRegistry registry, String route) {
        RouteReader r = new RouteReader(route);
        Tags tags = commonTags.and(ROUTE_TAG, route);
        List<Meter> meters = new ArrayList<>(15);
        meters.add(gauge(registry, "atrion.route.resistance", tags, "Resistance R of the route", "ohms",
                a -> r.state(a).map(RouteState::resistance).orElse(Double.NaN)));
        meters.add(gauge(registry, "atrion.route.scar", tags, "Scar tissue S of the route", null,
                a -> r.state(a).map(RouteState::scar).orElse(Double.NaN)));
        meters.add(gauge(registry, "atrion.route.momentum", tags, "Momentum M of the route, per millisecond", null,
                a -> r.state(a).map(RouteState::momentum).orElse(Double.NaN)));
        meters.add(gauge(registry, "atrion.route.break.point", tags,
                "Resistance at which the route opens its breaker", "ohms",
                a -> r.state(a).map(RouteState::breakPoint).orElse(Double.NaN)));
        for (Mode mode : Mode.values()) {
            meters.add(gauge(registry, "atrion.route.mode", tags.and("mode", label(mode)),
                    "1 for the route's current mode, 0 for the others", null,
                    a -> r.state(a).map(s -> s.mode() == mode ? 1.0 : 0.0).orElse(Double.NaN)));
        }
        for (Reason reason : Reason.values()) {
            String outcome = reason == Reason.OK ? "admitted" : "rejected";
            meters.add(counter(registry, "atrion.decisions", tags.and("outcome", outcome, "reason", label(reason)),
                    "Admission decisions of the route", a -> r.counters(a).count(reason)));
        }
        meters.add(counter(registry, "atrion.breaker.transitions", tags.and("direction", "opened"),
                "Breaker transitions of the route", a -> r.counters(a).breakerOpened()));
        meters.add(counter(registry, "atrion.breaker.transitions", tags.and("direction", "closed"),
                "Breaker transitions of the route", a -> r.counters(a).breakerClosed()));
        meters.add(counter(registry, "atrion.route.probes", tags,
                "Requests a guard let through as its probe (also counted as admitted)", a -> r.counters(a).probes()));
        return meters;
    }

    private Meter gauge(MeterRegistry registry, String name, Tags tags, String description, String unit,
                        ToDoubleFunction<Atrion> f) {
        return Gauge.builder(name, atrion, f).tags(tags).description(description).baseUnit(unit)
                .register(registry);
    }

    private Meter counter(MeterRegistry registry, String name, Tags tags, String description,
                          ToDoubleFunction<Atrion> f) {
        return FunctionCounter.builder(name, atrion, f).tags(tags).description(description).register(registry);
    }

    /** Lower-case label value of an enum constant, e.g. {@code circuit_breaker}. */
    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Reads one route; remembers its last counters so they stay monotonic after removal. */
    private static final class RouteReader {
        private static final RouteCounters ZERO = new RouteCounters(0, 0, 0, 0, 0, 0);

        private final String route;
        private volatile RouteCounters last = ZERO;

        RouteReader(String route) {
            this.route = route;
        }

        Optional<RouteState> state(Atrion a) {
            return a.state(route);
        }

        RouteCounters counters(Atrion a) {
            Optional<RouteCounters> c = a.counters(route);
            if (c.isPresent()) {
                last = c.get();
            }
            return last;
        }
    }

    /** The meters registered in one registry. */
    private static final class Binding {
        final MeterRegistry registry;
        final List<Meter> global = new ArrayList<>();
        final Map<String, List<Meter>> routes = new LinkedHashMap<>();
        final Map<String, List<Meter>> leaseRoutes = new LinkedHashMap<>();

        Binding(MeterRegistry registry) {
            this.registry = registry;
        }
    }

    /** Builder of {@link AtrionMetrics}. */
    public static final class Builder {
        private final Atrion atrion;
        private Tags tags = Tags.empty();

        private Builder(Atrion atrion) {
            this.atrion = Objects.requireNonNull(atrion, "AtrionMetrics.atrion must not be null");
        }

        /** Tags added to every meter (e.g. {@code service}); none by default. */
        public Builder tags(Iterable<Tag> tags) {
            Objects.requireNonNull(tags, "AtrionMetrics.tags must not be null");
            this.tags = Tags.of(tags);
            return this;
        }

        /** Tags added to every meter, as key/value pairs. */
        public Builder tags(String... keyValues) {
            Objects.requireNonNull(keyValues, "AtrionMetrics.tags must not be null");
            if (keyValues.length % 2 != 0) {
                throw new IllegalArgumentException("AtrionMetrics.tags must be key/value pairs, got "
                        + keyValues.length + " strings");
            }
            this.tags = Tags.of(keyValues);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the setting at fault: a common tag named
         *                                  {@code route}, or an instance without decision counters
         */
        public AtrionMetrics build() {
            for (Tag t : tags) {
                if (ROUTE_TAG.equals(t.getKey())) {
                    throw new IllegalArgumentException("AtrionMetrics.tags must not use the key '" + ROUTE_TAG
                            + "', which the binder sets on every route meter");
                }
            }
            if (!atrion.countsDecisions()) {
                throw new IllegalArgumentException("AtrionMetrics.atrion must keep decision counters: build the "
                        + "instance with Atrion.builder().decisionCounters(true)");
            }
            return new AtrionMetrics(this);
        }
    }
}
