package io.atrion.lease;

/**
 * What a lease's {@link java.util.concurrent.CompletableFuture} is completed with when the lease
 * times out ({@link TaskOptions.Builder#cancel(java.util.concurrent.CompletableFuture)}), and what
 * {@code RouteGuard.executeTask} throws for work that ended after its lease timed out.
 */
public final class LeaseTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String routeId;
    private final long leaseId;

    /** A timeout of lease {@code leaseId} on {@code routeId}. */
    public LeaseTimeoutException(String routeId, long leaseId, String why) {
        super("lease " + leaseId + " of route " + routeId + " timed out: " + why);
        this.routeId = routeId;
        this.leaseId = leaseId;
    }

    /** The route of the lease. */
    public String routeId() {
        return routeId;
    }

    /** The lease's id. */
    public long leaseId() {
        return leaseId;
    }
}
