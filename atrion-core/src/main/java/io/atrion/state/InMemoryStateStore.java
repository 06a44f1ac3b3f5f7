package io.atrion.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A shared medium for the route vectors of several {@code Atrion} instances in one JVM — what a
 * Redis server is to a fleet: it stores the latest vector of each route (in the fleet's order,
 * {@link RouteVector#compareOrder}) and delivers every published vector to every connected node.
 * Each instance gets its own {@link InMemoryStateProvider} from {@link #provider(String)}:
 *
 * <pre>{@code
 * InMemoryStateStore store = InMemoryStateStore.create();
 * Atrion a = Atrion.builder().stateProvider(store.provider("a")).build();
 * Atrion b = Atrion.builder().stateProvider(store.provider("b")).build();
 * // scar raised on a's routes reaches b's routes of the same id
 * }</pre>
 *
 * <p>Options: an LRU bound on stored routes ({@link Builder#maxRoutes}), and a
 * {@link DeliveryScheduler} for a simulated propagation delay (immediate by default: the vector
 * reaches the other nodes on the publishing thread). Thread-safe.
 */
public final class InMemoryStateStore implements AutoCloseable {

    private final int maxRoutes;
    private final DeliveryScheduler delivery;
    /** Access-ordered, so the eldest entry is the least recently used route; guarded by this. */
    private final LinkedHashMap<String, RouteVector> vectors;
    private final List<InMemoryStateProvider> nodes = new CopyOnWriteArrayList<>();

    private InMemoryStateStore(Builder b) {
        this.maxRoutes = b.maxRoutes;
        this.delivery = b.delivery;
        this.vectors = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RouteVector> eldest) {
                return maxRoutes > 0 && size() > maxRoutes;
            }
        };
    }

    /** A store without a route bound, delivering immediately. */
    public static InMemoryStateStore create() {
        return builder().build();
    }

    /** A builder with the defaults (no route bound, immediate delivery). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A provider for one node attached to this store.
     *
     * @throws IllegalArgumentException when the node id is empty or longer than
     *                                  {@value RouteVector#MAX_NODE_ID_LENGTH} chars
     */
    public InMemoryStateProvider provider(String nodeId) {
        Objects.requireNonNull(nodeId, "InMemoryStateStore.nodeId must not be null");
        if (nodeId.isEmpty() || nodeId.length() > RouteVector.MAX_NODE_ID_LENGTH) {
            throw new IllegalArgumentException("InMemoryStateStore.nodeId must have 1 to "
                    + RouteVector.MAX_NODE_ID_LENGTH + " chars, got " + nodeId.length());
        }
        return new InMemoryStateProvider(this, nodeId);
    }

    /** The stored vector of a route (counts as a use for the LRU bound). */
    public synchronized Optional<RouteVector> get(String routeId) {
        return Optional.ofNullable(vectors.get(routeId));
    }

    /** The routes with a stored vector, least recently used first. */
    public synchronized List<String> routes() {
        return new ArrayList<>(vectors.keySet());
    }

    /** Number of stored routes. */
    public synchronized int size() {
        return vectors.size();
    }

    /** The LRU bound on routes, or 0 for none. */
    public int maxRoutes() {
        return maxRoutes;
    }

    /** Closes the delivery scheduler when it is {@link AutoCloseable} (e.g. {@link DeliveryScheduler#delayed}). */
    @Override
    public void close() {
        if (delivery instanceof AutoCloseable) {
            try {
                ((AutoCloseable) delivery).close();
            } catch (Exception ignored) {
                // closing a scheduler has nothing to report
            }
        }
    }

    synchronized void delete(String routeId) {
        vectors.remove(routeId);
    }

    /** Stores the vector unless a later one (fleet order) is stored, then delivers it to every connected node. */
    void publish(RouteVector v) {
        synchronized (this) {
            RouteVector stored = vectors.get(v.routeId());
            if (stored == null || !stored.isAfter(v)) {
                vectors.put(v.routeId(), v);
            }
        }
        for (InMemoryStateProvider node : nodes) {
            delivery.schedule(() -> node.deliver(v));
        }
    }

    void attach(InMemoryStateProvider node) {
        nodes.add(node);
    }

    void detach(InMemoryStateProvider node) {
        nodes.remove(node);
    }

    /** Builder of {@link InMemoryStateStore}. */
    public static final class Builder {
        private int maxRoutes;
        private DeliveryScheduler delivery = DeliveryScheduler.immediate();

        private Builder() {
        }

        /** Keep at most this many routes, evicting the least recently used (≥ 1), or 0 for no bound (default). */
        public Builder maxRoutes(int routes) {
            if (routes < 0) {
                throw new IllegalArgumentException("InMemoryStateStore.maxRoutes must be >= 0 (0: no bound), got "
                        + routes);
            }
            this.maxRoutes = routes;
            return this;
        }

        /** When published vectors reach the nodes; {@link DeliveryScheduler#immediate()} by default. */
        public Builder delivery(DeliveryScheduler scheduler) {
            this.delivery = Objects.requireNonNull(scheduler, "InMemoryStateStore.delivery must not be null");
            return this;
        }

        /** Builds the store. */
        public InMemoryStateStore build() {
            return new InMemoryStateStore(this);
        }
    }
}
