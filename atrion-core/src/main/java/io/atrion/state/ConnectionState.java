package io.atrion.state;

/** Where a {@link StateProvider} stands with its backend. */
public enum ConnectionState {
    /** Created, or connecting for the first time. */
    CONNECTING,
    /** Connected, and its last operation succeeded: vectors are published. */
    CONNECTED,
    /**
     * Connected but failing (e.g. commands time out while the backend is paused), or the
     * connection was lost and is being re-established with backoff. Vectors are not published
     * meanwhile (counted as dropped); when the provider is back it tells its listener, which
     * resynchronizes.
     */
    DISCONNECTED,
    /** {@link StateProvider#disconnect()} was called. */
    CLOSED
}
