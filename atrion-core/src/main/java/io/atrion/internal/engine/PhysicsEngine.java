package io.atrion.internal.engine;

import io.atrion.MillisClock;
import io.atrion.RouteCounters;
import io.atrion.RouteDecision;
import io.atrion.RouteHandle;
import io.atrion.RouteState;
import java.util.List;

/**
 * The seam between the public {@code Atrion} API and an implementation of the physics. Both
 * engines produce the same doubles for the same inputs (SPEC.md §7).
 *
 * <p>Arguments are already validated by the caller (non-empty route id); telemetry components
 * and voltages may be any double, the engine applies the guards of SPEC §2.9.
 *
 * <p>Internal: not part of the public API.
 */
public interface PhysicsEngine {

    /** One update of SPEC §2 at {@code nowMillis}, creating the route on first use. */
    RouteDecision route(String routeId, double latencyMs, double errorRate, double saturation,
                        double voltage, long nowMillis);

    /** The same update as {@link #route}, returning only the reason's ordinal (allocation-free on FAST). */
    int admit(String routeId, double latencyMs, double errorRate, double saturation, double voltage, long nowMillis);

    /** A consistent snapshot, or null when the route does not exist. */
    RouteState state(String routeId);

    /** The route's decision counters, or null when the route does not exist or counters are off. */
    RouteCounters counters(String routeId);

    /** The ids of all routes, sorted. */
    List<String> routeIds();

    /** Removes a route and its state; true when it existed. */
    boolean remove(String routeId);

    /** Number of routes. */
    int routeCount();

    /** A handle on {@code routeId} whose updates happen at {@code clock}'s time; creates no route. */
    RouteHandle handle(String routeId, MillisClock clock);

    /**
     * Updates {@code count} routes at one timestamp from parallel primitive arrays and writes each
     * decision into {@code allowedOut[i]}. Every handle must come from this engine.
     */
    void admitBatch(RouteHandle[] handles, int count, double[] latencyMs, double[] errorRate,
                    double[] saturation, double[] voltage, long nowMillis, boolean[] allowedOut);

    /** The configuration this engine runs with. */
    EngineParams params();

    /** Where this engine reports routes created and removed, to the route listeners. */
    RouteLifecycle lifecycle();
}
