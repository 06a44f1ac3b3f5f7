package io.atrion.observe;

/**
 * Receives the events of an {@link io.atrion.Atrion} instance (SPEC.md §6).
 *
 * <p>Observers run on Atrion's dispatcher thread, never on the thread that called
 * {@code route()}: events go through a bounded queue that drops (and counts, see
 * {@code Atrion.droppedEvents()}) rather than blocks when an observer falls behind. An exception
 * thrown here is caught and counted ({@code Atrion.observerFailures()}); it never reaches the
 * caller and does not stop later events. Events of one route arrive in update order.
 */
@FunctionalInterface
public interface AtrionObserver {

    /** Called once per event, on the dispatcher thread. */
    void onEvent(RouteEvent event);
}
