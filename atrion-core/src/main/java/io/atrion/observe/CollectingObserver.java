package io.atrion.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every event it receives, up to a limit; for tests, replays and debugging. Thread-safe.
 */
public final class CollectingObserver implements AtrionObserver {

    private final int limit;
    private final List<RouteEvent> events = new ArrayList<>();

    /** Keeps at most 1,000,000 events. */
    public CollectingObserver() {
        this(1_000_000);
    }

    /** Keeps at most {@code limit} events; later ones are ignored. */
    public CollectingObserver(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        this.limit = limit;
    }

    @Override
    public synchronized void onEvent(RouteEvent event) {
        if (events.size() < limit) {
            events.add(event);
            notifyAll();
        }
    }

    /** A copy of the events received so far, in arrival order. */
    public synchronized List<RouteEvent> events() {
        return List.copyOf(events);
    }

    /** Number of events kept. */
    public synchronized int size() {
        return events.size();
    }

    /** Forgets every event. */
    public synchronized void clear() {
        events.clear();
    }

    /**
     * Waits until at least {@code count} events arrived (events are delivered asynchronously).
     *
     * @return true when they did within the timeout
     */
    public synchronized boolean awaitCount(int count, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (events.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
