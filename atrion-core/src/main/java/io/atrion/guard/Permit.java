package io.atrion.guard;

/** What {@link RouteGuard#tryAcquirePermission(double)} grants. */
public enum Permit {
    /** The call may not run. */
    REJECTED,
    /** The call may run: the physics admitted it. */
    ADMITTED,
    /**
     * The call may run as the breaker's probe: the route is in CIRCUIT_BREAKER, but its outcome
     * is needed to learn whether the dependency healed (see {@link RouteGuard}).
     */
    PROBE;

    /** True for ADMITTED and PROBE. */
    public boolean granted() {
        return this != REJECTED;
    }
}
