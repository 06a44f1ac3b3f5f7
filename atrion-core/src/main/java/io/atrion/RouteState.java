package io.atrion;

/**
 * A consistent snapshot of one route's state, read without updating it. Immutable.
 *
 * @param routeId          the route
 * @param mode             current mode
 * @param resistance       R in ohms
 * @param scar             S, scar tissue
 * @param momentum         M, per millisecond
 * @param tickCount        updates so far
 * @param lastUpdatedMillis time of the latest update (the later one if the clock went back)
 * @param breakPoint       resistance at which an OPERATIONAL route opens its breaker
 * @param recoveryPoint    resistance below which a CIRCUIT_BREAKER route closes it again
 */
public record RouteState(String routeId, Mode mode, double resistance, double scar, double momentum,
                         long tickCount, long lastUpdatedMillis, double breakPoint, double recoveryPoint) {
}
