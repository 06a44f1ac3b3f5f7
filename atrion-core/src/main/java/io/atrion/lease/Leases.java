package io.atrion.lease;

import io.atrion.Atrion;
import io.atrion.MillisClock;
import io.atrion.Reason;
import io.atrion.RouteDecision;
import io.atrion.RouteHandle;
import io.atrion.RouteState;
import io.atrion.Slo;
import io.atrion.WorkloadProfile;
import io.atrion.guard.AtrionRejectedException;
import io.atrion.internal.LeaseBridge;
import io.atrion.internal.engine.PhysicsEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The leases of one {@link Atrion} instance ({@link Atrion#leases()}): what is active per route,
 * how leases ended, and the scheduler that times them out (SPEC.md §4).
 *
 * <h2>The scheduler</h2>
 * One daemon thread per instance, started with the first lease and stopped by
 * {@link Atrion#close()}. It wakes when the next lease is due (a deadline or an overdue
 * heartbeat, on the instance's clock) and at least once a second, ends overdue leases as
 * {@link LeaseOutcome#TIMEOUT}, calls their cancellation hooks, and delivers events to the
 * {@link LeaseListener}s; its work queue is bounded (events that do not fit are dropped and
 * counted). Everything reads the instance's clock, so a {@link io.atrion.ManualClock} gives
 * virtual time: move it, then {@link #sweep()} to have the scheduler look now (a simulation that
 * wants timeouts only at its own sweeps builds the instance with
 * {@link Atrion.Builder#leaseAutoSweep(boolean) leaseAutoSweep(false)}). After close,
 * nothing times out: open leases stay open until their holders release them.
 *
 * <p>Thread-safe.
 */
public final class Leases {

    static {
        LeaseBridge.install(new LeaseBridge.Factory() {
            @Override
            public Leases create(Atrion atrion, PhysicsEngine engine, List<LeaseListener> listeners, int queueCapacity,
                                 String threadName, boolean autoSweep) {
                return new Leases(atrion, engine, listeners, queueCapacity, threadName, autoSweep);
            }

            @Override
            public Lease start(Leases leases, String routeId, TaskOptions options) {
                return leases.start(routeId, options);
            }

            @Override
            public void close(Leases leases) {
                leases.close();
            }
        });
    }

    private static final long MAX_WAIT_MILLIS = 1_000;

    private final Atrion atrion;
    private final PhysicsEngine engine;
    private final MillisClock clock;
    /** Copy-on-write: read on every start and end, written only by add/removeListener. */
    private volatile LeaseListener[] listeners;
    private final double neutralErrorRate;
    private final double neutralSaturation;
    private final ConcurrentHashMap<String, RouteLeases> routes = new ConcurrentHashMap<>();
    private final ArrayBlockingQueue<Runnable> tasks;
    private final String threadName;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final AtomicLong hookFailures = new AtomicLong();
    /** False: the scheduler sweeps only when asked ({@link #sweep()}), for simulations on virtual time. */
    private final boolean autoSweep;
    private volatile Thread thread;
    private volatile boolean closed;
    /** Scheduler thread only: when a lease is next due, on the instance's clock. */
    private long nextDueMillis = Long.MAX_VALUE;

    private Leases(Atrion atrion, PhysicsEngine engine, List<LeaseListener> listeners, int queueCapacity,
                   String threadName, boolean autoSweep) {
        this.autoSweep = autoSweep;
        this.atrion = atrion;
        this.engine = engine;
        this.clock = atrion.clock();
        this.listeners = listeners.toArray(new LeaseListener[0]);
        Slo slo = atrion.slo();
        this.neutralErrorRate = slo.targetErrorRate();
        this.neutralSaturation = slo.baselineSaturation();
        this.tasks = new ArrayBlockingQueue<>(queueCapacity);
        this.threadName = threadName;
    }

    /**
     * Adds a listener of lease events after the instance was built (e.g. a metrics binder that
     * registers a route's lease meters when its first lease starts). Events are delivered on the
     * lease scheduler's thread, like those of {@code Atrion.Builder.leaseListener}; a listener that
     * throws is counted in {@link #listenerFailures()}.
     */
    public void addListener(LeaseListener listener) {
        java.util.Objects.requireNonNull(listener, "listener must not be null");
        synchronized (this) {
            LeaseListener[] now = listeners;
            LeaseListener[] next = java.util.Arrays.copyOf(now, now.length + 1);
            next[now.length] = listener;
            listeners = next;
        }
    }

    /** Removes a listener added with {@link #addListener}; no effect when it is not there. */
    public void removeListener(LeaseListener listener) {
        synchronized (this) {
            LeaseListener[] now = listeners;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == listener) {
                    LeaseListener[] next = new LeaseListener[now.length - 1];
                    System.arraycopy(now, 0, next, 0, i);
                    System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                    listeners = next;
                    return;
                }
            }
        }
    }

    /** The leases and counters of one route. */
    private static final class RouteLeases {
        final Set<Lease> active = ConcurrentHashMap.newKeySet();
        final RouteHandle handle;
        final AtomicLong started = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        /** Ended leases by {@link LeaseOutcome} ordinal. */
        final AtomicLong[] ended = new AtomicLong[LeaseOutcome.values().length];
        final AtomicLong heartbeatMisses = new AtomicLong();

        RouteLeases(RouteHandle handle) {
            this.handle = handle;
            for (int i = 0; i < ended.length; i++) {
                ended[i] = new AtomicLong();
            }
        }

        long ended(LeaseOutcome o) {
            return ended[o.ordinal()].get();
        }
    }

    // ------------------------------------------------------------------ start and end

    private Lease start(String routeId, TaskOptions options) {
        if (options == null) {
            throw new NullPointerException("options must not be null");
        }
        if (closed) {
            throw new IllegalStateException("this Atrion instance is closed: no new leases");
        }
        WorkloadProfile profile = profileFor(routeId, options);
        if (profile.requiresCancellation() && !options.hasCancellation()) {
            throw new IllegalArgumentException("TaskOptions.cancellation is required for a " + profile.name()
                    + " lease (route " + routeId + "): give onCancel(Runnable), cancel(Future) or "
                    + "cancel(CompletableFuture), so that a lease that times out can stop its work");
        }
        double voltage = Double.isNaN(options.voltage()) ? atrion.defaultVoltage() : options.voltage();
        long maxDuration = options.maxDurationMillis() > 0 ? options.maxDurationMillis() : profile.maxDurationMillis();
        RouteLeases rl = routes.computeIfAbsent(routeId, id -> new RouteLeases(atrion.handle(id)));
        Reason reason = rl.handle.decide(voltage);
        if (reason != Reason.OK) {
            rl.rejected.incrementAndGet();
            throw new AtrionRejectedException(decision(rl.handle, routeId, reason));
        }
        ensureScheduler();
        long now = clock.millis();
        Lease lease = new Lease(this, clock, ids.incrementAndGet(), routeId, profile, options, voltage, now, maxDuration);
        rl.active.add(lease);
        rl.started.incrementAndGet();
        if (listeners.length > 0) {
            post(event(LeaseEvent.Kind.STARTED, lease, now, 0, null));
        }
        return lease;
    }

    /** The options' profile or the route's; a route without one takes the options'. */
    private WorkloadProfile profileFor(String routeId, TaskOptions options) {
        WorkloadProfile asked = options.profile();
        WorkloadProfile registered = atrion.registeredProfile(routeId).orElse(null);
        if (asked == null) {
            return registered == null ? WorkloadProfile.STANDARD : registered;
        }
        if (registered == null) {
            if (!asked.equals(WorkloadProfile.STANDARD)) {
                atrion.registerProfile(routeId, asked);
            }
            return asked;
        }
        if (!registered.equals(asked)) {
            throw new IllegalArgumentException("TaskOptions.profile " + asked.name() + " differs from the profile "
                    + registered.name() + " route " + routeId + " is registered with");
        }
        return asked;
    }

    private static RouteDecision decision(RouteHandle h, String routeId, Reason reason) {
        RouteState s = h.state().orElse(null);
        if (s == null) {
            return new RouteDecision(routeId, false, reason, h.mode(), h.resistance(), h.scar(), h.momentum(),
                    h.tickCount());
        }
        return new RouteDecision(routeId, false, reason, s.mode(), s.resistance(), s.scar(), s.momentum(),
                s.tickCount());
    }

    /**
     * Ends a lease whose state this caller moved to ENDED (the holder's release, or the
     * scheduler's timeout): the route records the outcome, the counters follow.
     */
    void ended(Lease lease, LeaseOutcome outcome, long now) {
        RouteLeases rl = routes.get(lease.routeId());
        try {
            engine.recordOutcome(lease.routeId(), (double) lease.paceMillis(now), neutralErrorRate, neutralSaturation,
                    lease.voltage(), now, outcome.scarSigmas());
        } finally {
            lease.markEnded(outcome, now);
            if (rl != null) {
                rl.active.remove(lease);
                rl.ended[outcome.ordinal()].incrementAndGet();
            }
        }
        if (listeners.length > 0) {
            // Queued even on the scheduler thread: a timeout's event is delivered after its hook ran.
            post(event(outcome == LeaseOutcome.TIMEOUT ? LeaseEvent.Kind.TIMED_OUT : LeaseEvent.Kind.RELEASED,
                    lease, now, 0, outcome));
        }
    }

    private static LeaseEvent event(LeaseEvent.Kind kind, Lease lease, long now, int misses, LeaseOutcome outcome) {
        return new LeaseEvent(kind, lease.routeId(), lease.id(), lease.profile().name(), now,
                Math.max(0L, now - lease.startedMillis()), lease.progress(), misses, outcome);
    }

    // ------------------------------------------------------------------ observability

    /** Active leases of the route now (0 for a route without leases). */
    public int active(String routeId) {
        RouteLeases rl = routes.get(routeId);
        return rl == null ? 0 : rl.active.size();
    }

    /** Active leases of every route now. */
    public int activeTotal() {
        int n = 0;
        for (RouteLeases rl : routes.values()) {
            n += rl.active.size();
        }
        return n;
    }

    /** Age in ms of the route's oldest active lease, 0 when none. */
    public long oldestAgeMillis(String routeId) {
        RouteLeases rl = routes.get(routeId);
        return rl == null ? 0 : oldestAge(rl, clock.millis());
    }

    private static long oldestAge(RouteLeases rl, long now) {
        long oldest = 0;
        for (Lease l : rl.active) {
            oldest = Math.max(oldest, now - l.startedMillis());
        }
        return oldest;
    }

    /** The route's lease counters, or empty when no lease was ever started or refused on it. */
    public Optional<LeaseCounts> counts(String routeId) {
        RouteLeases rl = routes.get(routeId);
        if (rl == null) {
            return Optional.empty();
        }
        return Optional.of(new LeaseCounts(rl.active.size(), rl.started.get(), rl.rejected.get(),
                rl.ended(LeaseOutcome.COMPLETED), rl.ended(LeaseOutcome.FAILED), rl.ended(LeaseOutcome.ABORTED),
                rl.ended(LeaseOutcome.TIMEOUT), rl.heartbeatMisses.get(), oldestAge(rl, clock.millis())));
    }

    /** The routes that have had leases, sorted. */
    public List<String> routes() {
        List<String> ids = new ArrayList<>(routes.keySet());
        Collections.sort(ids);
        return Collections.unmodifiableList(ids);
    }

    /** Active leases of the route, oldest first (a copy). */
    public List<Lease> activeLeases(String routeId) {
        RouteLeases rl = routes.get(routeId);
        if (rl == null) {
            return List.of();
        }
        List<Lease> list = new ArrayList<>(rl.active);
        list.sort((a, b) -> Long.compare(a.startedMillis(), b.startedMillis()));
        return list;
    }

    /** Events dropped because the scheduler's queue was full. */
    public long droppedEvents() {
        return droppedEvents.get();
    }

    /** Listener calls that threw. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    /** Cancellation hooks that threw (the lease still ended as a timeout). */
    public long hookFailures() {
        return hookFailures.get();
    }

    /** True while the scheduler runs (from the first lease until the instance is closed). */
    public boolean schedulerRunning() {
        Thread t = thread;
        return t != null && t.isAlive() && !closed;
    }

    /**
     * Has the scheduler look at every lease now, at the clock's current time, and waits until it
     * did (at most 10 s): overdue leases time out, overdue heartbeats are reported. For virtual
     * time: move a {@link io.atrion.ManualClock}, then sweep. Returns at once when no lease was
     * ever started or the instance is closed.
     *
     * @throws IllegalStateException when called on the scheduler thread (from a hook or listener)
     */
    public void sweep() {
        Thread t = thread;
        if (t == null || closed) {
            return;
        }
        if (Thread.currentThread() == t) {
            throw new IllegalStateException("sweep() from the lease scheduler thread itself");
        }
        CountDownLatch done = new CountDownLatch(1);
        Runnable task = () -> {
            sweepNow();
            done.countDown();
        };
        try {
            tasks.put(task);
            done.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the scheduler

    private void ensureScheduler() {
        if (thread == null) {
            synchronized (this) {
                if (thread == null && !closed) {
                    Thread t = new Thread(this::run, threadName);
                    t.setDaemon(true);
                    t.start();
                    thread = t;
                }
            }
        }
    }

    private void post(LeaseEvent e) {
        if (closed || !tasks.offer(() -> deliver(e))) {
            droppedEvents.incrementAndGet();
        }
    }

    private void deliver(LeaseEvent e) {
        for (LeaseListener l : listeners) {
            try {
                l.onLeaseEvent(e);
            } catch (Throwable t) { // an observer must never stop the scheduler
                listenerFailures.incrementAndGet();
            }
        }
    }

    private void run() {
        while (!closed) {
            long now = clock.millis();
            long wait = !autoSweep || nextDueMillis == Long.MAX_VALUE ? MAX_WAIT_MILLIS
                    : Math.max(1L, Math.min(MAX_WAIT_MILLIS, nextDueMillis - now));
            try {
                Runnable task = tasks.poll(wait, TimeUnit.MILLISECONDS);
                while (task != null && !closed) {
                    runTask(task);
                    task = tasks.poll();
                }
            } catch (InterruptedException e) {
                continue; // close() interrupts; the loop condition decides
            }
            if (autoSweep && !closed && clock.millis() >= nextDueMillis) {
                sweepNow();
            }
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) { // a task is an event delivery or a sweep; neither may stop the thread
            listenerFailures.incrementAndGet();
        }
    }

    /** One look at every active lease (scheduler thread only). */
    private void sweepNow() {
        if (closed) {
            return;
        }
        long now = clock.millis();
        long next = Long.MAX_VALUE;
        for (RouteLeases rl : routes.values()) {
            for (Lease lease : rl.active) {
                if (!lease.isActive()) {
                    continue;
                }
                long h = lease.heartbeatIntervalMillis();
                if (h > 0 && lease.heartbeatsWhileRunning()) {
                    lease.beat(now);
                }
                long age = now - lease.startedMillis();
                if (age > lease.maxDurationMillis()) {
                    timeout(lease, now, "older than its maximum duration of " + lease.maxDurationMillis() + " ms");
                    continue;
                }
                next = Math.min(next, lease.startedMillis() + lease.maxDurationMillis() + 1);
                if (h > 0) {
                    long last = lease.lastHeartbeatMillis();
                    long silent = now - last;
                    if (silent > 3 * h) {
                        timeout(lease, now, "no heartbeat for " + silent + " ms (interval " + h + " ms)");
                        continue;
                    }
                    if (last != lease.lastBeatSeen) {
                        lease.lastBeatSeen = last;
                        lease.reportedMisses = 0;
                    }
                    int misses = silent > h ? (int) ((silent - 1) / h) : 0;
                    if (misses > lease.reportedMisses) {
                        rl.heartbeatMisses.addAndGet(misses - lease.reportedMisses);
                        lease.reportedMisses = misses;
                        if (listeners.length > 0) {
                            deliver(event(LeaseEvent.Kind.HEARTBEAT_MISSED, lease, now, misses, null));
                        }
                    }
                    next = Math.min(next, last + (long) (misses + 1) * h + 1);
                }
            }
        }
        nextDueMillis = next;
    }

    private void timeout(Lease lease, long now, String why) {
        if (!lease.claimTimeout()) {
            return; // the holder released it first
        }
        try {
            ended(lease, LeaseOutcome.TIMEOUT, now);
        } finally {
            try {
                lease.cancel(why);
            } catch (Throwable t) { // a hook's failure must not stop the scheduler
                hookFailures.incrementAndGet();
            }
        }
    }

    /**
     * Stops the scheduler (waiting up to a second for it). Nothing times out afterwards; leases
     * still open can be released by their holders.
     */
    private void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
