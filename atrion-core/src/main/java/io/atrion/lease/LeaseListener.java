package io.atrion.lease;

/**
 * Receives lease events ({@link LeaseEvent}): starts, missed heartbeats, timeouts and releases.
 * Called on the instance's lease scheduler thread, never on a caller's; one event at a time, in
 * the order the scheduler saw them. A listener that throws is counted
 * ({@link Leases#listenerFailures()}) and keeps receiving events. Keep it quick: the same thread
 * times leases out.
 */
@FunctionalInterface
public interface LeaseListener {

    /** One event. */
    void onLeaseEvent(LeaseEvent event);
}
