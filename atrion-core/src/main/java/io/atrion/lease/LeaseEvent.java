package io.atrion.lease;

/**
 * One event of a lease's life (SPEC.md §4, §6).
 *
 * @param kind             what happened
 * @param routeId          the lease's route
 * @param leaseId          the lease's id (unique per instance)
 * @param profile          the name of the lease's workload profile
 * @param atMillis         when, on the instance's clock
 * @param ageMillis        the lease's age then
 * @param progress         the last progress reported by a heartbeat (0 before any)
 * @param missedHeartbeats for {@link Kind#HEARTBEAT_MISSED}: whole heartbeat intervals without a
 *                         heartbeat (1 or 2; at 3 the lease times out); else 0
 * @param outcome          for {@link Kind#RELEASED} and {@link Kind#TIMED_OUT}: how it ended; else null
 */
public record LeaseEvent(Kind kind, String routeId, long leaseId, String profile, long atMillis, long ageMillis,
                         double progress, int missedHeartbeats, LeaseOutcome outcome) {

    /** What happened. */
    public enum Kind {
        /** A lease was granted. */
        STARTED,
        /** A lease's heartbeat is one (or two) intervals overdue. */
        HEARTBEAT_MISSED,
        /** A lease was ended as {@link LeaseOutcome#TIMEOUT}; its cancellation hook has run. */
        TIMED_OUT,
        /** A lease was released by its holder (completed, failed or aborted). */
        RELEASED
    }
}
