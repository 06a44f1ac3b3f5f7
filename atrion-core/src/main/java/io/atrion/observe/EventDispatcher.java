package io.atrion.observe;

import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.internal.engine.EventSink;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Carries events from the callers' threads to the observers: a bounded multi-producer,
 * single-consumer ring of primitive columns, drained by one daemon thread.
 *
 * <p>Producer side (the caller's thread, inside {@code route()}): claim a sequence number with
 * one CAS, copy the primitives into the claimed slot, publish the slot with a store-release of
 * its sequence. No allocation, no lock, no blocking and no syscall: when the ring is full the
 * event is dropped and counted. The consumer copies a published slot out, then advances
 * {@code head} with a store-release; a producer claims a slot only after reading a
 * {@code head} past the slot's previous use, so it never overwrites an event still being read.
 *
 * <p>Consumer side: builds the immutable {@link RouteEvent} and calls the observer, catching and
 * counting whatever it throws (each observer of a composite on its own). When the ring is empty it spins briefly, then parks with a
 * growing timeout (up to 10 ms): producers never have to wake it, at the price of up to 10 ms
 * of delivery latency after an idle period.
 *
 * <p>Internal: not part of the public API; configure observers on {@code Atrion.builder()}.
 */
// Public in an exported package only because Atrion (another package) builds it; its engine-side
// interface EventSink stays unexported, which is what the "exports" lint reports.
@SuppressWarnings("exports")
public final class EventDispatcher implements EventSink, AutoCloseable {

    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle DROPS;
    private static final VarHandle PUBLISHED = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(EventDispatcher.class, "tail", long.class);
            HEAD = l.findVarHandle(EventDispatcher.class, "head", long.class);
            DROPS = l.findVarHandle(EventDispatcher.class, "drops", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AtrionObserver observer;
    private final int capacity;
    private final int mask;
    private final long[] published;
    private final String[] routeIds;
    private final long[] nowMillis;
    private final long[] deltaMillis;
    private final long[] tickCount;
    private final byte[] previousMode;
    private final byte[] mode;
    private final byte[] reason;
    private final double[] resistance;
    private final double[] scar;
    private final double[] momentum;
    private final double[] pressureNorm;
    private final double[] voltage;

    // Padding would keep tail and head on separate cache lines; at ≤ a few million events/s
    // the observers, not this line, are the bottleneck, so the fields stay plain.
    private volatile long tail;
    private volatile long head;
    private volatile long drops;
    private volatile long failures;
    private volatile long delivered;
    private volatile boolean running = true;
    private final Thread thread;

    /**
     * Starts the dispatcher thread.
     *
     * @param capacity events the ring holds; rounded up to a power of two
     */
    public EventDispatcher(int capacity, AtrionObserver observer, String threadName) {
        this(capacity, observer, threadName, true);
    }

    /**
     * @param start false: no thread; the ring is drained by calling {@link #poll} (the jcstress
     *              tests of module atrion-jcstress drive producers and the consumer themselves)
     */
    EventDispatcher(int capacity, AtrionObserver observer, String threadName, boolean start) {
        if (capacity < 1 || capacity > (1 << 26)) {
            throw new IllegalArgumentException("observer queue capacity must be in [1, 67108864], got " + capacity);
        }
        this.observer = observer;
        this.capacity = ceilPow2(capacity);
        this.mask = this.capacity - 1;
        int n = this.capacity;
        published = new long[n];
        routeIds = new String[n];
        nowMillis = new long[n];
        deltaMillis = new long[n];
        tickCount = new long[n];
        previousMode = new byte[n];
        mode = new byte[n];
        reason = new byte[n];
        resistance = new double[n];
        scar = new double[n];
        momentum = new double[n];
        pressureNorm = new double[n];
        voltage = new double[n];
        thread = new Thread(this::drain, threadName);
        thread.setDaemon(true);
        if (start) {
            thread.start();
        }
    }

    private static int ceilPow2(int v) {
        int p = Integer.highestOneBit(v);
        return p == v ? v : p << 1;
    }

    @Override
    public void publish(String routeId, long now, long delta, long tick, int before, int after, double r,
                        double s, double m, double pNorm, double v, int why) {
        long t;
        do {
            t = lvTail();
            if (t - lvHead() >= capacity) {
                DROPS.getAndAdd(this, 1L);
                return;
            }
        } while (!casTail(t, t + 1));
        int i = (int) t & mask;
        routeIds[i] = routeId;
        nowMillis[i] = now;
        deltaMillis[i] = delta;
        tickCount[i] = tick;
        previousMode[i] = (byte) before;
        mode[i] = (byte) after;
        reason[i] = (byte) why;
        resistance[i] = r;
        scar[i] = s;
        momentum[i] = m;
        pressureNorm[i] = pNorm;
        voltage[i] = v;
        soPublished(i, t + 1); // the stores above are visible before the slot is
    }

    private void drain() {
        int idle = 0;
        long parkNanos = 50_000;
        while (true) {
            RouteEvent e = poll();
            if (e != null) {
                delivered = delivered + 1; // single writer: this thread; counted as handed over
                int failed = Observers.deliverTo(observer, e); // a composite counts each observer that threw
                if (failed != 0) {
                    failures = failures + failed;
                }
                idle = 0;
                parkNanos = 50_000;
                continue;
            }
            if (!running && lpHead() == lvTail()) {
                return;
            }
            if (++idle < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, parkNanos);
                parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
            }
        }
    }

    /**
     * The consumer's step (one thread only: the dispatcher's): the event at {@code head} if its
     * slot is published, copied out, the slot handed back to producers; null when the next slot is
     * not published yet.
     */
    RouteEvent poll() {
        long h = lpHead();
        int i = (int) h & mask;
        if (lvPublished(i) != h + 1) {
            return null;
        }
        RouteEvent e = new RouteEvent(routeIds[i], nowMillis[i], deltaMillis[i], tickCount[i],
                Mode.ofOrdinal(previousMode[i]), Mode.ofOrdinal(mode[i]), resistance[i], scar[i], momentum[i],
                pressureNorm[i], voltage[i], Reason.ofOrdinal(reason[i]));
        routeIds[i] = null;
        soHead(h + 1); // the slot may be reused from here on
        return e;
    }

    // Memory-ordering accessors, named as in JCTools: lv = volatile/acquire load, so = ordered
    // (release) store, cas = compare-and-set. Each call site above says its ordering.

    /** Volatile load of the next sequence to claim. */
    private long lvTail() {
        return tail;
    }

    /** A producer claims sequence {@code expected}; volatile semantics. */
    private boolean casTail(long expected, long next) {
        return TAIL.compareAndSet(this, expected, next);
    }

    /** Volatile load of the consumer's position: slots below it have been copied out. */
    private long lvHead() {
        return head;
    }

    /** Plain load of {@code head} by the single consumer, its only writer. */
    private long lpHead() {
        return (long) HEAD.get(this);
    }

    /** Release store by the single consumer: its reads of the slot happen before a producer reuses it. */
    private void soHead(long h) {
        HEAD.setRelease(this, h);
    }

    /** Acquire load of a slot's published sequence: the slot's columns are read after it. */
    private long lvPublished(int i) {
        return (long) PUBLISHED.getAcquire(published, i);
    }

    /** Release store of a slot's sequence, after the producer's stores to its columns. */
    private void soPublished(int i, long sequence) {
        PUBLISHED.setRelease(published, i, sequence);
    }

    /** Events dropped because the ring was full. */
    public long droppedEvents() {
        return drops;
    }

    /** Failures of observers: one per observer per event it threw on. */
    public long observerFailures() {
        return failures;
    }

    /** Events handed to the observer so far (counted as the observer is called). */
    public long deliveredEvents() {
        return delivered;
    }

    /** Ring capacity (a power of two). */
    public int capacity() {
        return capacity;
    }

    /** Delivers what is queued (waiting up to {@code timeoutMillis}), then stops the thread. */
    public void close(long timeoutMillis) {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, timeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(1_000);
    }
}
