package io.atrion;

import java.util.Optional;

/**
 * A route resolved once, for callers that route the same id many times: {@link #admit} skips
 * the id lookup, and with the FAST engine it allocates nothing.
 *
 * <pre>{@code
 * RouteHandle checkout = atrion.handle("api/checkout");
 * if (checkout.admit(latencyMs, errorRate, saturation, 50)) { ... }
 * }</pre>
 *
 * <p>A handle stays valid when its route is removed: the next {@link #admit} starts a new route
 * under the same id, and until then the readers report the state a new route starts with
 * (BOOTSTRAP, R = 1.2·R_base, S = M = 0, tick 0). Handles are thread-safe and belong to the
 * {@link Atrion} instance that made them.
 */
public interface RouteHandle {

    /** The route id. */
    String routeId();

    /**
     * The full update of SPEC.md §2 at the clock's current time, and the decision: true when a
     * request of this voltage may flow. The same as
     * {@code atrion.route(id, Telemetry.of(latencyMs, errorRate, saturation), voltage).allowed()}.
     */
    boolean admit(double latencyMs, double errorRate, double saturation, double voltage);

    /**
     * The same update as {@link #admit}, returning why the request was admitted or rejected
     * ({@link Reason#OK} when admitted). Allocation-free on the FAST engine.
     */
    Reason update(double latencyMs, double errorRate, double saturation, double voltage);

    /**
     * Decides a request of this voltage on the route's current state without updating it (the
     * same rule, SPEC §2.8: not CIRCUIT_BREAKER and V &gt; R). Counted in the decision counters
     * when they are kept; no event. A route with no state yet decides as a new route would
     * (R = 1.2·R_base) and is not created. Allocation-free on the FAST engine.
     */
    Reason decide(double voltage);

    /** Current resistance R in ohms. */
    double resistance();

    /** Current mode. */
    Mode mode();

    /** Current scar tissue S. */
    double scar();

    /** Current momentum M, per millisecond. */
    double momentum();

    /** Updates so far. */
    long tickCount();

    /** A consistent snapshot, or empty when the route has no state (never admitted, or removed). */
    Optional<RouteState> state();

    /**
     * Copies a consistent snapshot of the route's state, and its decision counters when the
     * instance keeps them, into {@code into}: the same values as {@link #state()} and
     * {@link Atrion#counters}, without allocating on the FAST engine (the REFERENCE engine copies
     * from a snapshot). For readers that visit every route often, such as a live stream.
     *
     * @return false (and {@code into} unchanged) when the route has no state
     */
    default boolean read(RouteReading into) {
        Optional<RouteState> s = state();
        if (s.isEmpty()) {
            return false;
        }
        into.set(s.get(), null);
        return true;
    }
}
