package io.atrion.lease;

/**
 * How a lease ended (SPEC.md §4), and the scar each outcome adds to its route at once, in units
 * of the route's σ (σ·the profile's scar multiplier).
 */
public enum LeaseOutcome {
    /** The work finished: no scar. */
    COMPLETED(0.0),
    /** The work failed: σ·multiplier. */
    FAILED(1.0),
    /** The caller gave up (closing a lease without an outcome counts as this): no scar. */
    ABORTED(0.0),
    /**
     * Set by Atrion, never by a caller: the lease passed its maximum duration, or its last
     * heartbeat is older than three intervals. 1.5·σ·multiplier, and the cancellation hook runs.
     */
    TIMEOUT(1.5);

    private final double sigmas;

    LeaseOutcome(double sigmas) {
        this.sigmas = sigmas;
    }

    /** The scar this outcome adds, in units of the route's σ: 0, 1, 0 or 1.5. */
    public double scarSigmas() {
        return sigmas;
    }
}
