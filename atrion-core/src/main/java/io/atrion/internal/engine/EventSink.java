package io.atrion.internal.engine;

/**
 * Where an engine reports each update when observers are configured (SPEC.md §6). Called on the
 * caller's thread while the route's lock is held, so an implementation must be non-blocking,
 * allocation-free and must not throw; it copies the primitives and returns.
 *
 * <p>Internal: not part of the public API.
 */
public interface EventSink {

    /** Reports one update; modes and reason are ordinals of {@code Mode} and {@code Reason}. */
    void publish(String routeId, long nowMillis, long deltaMillis, long tickCount, int previousMode, int mode,
                 double resistance, double scar, double momentum, double pressureNorm, double voltage, int reason);
}
