package io.atrion.internal.state;

import io.atrion.MillisClock;
import io.atrion.Mode;
import io.atrion.internal.engine.PhysicsEngine;
import io.atrion.internal.engine.StateSink;
import io.atrion.internal.engine.VectorSnapshot;
import io.atrion.state.ConnectionState;
import io.atrion.state.RouteVector;
import io.atrion.state.StateListener;
import io.atrion.state.StateProvider;
import io.atrion.state.StateStats;
import io.atrion.state.StateSyncConfig;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine side of state sharing (SPEC.md §5): between the engine and a {@link StateProvider}.
 *
 * <p><b>Out (publish).</b> The engine queues a route here once per publication ({@link #offer},
 * on the caller's thread, under the route's lock): a bounded multi-producer ring of (route id,
 * engine token) — one CAS, two plain stores and a store-release, no allocation, no lock, no
 * blocking; when the ring is full the update is dropped and counted, and the engine leaves the
 * route unmarked so a later update queues it again. Updates of a route already queued are
 * coalesced by the engine. The publisher (a daemon thread, or the caller of {@link #flush})
 * drains the ring, waits until the provider's {@linkplain StateProvider#minPublishIntervalMillis
 * minimum interval} for that route has passed, then reads the route's latest state under its lock
 * and hands one {@link RouteVector} to the provider; one {@link StateProvider#flush} per batch.
 * Routes waiting for their interval are at most {@code queueCapacity}, so everything queued here
 * is bounded by twice the capacity.
 *
 * <p><b>In (merge).</b> {@link #onRemoteVector} (any thread) drops hostile vectors (a time more
 * than {@code maxFutureMillis} ahead of the local clock), ignores this node's own vectors and any
 * vector not later than the last one applied from the same node for the route, and merges the
 * rest into the route's scar under the route's lock ({@link PhysicsEngine#mergeRemoteScar}). A
 * vector for a route this node does not know is ignored: remote messages never create routes (a
 * flood of route ids cannot grow local state). Instead, the first time a route is published the
 * publisher reads the provider's stored vector of it and merges that first, so a node that meets
 * a route late still learns the fleet's scar within one publication cycle.
 *
 * <p><b>Resync.</b> When the provider reports it is (again) connected, the publisher reads the
 * stored vector of every local route, merges it, and republishes every local route.
 *
 * <p>Internal: not part of the public API.
 */
public final class StateSync implements StateSink, StateListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StateSync.class.getName());
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Remembered (route, node) pairs for the per-node ordering check; least recently used go first. */
    private static final int MAX_APPLIED_ENTRIES = 65_536;
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(StateSync.class, "tail", long.class);
            HEAD = l.findVarHandle(StateSync.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StateProvider provider;
    private final StateSyncConfig config;
    private final MillisClock clock;
    private final String nodeId;
    private final long intervalMillis;
    private PhysicsEngine engine;

    // The ring (producers: callers' threads; consumer: whoever holds cycleLock).
    private final int capacity;
    private final int mask;
    private final long[] slots;
    private final String[] ids;
    private final long[] tokens;
    private volatile long tail;
    private volatile long head;

    // Counters. dropped/received/merged/ignored/rejected/errors have writers on several threads.
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong merged = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    // Written under cycleLock only.
    private volatile long published;
    private volatile long coalesced;
    private volatile long resyncs;
    private volatile int waiting;

    // Publisher state, guarded by cycleLock.
    private final Object cycleLock = new Object();
    private final Map<String, Track> tracks = new HashMap<>();
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private final VectorSnapshot snapshot = new VectorSnapshot();
    private long sequence;
    private volatile boolean resyncRequested;

    // Receiver state: last applied (time, sequence) per (route, node), guarded by itself.
    private final LinkedHashMap<String, long[]> applied = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_APPLIED_ENTRIES;
        }
    };

    private final Thread thread;
    private volatile boolean running;
    private volatile boolean closed;
    /** System.nanoTime of the last warning (an interval: monotonic, not the wall clock); MIN_VALUE: none yet. */
    private volatile long lastLogNanos = Long.MIN_VALUE;

    /**
     * @throws IllegalArgumentException when the provider's node id or interval is invalid
     */
    public StateSync(StateProvider provider, StateSyncConfig config, MillisClock clock, String threadName) {
        this.provider = provider;
        this.config = config;
        this.clock = clock;
        this.nodeId = provider.nodeId();
        if (nodeId == null || nodeId.isEmpty() || nodeId.length() > RouteVector.MAX_NODE_ID_LENGTH) {
            throw new IllegalArgumentException("StateProvider.nodeId must have 1 to " + RouteVector.MAX_NODE_ID_LENGTH
                    + " chars, got " + (nodeId == null ? "null" : nodeId.length() + " chars"));
        }
        this.intervalMillis = provider.minPublishIntervalMillis();
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("StateProvider.minPublishIntervalMillis must be >= 0, got "
                    + intervalMillis);
        }
        int n = Integer.highestOneBit(config.queueCapacity());
        this.capacity = n == config.queueCapacity() ? n : n << 1;
        this.mask = capacity - 1;
        this.slots = new long[capacity];
        this.ids = new String[capacity];
        this.tokens = new long[capacity];
        this.thread = config.publisherThread() ? new Thread(this::run, threadName) : null;
    }

    /** Attaches the engine (built with this sink), subscribes and connects the provider, starts the thread. */
    public void start(PhysicsEngine physicsEngine) {
        this.engine = physicsEngine;
        provider.subscribe(this);
        running = true;
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
        }
        try {
            provider.connect();
        } catch (RuntimeException e) {
            onProviderError(e); // a provider that cannot even start connecting: counted, routing goes on
        }
        synchronized (cycleLock) {
            if (resyncRequested && engine.routeCount() == 0) {
                resyncRequested = false; // connected at once, with no route yet: nothing to resync
                resyncs = resyncs + 1;
            }
        }
    }

    // ------------------------------------------------------------------ out: the caller's side

    @Override
    public boolean offer(String routeId, long token) {
        long t;
        do {
            t = tail;
            if (t - head >= capacity) {
                dropped.incrementAndGet();
                return false;
            }
        } while (!TAIL.compareAndSet(this, t, t + 1));
        int i = (int) t & mask;
        ids[i] = routeId;
        tokens[i] = token;
        SLOT.setRelease(slots, i, t + 1); // the two stores above are visible before the slot is
        return true;
    }

    // ------------------------------------------------------------------ out: the publisher's side

    /** Publishes what is due now on the calling thread (the whole work of one publisher cycle). */
    public void flush() {
        cycle(false);
    }

    private void run() {
        long parkNanos = 100_000;
        while (running) {
            boolean worked;
            try {
                worked = cycle(false);
            } catch (Throwable t) {
                onProviderError(t);
                worked = false;
            }
            if (worked) {
                parkNanos = 100_000;
            } else {
                LockSupport.parkNanos(this, parkNanos); // producers never wake us: bounded latency instead
                parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
            }
        }
    }

    /** One cycle: resync if asked, drain the ring, publish what is due (everything when forced). */
    private boolean cycle(boolean force) {
        synchronized (cycleLock) {
            long now = clock.millis();
            boolean resynced = false;
            if (resyncRequested && !closed) {
                resyncRequested = false;
                // The resync publishes every route: what waits in the ring and in pending is covered.
                for (long h = head; (long) SLOT.getAcquire(slots, (int) h & mask) == h + 1; h++) {
                    ids[(int) h & mask] = null;
                    HEAD.setRelease(this, h + 1);
                }
                pending.clear();
                resync(now);
                resynced = true;
            }
            while (pending.size() < capacity) {
                long h = head;
                int i = (int) h & mask;
                if ((long) SLOT.getAcquire(slots, i) != h + 1) {
                    break;
                }
                String id = ids[i];
                long token = tokens[i];
                ids[i] = null;
                HEAD.setRelease(this, h + 1); // the slot may be reused from here on
                Track track = tracks.get(id);
                if (track == null) {
                    track = new Track();
                    tracks.put(id, track);
                    readStored(id); // first sight of the route: learn the fleet's scar before publishing ours
                }
                long due = track.lastPublishedAt == Long.MIN_VALUE ? now : saturatedAdd(track.lastPublishedAt, intervalMillis);
                pending.add(new Pending(id, token, due, track));
            }
            int sent = 0;
            while (!pending.isEmpty() && (force || pending.peek().due <= now)) {
                Pending p = pending.poll();
                if (publish(p.routeId, p.token, p.track, now, true)) {
                    sent++;
                }
            }
            waiting = pending.size();
            if (sent > 0) {
                flushProvider();
            }
            if (tracks.size() > 2 * Math.max(1024, engine.routeCount())) {
                pruneTracks();
            }
            // Only sending (or a resync) counts as work for the idle back-off: routes merely moved
            // into pending wait for their interval anyway, and a thread that woke up every 100 µs
            // for them would take the cores from the callers it is meant to spare.
            return resynced || sent > 0;
        }
    }

    private boolean publish(String routeId, long token, Track track, long now, boolean onlyIfQueued) {
        if (!engine.readForPublish(routeId, token, snapshot) || (onlyIfQueued && !snapshot.queued)) {
            return false; // removed meanwhile, or a resync published it since it was queued
        }
        coalesced = coalesced + snapshot.coalesced;
        track.lastPublishedAt = now;
        if (provider.connectionState() != ConnectionState.CONNECTED) {
            dropped.incrementAndGet(); // resync republishes every route once the provider is back
            return false;
        }
        RouteVector v;
        try {
            v = new RouteVector(routeId, snapshot.scar, snapshot.momentum, snapshot.resistance,
                    Mode.ofOrdinal(snapshot.mode), snapshot.tickCount, nodeId, snapshot.lastUpdatedMillis, ++sequence);
        } catch (IllegalArgumentException unpublishable) {
            dropped.incrementAndGet(); // e.g. a clock before 1970: nothing a peer could order
            return false;
        }
        try {
            provider.update(v);
            published = published + 1;
            return true;
        } catch (RejectedExecutionException full) {
            dropped.incrementAndGet(); // the provider's own bound (e.g. commands in flight): back-pressure
            return false;
        } catch (Throwable e) {
            onProviderError(e);
            return false;
        }
    }

    private void readStored(String routeId) {
        if (provider.connectionState() != ConnectionState.CONNECTED) {
            return; // the resync after the (re)connect reads it
        }
        try {
            Optional<RouteVector> stored = provider.get(routeId);
            if (stored.isPresent()) {
                onRemoteVector(stored.get());
            }
        } catch (Throwable e) {
            onProviderError(e);
        }
    }

    private void resync(long now) {
        resyncs = resyncs + 1;
        List<String> routes = engine.routeIds();
        for (String id : routes) {
            readStored(id);
        }
        int sent = 0;
        for (String id : routes) {
            Track track = tracks.computeIfAbsent(id, k -> new Track());
            if (publish(id, PhysicsEngine.NO_TOKEN, track, now, false)) {
                sent++;
            }
        }
        if (sent > 0) {
            flushProvider();
        }
    }

    private void flushProvider() {
        try {
            provider.flush();
        } catch (Throwable e) {
            onProviderError(e);
        }
    }

    private void pruneTracks() {
        Set<String> live = new HashSet<>(engine.routeIds());
        tracks.keySet().retainAll(live);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    // ------------------------------------------------------------------ in: the provider's side

    @Override
    public void onRemoteVector(RouteVector v) {
        received.incrementAndGet();
        if (v == null) {
            rejected.incrementAndGet();
            return;
        }
        long now = clock.millis();
        if (v.updatedAtMillis() > now && v.updatedAtMillis() - now > config.maxFutureMillis()) {
            rejected.incrementAndGet(); // a clock (or a forger) far ahead of ours
            return;
        }
        if (v.nodeId().equals(nodeId)) {
            ignored.incrementAndGet();
            return;
        }
        String key = v.routeId() + '\n' + v.nodeId();
        synchronized (applied) {
            long[] last = applied.get(key);
            if (last != null && (v.updatedAtMillis() < last[0]
                    || (v.updatedAtMillis() == last[0] && v.sequence() <= last[1]))) {
                ignored.incrementAndGet(); // not later than what we applied from that node
                return;
            }
            PhysicsEngine e = engine;
            if (e == null || !e.mergeRemoteScar(v.routeId(), v.scar(), v.updatedAtMillis(), config.remoteWeight(), now)) {
                ignored.incrementAndGet(); // a route this node does not know (yet)
                return;
            }
            if (last == null) {
                applied.put(key, new long[] {v.updatedAtMillis(), v.sequence()});
            } else {
                last[0] = v.updatedAtMillis();
                last[1] = v.sequence();
            }
            merged.incrementAndGet();
        }
    }

    @Override
    public void onRejected(String reason) {
        rejected.incrementAndGet();
        log("rejected a state message: " + reason, null);
    }

    @Override
    public void onProviderError(Throwable error) {
        errors.incrementAndGet();
        log("state provider " + provider + " failed: " + error, null);
    }

    @Override
    public void onConnected() {
        resyncRequested = true;
    }

    /** Logs at most once per 10 s (per instance): a flapping backend must not flood the log. */
    private void log(String message, Throwable t) {
        long now = System.nanoTime();
        long last = lastLogNanos;
        if (last == Long.MIN_VALUE || now - last >= LOG_INTERVAL_NANOS) {
            lastLogNanos = now;
            LOG.log(Level.WARNING, message, t);
        }
    }

    // ------------------------------------------------------------------ stats and lifecycle

    /** The counters now. */
    public StateStats stats() {
        long queued = tail - head;
        return new StateStats(published, coalesced, dropped.get(), received.get(), merged.get(), ignored.get(),
                rejected.get(), errors.get(), resyncs, (int) Math.min(Integer.MAX_VALUE, Math.max(0, queued) + waiting),
                provider.connectionState());
    }

    /** The provider. */
    public StateProvider provider() {
        return provider;
    }

    /** The configuration. */
    public StateSyncConfig config() {
        return config;
    }

    /**
     * Stops the publisher thread, publishes everything queued (ignoring the per-route interval),
     * then disconnects the provider. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            cycle(true);
        } catch (Throwable t) {
            onProviderError(t);
        }
        closed = true;
        try {
            provider.disconnect();
        } catch (Throwable t) {
            onProviderError(t);
        }
    }

    /** Per route, on the publisher's side. */
    private static final class Track {
        long lastPublishedAt = Long.MIN_VALUE;
    }

    private static final class Pending implements Comparable<Pending> {
        final String routeId;
        final long token;
        final long due;
        final Track track;

        Pending(String routeId, long token, long due, Track track) {
            this.routeId = routeId;
            this.token = token;
            this.due = due;
            this.track = track;
        }

        @Override
        public int compareTo(Pending o) {
            return Long.compare(due, o.due);
        }
    }
}
