package io.atrion.observe;

import java.util.List;

/**
 * Learns which routes an {@link io.atrion.Atrion} instance holds: a route is created by its first
 * call and removed by {@code Atrion.remove}. Register with {@code Atrion.addRouteListener}, e.g. to
 * register and unregister per-route metrics without polling {@code Atrion.routes()}.
 *
 * <p>Calls arrive on the instance's route-event thread, never on the thread whose call created or
 * removed the route, and one at a time. Without listeners nothing is queued: creating and removing
 * routes costs nothing more. The changes of one route arrive in the order they happened. A
 * listener first receives {@link #onSnapshot} with every route that exists when it is registered;
 * it receives another snapshot whenever events had to be dropped (a bounded queue, a listener
 * falling far behind), so its view always converges to the instance's routes. What a listener
 * throws is caught and counted ({@code Atrion.observerFailures()}).
 */
public interface RouteListener {

    /** The route was created: its first call arrived. */
    void onCreated(String routeId);

    /** The route was removed ({@code Atrion.remove}); a later call on its id creates it anew. */
    void onRemoved(String routeId);

    /**
     * Every route that exists now, sorted: the listener's view starts again from this list
     * (routes it knew that are not in the list no longer exist). Events that follow are changes
     * after the list was read, or changes it already shows. The default reports each route as
     * {@linkplain #onCreated created}; override it when the listener must also forget routes.
     */
    default void onSnapshot(List<String> routeIds) {
        for (String id : routeIds) {
            onCreated(id);
        }
    }
}
