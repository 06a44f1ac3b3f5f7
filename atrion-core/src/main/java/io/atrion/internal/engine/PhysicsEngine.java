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

    /** The token of {@link #readForPublish} for a route that was not queued: look the id up. */
    long NO_TOKEN = -1L;

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

    /**
     * Gives an existing route the profile numbered {@code profileIndex} in {@code params().profiles}
     * (SPEC §4: its latency baseline and σ), under the route's lock; false when the route does not
     * exist (it takes its profile from the table when created).
     */
    boolean assignProfile(String routeId, int profileIndex);

    /**
     * Records the outcome of a lease (SPEC §4) under the route's lock, creating the route on first
     * use: one update of SPEC §2 with this telemetry at {@code nowMillis} that is not counted as a
     * decision (no client was admitted or shed by it), then {@code sigmas} times the route's σ added
     * to its scar at once: S + σ_route·sigmas, and R recomputed from the route's pressure and
     * momentum (except in BOOTSTRAP, whose R stays 1.2·R_base). The mode is checked at the next update.
     */
    void recordOutcome(String routeId, double latencyMs, double errorRate, double saturation, double voltage,
                       long nowMillis, double sigmas);

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

    /**
     * Merges a remote route vector's scar into the route (SPEC §5), under the same per-route lock
     * as updates: {@link ScarMerge#blend}, then R recomputed with §2.5 from the route's last
     * pressure and momentum (in BOOTSTRAP R stays 1.2·R_base); mode, pressure, momentum, tick
     * count and last update time are left as they are. Does not queue the route for publication.
     *
     * @return false when the route does not exist (nothing is created)
     */
    boolean mergeRemoteScar(String routeId, double remoteScar, long remoteUpdatedAtMillis, double remoteWeight,
                            long nowMillis);

    /**
     * Reads the route's shareable state into {@code out} under its lock and clears its "queued"
     * mark, so the next update queues it again. {@code token} is what the engine gave the
     * {@link StateSink}, or {@link #NO_TOKEN} to look the id up.
     *
     * @return false when the route does not exist or has not been updated yet
     */
    boolean readForPublish(String routeId, long token, VectorSnapshot out);

    /** The configuration this engine runs with. */
    EngineParams params();

    /** Where this engine reports routes created and removed, to the route listeners. */
    RouteLifecycle lifecycle();
}
