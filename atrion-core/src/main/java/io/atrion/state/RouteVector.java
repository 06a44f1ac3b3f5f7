package io.atrion.state;

import io.atrion.Mode;
import java.util.Objects;

/**
 * The per-route state that crosses process boundaries (SPEC.md §5): what a node knows about one
 * route after one of its updates, and where that knowledge came from. Immutable.
 *
 * <p>Only {@link #scar()} is merged into other nodes (decayed to their clock, then blended); the
 * other physics fields travel for observability: pressure, momentum and mode stay local, and
 * tick counts of different nodes are not comparable.
 *
 * <p>The constructor is the first line of defence against hostile input: a route or node id
 * that is empty or too long, a number that is negative or not finite, a negative count or time
 * is rejected with an {@link IllegalArgumentException}. Decoders of wire formats build vectors
 * through it and count what it rejects.
 *
 * @param routeId         the route, 1 to {@value #MAX_ROUTE_ID_LENGTH} chars
 * @param scar            S (finite, ≥ 0)
 * @param momentum        M per millisecond (finite, ≥ 0)
 * @param resistance      R in ohms (finite, ≥ 0)
 * @param mode            the node's mode of the route
 * @param tickCount       updates the node made on the route (≥ 0)
 * @param nodeId          the node that made the update, 1 to {@value #MAX_NODE_ID_LENGTH} chars
 * @param updatedAtMillis the node's clock time of the update, epoch ms (≥ 0)
 * @param sequence        the node's publication counter (≥ 0), increasing per node
 */
public record RouteVector(String routeId, double scar, double momentum, double resistance, Mode mode,
                          long tickCount, String nodeId, long updatedAtMillis, long sequence) {

    /** Longest accepted route id, in chars. */
    public static final int MAX_ROUTE_ID_LENGTH = 512;

    /** Longest accepted node id, in chars. */
    public static final int MAX_NODE_ID_LENGTH = 128;

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the first field out of range
     */
    public RouteVector {
        checkId("routeId", routeId, MAX_ROUTE_ID_LENGTH);
        checkId("nodeId", nodeId, MAX_NODE_ID_LENGTH);
        checkAmount("scar", scar);
        checkAmount("momentum", momentum);
        checkAmount("resistance", resistance);
        if (mode == null) {
            throw new IllegalArgumentException("RouteVector.mode must not be null");
        }
        checkCount("tickCount", tickCount);
        checkCount("updatedAtMillis", updatedAtMillis);
        checkCount("sequence", sequence);
    }

    /**
     * Whether this vector comes later than {@code other} in the fleet's order (SPEC §5): by update
     * time, ties broken by node id (the larger id is later). Tick counts are never compared.
     */
    public boolean isAfter(RouteVector other) {
        return compareOrder(this, other) > 0;
    }

    /** The fleet's order of two vectors: update time, then node id; 0 only for the same node and time. */
    public static int compareOrder(RouteVector a, RouteVector b) {
        int byTime = Long.compare(a.updatedAtMillis, b.updatedAtMillis);
        return byTime != 0 ? byTime : a.nodeId.compareTo(b.nodeId);
    }

    private static void checkId(String field, String id, int maxLength) {
        Objects.requireNonNull(id, () -> "RouteVector." + field + " must not be null");
        if (id.isEmpty() || id.length() > maxLength) {
            throw new IllegalArgumentException("RouteVector." + field + " must have 1 to " + maxLength
                    + " chars, got " + id.length());
        }
    }

    private static void checkAmount(String field, double v) {
        if (!(v >= 0.0) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("RouteVector." + field + " must be finite and >= 0, got " + v);
        }
    }

    private static void checkCount(String field, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("RouteVector." + field + " must be >= 0, got " + v);
        }
    }
}
