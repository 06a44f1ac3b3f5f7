package io.atrion.state;

import java.util.List;
import java.util.Optional;

/**
 * Shares route vectors between the nodes of a fleet (SPEC.md §5). One provider instance serves
 * one {@code Atrion} instance (one node):
 *
 * <pre>{@code
 * Atrion atrion = Atrion.builder()
 *         .stateProvider(RedisStateProvider.builder().uri("redis://127.0.0.1:6379").build())
 *         .build();
 * }</pre>
 *
 * <p>The local engine stays authoritative for the hot path: {@code Atrion} hands vectors to
 * {@link #update} from a publisher thread of its own, coalesced per route and through a bounded
 * queue, so a slow or failed provider never slows or fails a {@code route()} call. Remote vectors
 * come back through the {@link StateListener} given to {@link #subscribe}.
 *
 * <p>Lifecycle, driven by {@code Atrion}: {@link #subscribe}, then {@link #connect} at build time;
 * {@link #flush} after each batch of updates; {@link #disconnect} at {@code Atrion.close()}.
 *
 * <p>Implementations: {@link InMemoryStateProvider} (in one JVM: tests, several instances in one
 * process, the wind tunnel) and {@code io.atrion.redis.RedisStateProvider} (module
 * {@code atrion-redis}). An implementation must be thread-safe.
 */
public interface StateProvider {

    /** This node's id, stamped on every vector it publishes; stable for the provider's life. */
    String nodeId();

    /**
     * Starts connecting. Returns promptly and never throws because the backend is unreachable:
     * the provider keeps trying in the background (reporting through {@link #connectionState()})
     * and calls {@link StateListener#onConnected()} once it is connected.
     */
    void connect();

    /** Flushes what is pending (bounded wait), disconnects and releases resources. Idempotent. */
    void disconnect();

    /** Where the provider stands now. */
    ConnectionState connectionState();

    /**
     * The stored vector of a route: the latest in the fleet's order ({@link RouteVector#compareOrder}),
     * or empty. May block for a bounded time.
     *
     * @throws RuntimeException when the backend cannot be read
     */
    Optional<RouteVector> get(String routeId);

    /**
     * Stores the vector (unless the stored one is later in the fleet's order) and publishes it to
     * the other nodes. May be asynchronous and buffered until {@link #flush}; must not block on the
     * network. A failure may be thrown or reported to {@link StateListener#onProviderError}; a
     * provider at its own bound (e.g. too many writes in flight) throws
     * {@link java.util.concurrent.RejectedExecutionException}, which counts as a dropped vector, not
     * an error.
     */
    void update(RouteVector vector);

    /** Sends what {@link #update} buffered (e.g. one pipelined write); default: nothing to do. */
    default void flush() {
    }

    /**
     * Deletes the stored vector of a route (nodes keep their local state).
     *
     * @throws RuntimeException when the backend cannot be written
     */
    void delete(String routeId);

    /**
     * The routes with a stored vector.
     *
     * @throws RuntimeException when the backend cannot be read
     */
    List<String> listRoutes();

    /**
     * Registers the listener that receives remote vectors and connection news. Optional: a
     * provider without push delivery leaves this empty, and nodes then learn from {@link #get}
     * (at a route's first update and on every resync). Called at most once, before {@link #connect}.
     */
    default void subscribe(StateListener listener) {
    }

    /**
     * The shortest interval between two publications of one route by this node, in ms; the
     * publisher waits (coalescing further updates) until it has passed. Default 0: publish as
     * fast as updates come.
     */
    default long minPublishIntervalMillis() {
        return 0L;
    }
}
