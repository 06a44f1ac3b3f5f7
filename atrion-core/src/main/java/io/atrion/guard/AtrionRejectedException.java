package io.atrion.guard;

import io.atrion.RouteDecision;

/**
 * Thrown instead of running a guarded call that Atrion rejected. Carries the decision: the
 * route's mode and resistance and the reason. Built without a stack trace: it is an expected
 * outcome under load, not a bug, and filling in stack traces would make shedding expensive.
 */
public final class AtrionRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient RouteDecision decision;

    /** A rejection carrying {@code decision}. */
    public AtrionRejectedException(RouteDecision decision) {
        super("route " + decision.routeId() + " rejected the call: " + decision.reason().text()
                + " (mode " + decision.mode() + ", R = " + decision.resistance() + " ohms)", null, false, false);
        this.decision = decision;
    }

    /** The decision that rejected the call. */
    public RouteDecision decision() {
        return decision;
    }
}
