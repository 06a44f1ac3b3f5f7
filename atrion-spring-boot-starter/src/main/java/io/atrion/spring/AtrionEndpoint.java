package io.atrion.spring;

import io.atrion.Atrion;
import io.atrion.Mode;
import io.atrion.RouteCounters;
import io.atrion.RouteState;
import io.atrion.servlet.TierCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The actuator endpoint {@code atrion}.
 * <ul>
 *   <li>{@code GET /actuator/atrion}: the engine and every route with mode, R, S, M, break and
 *       recovery points, tick count and decision counters;</li>
 *   <li>{@code GET /actuator/atrion/{route}}: one route (404 when it does not exist); a route id
 *       with slashes is given as path segments, {@code /actuator/atrion/GET%20/orders/%7Bid%7D};</li>
 *   <li>{@code POST /actuator/atrion/{route}/reset}: forgets the route ({@link Atrion#remove}):
 *       its next call starts a new route in BOOTSTRAP. A write operation, so off unless
 *       {@code management.endpoint.atrion.access=unrestricted}, and secured like any actuator
 *       write. The route's guard keeps its latency and error averages until the core's
 *       {@code remove} also frees the guard (planned with the guard rework), so a route reset
 *       while its dependency still fails can trip again from them.</li>
 * </ul>
 * The live stream and the dashboard live under the same path ({@code atrion/stream},
 * {@code atrion/dashboard/}), so a route named {@code stream} or {@code dashboard} cannot be read
 * here by GET.
 */
@Endpoint(id = "atrion", defaultAccess = Access.READ_ONLY)
public class AtrionEndpoint {

    private final Atrion atrion;
    private final TierCounters tiers;

    /** An endpoint over {@code atrion}; {@code tiers} (nullable) are forgotten with a reset route. */
    public AtrionEndpoint(Atrion atrion, TierCounters tiers) {
        this.atrion = atrion;
        this.tiers = tiers;
    }

    /** One route as the endpoint reports it. */
    public record RouteView(String id, Mode mode, double resistance, double scar, double momentum, double breakPoint,
                            double recoveryPoint, long tickCount, long lastUpdatedMillis, RouteCounters counters) {

        static RouteView of(RouteState s, RouteCounters c) {
            return new RouteView(s.routeId(), s.mode(), s.resistance(), s.scar(), s.momentum(), s.breakPoint(),
                    s.recoveryPoint(), s.tickCount(), s.lastUpdatedMillis(), c);
        }
    }

    /** The engine and every route, sorted by id. */
    @ReadOperation
    public Map<String, Object> routes() {
        List<RouteView> views = new ArrayList<>();
        for (String id : atrion.routes()) {
            view(id).ifPresent(views::add);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("engine", atrion.engine());
        body.put("decisionCounters", atrion.countsDecisions());
        body.put("routes", views);
        return body;
    }

    /** One route, or null (404) when it does not exist. */
    @ReadOperation
    public RouteView route(@Selector(match = Selector.Match.ALL_REMAINING) String... path) {
        String id = String.join("/", path);
        return id.isEmpty() ? null : view(id).orElse(null);
    }

    /**
     * {@code POST atrion/{route}/reset}: forgets the route; 404 when the path does not end in
     * {@code reset} or the route does not exist.
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> reset(@Selector(match = Selector.Match.ALL_REMAINING) String... path) {
        if (path.length < 2 || !path[path.length - 1].equals("reset")) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        String id = String.join("/", java.util.Arrays.copyOf(path, path.length - 1));
        if (id.isEmpty() || !atrion.remove(id)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        if (tiers != null) {
            tiers.forget(id);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("route", id);
        body.put("reset", true);
        return new WebEndpointResponse<>(body);
    }

    private java.util.Optional<RouteView> view(String id) {
        return atrion.state(id).map(s -> RouteView.of(s, atrion.counters(id).orElse(null)));
    }
}
