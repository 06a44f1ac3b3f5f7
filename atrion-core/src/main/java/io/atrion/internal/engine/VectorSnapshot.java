package io.atrion.internal.engine;

/**
 * A mutable holder the publisher thread reuses to read one route's shareable state
 * ({@link PhysicsEngine#readForPublish}): the fields of SPEC.md §5's route vector that come from
 * the engine, plus how many updates were coalesced into this read.
 *
 * <p>Internal: not part of the public API.
 */
public final class VectorSnapshot {
    public double scar;
    public double momentum;
    public double resistance;
    /** Ordinal of {@code io.atrion.Mode}. */
    public int mode;
    public long tickCount;
    public long lastUpdatedMillis;
    /** Updates since the previous read that did not queue the route again (it was already queued). */
    public long coalesced;
    /** Whether the route was queued (marked) when read; the read clears the mark. */
    public boolean queued;
}
