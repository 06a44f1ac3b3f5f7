package io.atrion;

/**
 * The outcome of one {@link Atrion#route} call: whether the request may flow, why, and the
 * route's physics right after the update. Immutable.
 *
 * @param routeId    the route
 * @param allowed    true when the request may flow: not in CIRCUIT_BREAKER and V &gt; R
 * @param reason     why it was admitted or rejected
 * @param mode       the route's mode after this update
 * @param resistance R after this update, in ohms
 * @param scar       S (scar tissue) after this update
 * @param momentum   M after this update, per millisecond
 * @param tickCount  updates this route has seen, this one included
 */
public record RouteDecision(String routeId, boolean allowed, Reason reason, Mode mode,
                            double resistance, double scar, double momentum, long tickCount) {
}
