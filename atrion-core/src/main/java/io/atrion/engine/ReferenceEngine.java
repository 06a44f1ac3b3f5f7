package io.atrion.engine;

import io.atrion.RouteDecision;
import io.atrion.RouteState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The readable engine (SPEC.md §7): one {@link ReferenceRoute} object per route in a concurrent
 * map. Updates of one route serialize on that route's monitor; different routes never contend.
 *
 * <p>Internal: not part of the public API.
 */
public final class ReferenceEngine implements PhysicsEngine {

    private final EngineParams params;
    private final ConcurrentHashMap<String, ReferenceRoute> routes = new ConcurrentHashMap<>();

    public ReferenceEngine(EngineParams params) {
        this.params = params;
    }

    @Override
    public RouteDecision route(String routeId, double latencyMs, double errorRate, double saturation,
                               double voltage, long nowMillis) {
        ReferenceRoute route = routes.get(routeId);
        if (route == null) {
            route = routes.computeIfAbsent(routeId, id -> new ReferenceRoute(id, params, nowMillis));
        }
        return route.update(latencyMs, errorRate, saturation, voltage, nowMillis);
    }

    @Override
    public RouteState state(String routeId) {
        ReferenceRoute route = routes.get(routeId);
        return route == null ? null : route.snapshot();
    }

    @Override
    public List<String> routeIds() {
        List<String> ids = new ArrayList<>(routes.keySet());
        Collections.sort(ids);
        return Collections.unmodifiableList(ids);
    }

    @Override
    public boolean remove(String routeId) {
        return routes.remove(routeId) != null;
    }

    @Override
    public int routeCount() {
        return routes.size();
    }

    @Override
    public EngineParams params() {
        return params;
    }
}
