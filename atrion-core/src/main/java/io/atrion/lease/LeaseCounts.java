package io.atrion.lease;

/**
 * The leases of one route so far (SPEC.md §4, §6): a consistent-enough snapshot of counters that
 * only grow, except {@link #active()}.
 *
 * @param active           leases granted and not ended now
 * @param started          leases granted
 * @param rejected         starts the route's decision refused
 * @param completed        leases released as {@link LeaseOutcome#COMPLETED}
 * @param failed           leases released as {@link LeaseOutcome#FAILED}
 * @param aborted          leases released as {@link LeaseOutcome#ABORTED} (closed without an outcome included)
 * @param timedOut         leases ended as {@link LeaseOutcome#TIMEOUT}
 * @param heartbeatMisses  heartbeat intervals missed (each overdue interval once)
 * @param oldestAgeMillis  age of the oldest active lease, 0 when none
 */
public record LeaseCounts(int active, long started, long rejected, long completed, long failed, long aborted,
                          long timedOut, long heartbeatMisses, long oldestAgeMillis) {

    /** Leases ended with {@code outcome}. */
    public long ended(LeaseOutcome outcome) {
        switch (outcome) {
            case COMPLETED:
                return completed;
            case FAILED:
                return failed;
            case ABORTED:
                return aborted;
            default:
                return timedOut;
        }
    }
}
