package io.atrion.internal.engine;

import io.atrion.observe.RouteListener;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Carries route-lifecycle events (created, removed) from an engine to the
 * {@link RouteListener}s, on a thread of its own that runs only while listeners are registered.
 *
 * <p>The engine reports a change while holding the lock that orders creations and removals of
 * its routes (FAST: the index's monitor; REFERENCE: the route map's), and {@code snapshot} reads
 * the route ids under that same lock. So events enter the queue in the order of the changes, and
 * a snapshot either shows a change or precedes its event. That is what makes dropping safe: when
 * the bounded queue is full an event is dropped and a flag set; the delivering thread then
 * discards what is queued (all of it older than what it reads next), reads a snapshot and hands
 * it to every listener, so no change is lost, only coalesced.
 *
 * <p>Without listeners, {@link #created} and {@link #removed} are one volatile read: nothing is
 * queued and no thread runs. Internal: not part of the public API.
 */
public final class RouteLifecycle implements AutoCloseable {

    private static final RouteListener[] NONE = new RouteListener[0];
    private static final int CAPACITY = 4096;
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** A queued change. */
    private record Change(String routeId, boolean created) {
    }

    /** A newly registered listener's first snapshot. */
    private record Welcome(RouteListener listener) {
    }

    private final Supplier<List<String>> snapshot;
    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile RouteListener[] listeners = NONE;
    private volatile boolean lost;
    private volatile long failures;
    /** The delivering thread, or null; guarded by this. */
    private Thread thread;
    /** Guarded by this. */
    private boolean closed;

    /** @param snapshot the engine's sorted route ids, read under the lock its changes are reported under */
    public RouteLifecycle(Supplier<List<String>> snapshot) {
        this.snapshot = snapshot;
    }

    /** A route was created; called under the engine's lock that orders creations and removals. */
    public void created(String routeId) {
        if (listeners.length != 0) {
            offer(new Change(routeId, true));
        }
    }

    /** A route was removed; called under the engine's lock that orders creations and removals. */
    public void removed(String routeId) {
        if (listeners.length != 0) {
            offer(new Change(routeId, false));
        }
    }

    private void offer(Object event) {
        if (!queue.offer(event)) {
            lost = true; // the delivering thread sends everyone a snapshot instead
        }
    }

    /** Registers a listener; it receives a snapshot of the routes first. */
    public synchronized void add(RouteListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        if (closed) {
            throw new IllegalStateException("the Atrion instance is closed");
        }
        RouteListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
        next[next.length - 1] = listener;
        listeners = next;
        offer(new Welcome(listener));
        if (thread == null) {
            thread = new Thread(this::run, "atrion-routes-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Unregisters a listener (the first registration of it); false when it was not registered. */
    public synchronized boolean remove(RouteListener listener) {
        RouteListener[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == listener) {
                RouteListener[] next = new RouteListener[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                listeners = next;
                return true;
            }
        }
        return false;
    }

    /** Exceptions thrown by listeners so far. */
    public long failures() {
        return failures;
    }

    /** Stops delivering (waiting up to a second for the thread); later registrations fail. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            listeners = NONE;
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (true) {
            Object event;
            try {
                event = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                event = null; // close() interrupts; the checks below decide
            }
            if (lost) {
                lost = false;
                queue.clear(); // every queued change is older than the snapshot read next
                deliverSnapshot(null);
                continue;
            }
            if (event instanceof Change) {
                Change c = (Change) event;
                for (RouteListener l : listeners) {
                    deliver(l, c);
                }
            } else if (event instanceof Welcome) {
                deliverSnapshot(((Welcome) event).listener());
            } else if (stop()) {
                return;
            }
        }
    }

    /** Whether the thread ends now: closed, or no listener and nothing queued. */
    private synchronized boolean stop() {
        if (closed || (listeners.length == 0 && queue.isEmpty() && !lost)) {
            thread = null;
            return true;
        }
        return false;
    }

    /** A snapshot to {@code only}, if still registered, or to every listener when null. */
    private void deliverSnapshot(RouteListener only) {
        RouteListener[] current = listeners;
        if (current.length == 0) {
            return;
        }
        List<String> ids = snapshot.get();
        for (RouteListener l : current) {
            if (only == null || l == only) {
                try {
                    l.onSnapshot(ids);
                } catch (Throwable t) {
                    failures = failures + 1; // single writer: this thread
                }
            }
        }
    }

    private void deliver(RouteListener l, Change c) {
        try {
            if (c.created()) {
                l.onCreated(c.routeId());
            } else {
                l.onRemoved(c.routeId());
            }
        } catch (Throwable t) {
            failures = failures + 1; // single writer: this thread
        }
    }
}
