package io.atrion.state;

/**
 * What a {@link StateProvider} tells the node it serves. {@code Atrion} subscribes one listener
 * when it is built with a provider; it never throws and returns quickly (a merge is one short
 * per-route lock), so a provider may call it on its I/O thread.
 */
public interface StateListener {

    /**
     * A vector arrived from the backend (a node's publication, or a stored vector read back).
     * The provider passes every vector it decoded, the node's own included: the listener ignores
     * its own node's vectors, vectors older than what it applied from the same node, vectors
     * timed too far in the future, and vectors of routes it does not know.
     */
    void onRemoteVector(RouteVector vector);

    /**
     * A message could not be decoded into a vector (malformed, unknown version, a field out of
     * range): counted as rejected, never applied.
     *
     * @param reason a short description for logs (never the message itself)
     */
    void onRejected(String reason);

    /** An operation of the provider failed (counted; the provider keeps trying). */
    void onProviderError(Throwable error);

    /**
     * The provider is (again) connected and working: the listener resynchronizes — it reads the
     * stored vectors of the routes it knows and republishes its own.
     */
    void onConnected();
}
