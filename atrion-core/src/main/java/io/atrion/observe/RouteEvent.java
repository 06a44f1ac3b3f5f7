package io.atrion.observe;

import io.atrion.Mode;
import io.atrion.Reason;

/**
 * One update of one route (SPEC.md §6), delivered to observers off the caller's thread.
 * Immutable.
 *
 * @param routeId        the route
 * @param nowMillis      the time of the update
 * @param deltaMillis    Δt used by the update (0 when the clock went back)
 * @param tickCount      updates of this route, this one included
 * @param previousMode   mode before the update
 * @param mode           mode after the update
 * @param resistance     R after the update
 * @param scar           S after the update
 * @param momentum       M after the update
 * @param pressureNorm   ‖P‖ of this update's telemetry (with the noise floor)
 * @param voltage        the request's voltage
 * @param reason         the decision's reason
 */
public record RouteEvent(String routeId, long nowMillis, long deltaMillis, long tickCount, Mode previousMode,
                         Mode mode, double resistance, double scar, double momentum, double pressureNorm,
                         double voltage, Reason reason) {

    /** The decision as SPEC §6 names it. */
    public enum Decision {
        /** The request may flow (and the route is past bootstrap). */
        FLOW,
        /** The request was rejected. */
        SHED,
        /** The route is still in BOOTSTRAP (the request flowed iff its voltage beat 1.2·R_base). */
        BOOTSTRAP
    }

    /** FLOW, SHED or BOOTSTRAP. */
    public Decision decision() {
        if (mode == Mode.BOOTSTRAP) {
            return Decision.BOOTSTRAP;
        }
        return reason == Reason.OK ? Decision.FLOW : Decision.SHED;
    }

    /** Whether the request was admitted. */
    public boolean allowed() {
        return reason == Reason.OK;
    }

    /** True when this update changed the mode. */
    public boolean isTransition() {
        return previousMode != mode;
    }

    /** True when this update opened the breaker. */
    public boolean breakerOpened() {
        return previousMode != Mode.CIRCUIT_BREAKER && mode == Mode.CIRCUIT_BREAKER;
    }

    /** True when this update closed the breaker. */
    public boolean breakerClosed() {
        return previousMode == Mode.CIRCUIT_BREAKER && mode != Mode.CIRCUIT_BREAKER;
    }
}
