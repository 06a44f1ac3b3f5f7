package io.atrion.internal.engine;

/**
 * Where an engine hands the routes it updated when a state provider is attached (SPEC.md §5):
 * the queue between the callers' threads and the publisher thread.
 *
 * <p>Called on the caller's thread while the route's lock is held, once per route between two
 * publications (the engine keeps a per-route dirty flag and coalesces the updates in between),
 * so an implementation must be non-blocking, allocation-free and must not throw.
 *
 * <p>Internal: not part of the public API.
 */
public interface StateSink {

    /**
     * Queues the route for publication. {@code token} is engine-private (the FAST engine's packed
     * generation and slot) and comes back in {@link PhysicsEngine#readForPublish}.
     *
     * @return false when the queue is full: the engine leaves the route unmarked, so a later
     *         update queues it again; the sink counts the drop
     */
    boolean offer(String routeId, long token);
}
