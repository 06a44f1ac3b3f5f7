package io.atrion.servlet;

import io.atrion.Atrion;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server-sent-events stream of the state of every route of one {@link Atrion} instance, for
 * dashboards ({@link AtrionDashboardServlet}, {@code ./atrion dashboard URL}) and any
 * {@code EventSource}. Plain Jakarta Servlet 6; the Spring Boot starter registers it as the
 * actuator's {@code atrion/stream}.
 *
 * <pre>{@code
 * AtrionStreamServlet stream = AtrionStreamServlet.builder(atrion).interval(Duration.ofMillis(500)).build();
 * ServletRegistration.Dynamic r = servletContext.addServlet("atrion-stream", stream);
 * r.setAsyncSupported(true);                // required: the stream is an asynchronous request
 * r.addMapping("/atrion/stream");
 * }</pre>
 *
 * <h2>Frames</h2>
 * Every {@linkplain Builder#interval interval} (500 ms, 2 Hz, by default) one event:
 * <pre>
 * event: routes
 * data: {"t":1764482400000,"intervalMs":500,"tiers":["critical",...],"tierVoltages":[100,50,20,15,12],
 *        "routes":[{"id":"GET /orders","mode":"OPERATIONAL","r":10.2,"s":0.5,"m":0.001,"bp":100,"rp":50,
 *                   "ticks":42,"updated":1764482399950,"admitted":40,"circuitOpen":0,"insufficientVoltage":2,
 *                   "invalidVoltage":0,"opened":0,"closed":0,"tierAdmitted":[..5],"tierShed":[..5]}]}
 * </pre>
 * {@code r}, {@code s}, {@code m}, {@code bp}, {@code rp} are R, S, M, break and recovery point
 * (three decimals); the counters are cumulative since the route was created (present when the
 * instance keeps {@linkplain Atrion.Builder#decisionCounters decision counters}, and per tier
 * when {@link TierCounters} are given). Routes are sorted by id.
 *
 * <h2>Cost and bounds</h2>
 * One daemon thread encodes a frame per interval while at least one client is connected, reading
 * each route once through its {@link io.atrion.RouteHandle#read RouteHandle.read} into one reused
 * holder (no allocation per route on the FAST engine), and hands the same bytes to every client:
 * the engine is read once per route per frame, however many clients listen. Writes are non-blocking (Servlet 3.1 {@link WriteListener}). Each client has a queue
 * of at most {@linkplain Builder#maxQueuedFrames maxQueuedFrames} frames; a client whose queue is
 * full when a new frame arrives is too slow to follow and is disconnected (counted by
 * {@link #droppedClients()}), so memory per client is bounded by that many frames (shared with
 * the other clients) plus the container's one pending write, never by how long a client stalls.
 * At most {@linkplain Builder#maxClients maxClients} streams at once; more get {@code 503}.
 *
 * <p>{@link #destroy()} (or {@link #close()}) ends every stream and stops the thread.
 */
public final class AtrionStreamServlet extends HttpServlet implements AutoCloseable {

    private static final long serialVersionUID = 1L;

    /** The default interval between frames: 500 ms (2 Hz). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    /** The default {@link Builder#maxQueuedFrames}: {@value}. */
    public static final int DEFAULT_MAX_QUEUED_FRAMES = 8;
    /** The default {@link Builder#maxClients}: {@value}. */
    public static final int DEFAULT_MAX_CLIENTS = 32;

    private final transient Atrion atrion;
    private final transient SnapshotEncoder encoder;
    private final long intervalMillis;
    private final int maxQueuedFrames;
    private final int maxClients;
    private final transient Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final transient AtomicLong dropped = new AtomicLong();
    private final transient AtomicLong frames = new AtomicLong();
    private transient ScheduledExecutorService timer;
    private transient ScheduledFuture<?> ticking;
    private transient volatile byte[] latest;
    private transient boolean closed;

    private AtrionStreamServlet(Builder b) {
        this.atrion = b.atrion;
        this.intervalMillis = b.interval.toMillis();
        this.maxQueuedFrames = b.maxQueuedFrames;
        this.maxClients = b.maxClients;
        this.encoder = new SnapshotEncoder(b.atrion, b.tierCounters, intervalMillis);
    }

    /** A stream with every default over {@code atrion}. */
    public static AtrionStreamServlet of(Atrion atrion) {
        return builder(atrion).build();
    }

    /** A builder of a stream over {@code atrion}. */
    public static Builder builder(Atrion atrion) {
        return new Builder(atrion);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.isAsyncSupported()) {
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    "the Atrion stream needs an asynchronous servlet registration (setAsyncSupported(true))");
            return;
        }
        Client client;
        synchronized (this) {
            if (closed || clients.size() >= maxClients) {
                response.setHeader("Retry-After", "5");
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        closed ? "stream closed" : "too many stream clients (" + maxClients + ")");
                return;
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", "no"); // proxies must not hold the events back
            AsyncContext async = request.startAsync();
            async.setTimeout(0); // an event stream has no end; slow or gone clients are closed below
            client = new Client(async, response.getOutputStream());
            clients.add(client);
            startTicking();
        }
        async(client);
    }

    private void async(Client client) {
        client.async.addListener(client);
        // The reconnect delay, then the latest frame at once so a new dashboard does not wait.
        client.offer(("retry: " + Math.max(1000, intervalMillis * 2) + "\n\n").getBytes(StandardCharsets.US_ASCII));
        byte[] last = latest;
        if (last != null) {
            client.offer(last);
        }
        client.out.setWriteListener(client);
    }

    /** Under the monitor. */
    private void startTicking() {
        if (ticking != null) {
            return;
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "atrion-stream");
                t.setDaemon(true);
                return t;
            });
        }
        ticking = timer.scheduleAtFixedRate(this::tick, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (clients.isEmpty()) {
                synchronized (this) {
                    if (clients.isEmpty() && ticking != null) {
                        ticking.cancel(false); // idle: no frames, no engine reads, until the next client
                        ticking = null;
                    }
                }
                return;
            }
            byte[] frame = encoder.encode(atrion.clock().millis());
            latest = frame;
            frames.incrementAndGet();
            for (Client c : clients) {
                c.offer(frame);
            }
        } catch (RuntimeException | Error e) {
            // A failing frame must not cancel the schedule (scheduleAtFixedRate stops on a throw).
            report(e);
        }
    }

    private void report(Throwable e) {
        try {
            log("atrion stream: a frame failed", e);
        } catch (IllegalStateException notInitialised) {
            System.err.println("atrion stream: a frame failed: " + e);
        }
    }

    /** Streams open now. */
    public int clients() {
        return clients.size();
    }

    /** Streams closed because the client could not keep up (its queue was full). */
    public long droppedClients() {
        return dropped.get();
    }

    /** Frames encoded so far. */
    public long framesEncoded() {
        return frames.get();
    }

    /** Bytes queued for all clients now (frames are shared, so this overcounts memory). */
    public long queuedBytes() {
        long sum = 0;
        for (Client c : clients) {
            sum += c.queuedBytes();
        }
        return sum;
    }

    /** The most frames one client may have queued before it is dropped. */
    public int maxQueuedFrames() {
        return maxQueuedFrames;
    }

    /** Milliseconds between frames. */
    public long intervalMillis() {
        return intervalMillis;
    }

    /** Ends every stream and stops the frame thread; new requests get 503. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            closed = true;
            t = timer;
            timer = null;
            ticking = null;
        }
        if (t != null) {
            t.shutdownNow();
        }
        for (Client c : clients) {
            c.close(false);
        }
    }

    @Override
    public void destroy() {
        close();
    }

    /** One open stream: a bounded queue of frames drained by non-blocking writes. */
    private final class Client implements WriteListener, AsyncListener {
        final AsyncContext async;
        final ServletOutputStream out;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private long queued;
        private boolean ready;
        private boolean done;

        Client(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }

        synchronized long queuedBytes() {
            return queued;
        }

        void offer(byte[] frame) {
            boolean slow = false;
            synchronized (this) {
                if (done) {
                    return;
                }
                if (queue.size() >= maxQueuedFrames) {
                    slow = true;
                } else {
                    queue.addLast(frame);
                    queued += frame.length;
                    if (ready) {
                        drain();
                    }
                }
            }
            if (slow) {
                close(true);
            }
        }

        @Override
        public void onWritePossible() {
            synchronized (this) {
                ready = true;
                drain();
            }
        }

        /**
         * Under the monitor. Writes while the container says it can take more without blocking;
         * when isReady() turns false the container calls onWritePossible() once it has flushed.
         */
        private void drain() {
            try {
                while (!done && out.isReady()) {
                    byte[] f = queue.pollFirst();
                    if (f == null) {
                        out.flush();
                        return;
                    }
                    queued -= f.length;
                    out.write(f);
                }
            } catch (IOException | IllegalStateException e) {
                done = true;
                queue.clear();
                queued = 0;
                clients.remove(this);
                completeQuietly();
            }
        }

        void close(boolean tooSlow) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                queue.clear(); // the frames go with the client: nothing is buffered for a gone client
                queued = 0;
            }
            clients.remove(this);
            if (tooSlow) {
                dropped.incrementAndGet();
            }
            completeQuietly();
        }

        private void completeQuietly() {
            try {
                async.complete();
            } catch (IllegalStateException alreadyEnded) {
                // the container ended the request first (client went away)
            }
        }

        @Override
        public void onError(Throwable t) {
            close(false);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            synchronized (this) {
                done = true;
                queue.clear();
                queued = 0;
            }
            clients.remove(this);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            close(false);
        }

        @Override
        public void onError(AsyncEvent event) {
            close(false);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }

    /** Builder of {@link AtrionStreamServlet}. */
    public static final class Builder {
        private final Atrion atrion;
        private Duration interval = DEFAULT_INTERVAL;
        private int maxQueuedFrames = DEFAULT_MAX_QUEUED_FRAMES;
        private int maxClients = DEFAULT_MAX_CLIENTS;
        private TierCounters tierCounters;

        private Builder(Atrion atrion) {
            this.atrion = Objects.requireNonNull(atrion, "atrion must not be null");
        }

        /** Time between frames, in [10 ms, 1 h]; default 500 ms (2 Hz). */
        public Builder interval(Duration interval) {
            this.interval = Objects.requireNonNull(interval, "interval must not be null");
            return this;
        }

        /** Frames one client may have queued (≥ 1) before it is dropped as too slow; default 8. */
        public Builder maxQueuedFrames(int frames) {
            this.maxQueuedFrames = frames;
            return this;
        }

        /** Streams open at once (≥ 1); default 32. */
        public Builder maxClients(int clients) {
            this.maxClients = clients;
            return this;
        }

        /** Per-tier admitted/shed counts to include in each route's entry; none by default. */
        public Builder tierCounters(TierCounters counters) {
            this.tierCounters = counters;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the setting out of range
         */
        public AtrionStreamServlet build() {
            long ms = interval.toMillis();
            if (ms < 10 || ms > 3_600_000) {
                throw new IllegalArgumentException("AtrionStreamServlet.interval must be in [10 ms, 1 h], got " + interval);
            }
            if (maxQueuedFrames < 1) {
                throw new IllegalArgumentException("AtrionStreamServlet.maxQueuedFrames must be >= 1, got " + maxQueuedFrames);
            }
            if (maxClients < 1) {
                throw new IllegalArgumentException("AtrionStreamServlet.maxClients must be >= 1, got " + maxClients);
            }
            if (tierCounters != null && tierCounters.atrion() != atrion) {
                throw new IllegalArgumentException("AtrionStreamServlet.tierCounters must count for the same Atrion instance");
            }
            return new AtrionStreamServlet(this);
        }
    }
}
