package io.atrion.bench;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.RouteHandle;
import io.atrion.Telemetry;
import io.atrion.redis.RedisStateProvider;
import io.atrion.state.ConnectionState;
import io.atrion.state.RouteVector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of sharing state (SPEC §5) on the caller's thread: {@code route(...).allowed()} and
 * {@code handle.admit(...)} over 1,000 healthy routes with no provider and with a
 * {@link RedisStateProvider} attached to a local {@code redis-server} (started by the benchmark on
 * a free loopback port, stopped after), in one run. With the provider the engine marks the route
 * and queues it once per publication; the publisher thread (competing for the second core) reads
 * the row and pipelines the vectors to Redis at up to 10 per route per second of the benchmark's
 * clock, which steps 1 ms per lap of the routes — several times faster than real time, so the
 * publication load is heavier than a real one at the same call rate.
 *
 * <p>{@link Publish#vectors} measures the provider alone: vectors per second through
 * {@code update} + {@code flush} (one pipelined EVALSHA and PUBLISH per vector) until Redis answered.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StateProviderBenchmark {

    static final int ROUTES = 1000;
    static final int SAMPLES = 4096;

    /**
     * none: no provider. hook: a provider that accepts and discards every vector (connected, no I/O):
     * the engine's side alone — marking, queueing, the publisher reading rows under their locks.
     * redis: a {@link RedisStateProvider} to a local redis-server, 10 publications per route per
     * second of the benchmark's clock (more than the provider can send here: it pushes back, and
     * its threads and redis-server compete with the caller for the two cores). redis1hz: the same
     * at {@code maxPublishHz(1)}, a load the provider keeps up with.
     */
    @Param({"none", "hook", "redis", "redis1hz"})
    public String provider;

    @Param({"FAST"})
    public Engine engine;

    private LocalRedis redis;
    private final SteppingClock clock = new SteppingClock();
    private Atrion atrion;
    private String[] ids;
    private RouteHandle[] handles;
    private final double[] latency = new double[SAMPLES];
    private final double[] errorRate = new double[SAMPLES];
    private final double[] saturation = new double[SAMPLES];
    private final Telemetry[] telemetry = new Telemetry[SAMPLES];
    private int cursor;
    private int op;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Atrion.Builder b = Atrion.builder().engine(engine).clock(clock);
        if (provider.startsWith("redis")) {
            redis = LocalRedis.start();
            b.stateProvider(RedisStateProvider.builder().uri(redis.uri()).nodeId("bench")
                    .maxPublishHz(provider.equals("redis1hz") ? 1 : 10)
                    .commandTimeout(java.time.Duration.ofSeconds(30)).build());
        } else if (provider.equals("hook")) {
            b.stateProvider(new Discarding());
        }
        atrion = b.build();
        if (atrion.stateStats().isPresent()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (atrion.stateStats().orElseThrow().connectionState() != ConnectionState.CONNECTED) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no connection to " + redis.uri());
                }
                Thread.sleep(10);
            }
        }
        SplittableRandom rnd = new SplittableRandom(20261130L);
        for (int k = 0; k < SAMPLES; k++) { // healthy, as Fixture's HEALTHY load
            latency[k] = rnd.nextDouble(70, 90);
            errorRate[k] = rnd.nextDouble(0, 0.005);
            saturation[k] = rnd.nextDouble(0.3, 0.45);
            telemetry[k] = Telemetry.of(latency[k], errorRate[k], saturation[k]);
        }
        ids = new String[ROUTES];
        handles = new RouteHandle[ROUTES];
        for (int r = 0; r < ROUTES; r++) {
            ids[r] = "route-" + r;
            handles[r] = atrion.handle(ids[r]);
        }
        for (int lap = 0; lap < 64; lap++) {
            for (int r = 0; r < ROUTES; r++) {
                admitHandle();
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (atrion != null) {
            atrion.stateStats().ifPresent(s -> System.out.println("\n  state sharing: " + s));
            atrion.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private long iterationThread;
    private long iterationBytes;
    private int iterationOps;

    /** Bytes the benchmark thread itself allocates (JMH's gc.alloc.rate.norm also counts the publisher's). */
    @Setup(Level.Iteration)
    public void startCounting() {
        iterationThread = Thread.currentThread().getId();
        iterationBytes = ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(iterationThread);
        iterationOps = op;
    }

    @TearDown(Level.Iteration)
    public void reportCallerBytes() {
        long bytes = ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(iterationThread) - iterationBytes;
        int ops = op - iterationOps;
        System.out.printf(java.util.Locale.ROOT, "  [caller thread: %.4f B/op over %d ops]%n",
                ops == 0 ? 0.0 : (double) bytes / ops, ops);
    }

    @Benchmark
    public boolean routeAllowed() {
        int r = cursor;
        int k = op++ & (SAMPLES - 1);
        boolean allowed = atrion.route(ids[r], telemetry[k], 100).allowed();
        next(r);
        return allowed;
    }

    @Benchmark
    public boolean admitHandle() {
        int r = cursor;
        int k = op++ & (SAMPLES - 1);
        boolean allowed = handles[r].admit(latency[k], errorRate[k], saturation[k], 100);
        next(r);
        return allowed;
    }

    private void next(int r) {
        if (++r == ROUTES) {
            r = 0;
            clock.advance();
        }
        cursor = r;
    }

    /** The provider alone: vectors per second to a local Redis, pipelined in batches. */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public static class Publish {

        static final int BATCH = 1000;

        private LocalRedis redis;
        private RedisStateProvider p;
        private final RouteVector[] batch = new RouteVector[BATCH];
        private long sequence;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            redis = LocalRedis.start();
            // A long command timeout: on a loaded machine a reply can take long, and a timeout would
            // (rightly) mark the provider disconnected and end the benchmark.
            p = RedisStateProvider.builder().uri(redis.uri()).nodeId("bench").maxPendingCommands(4 * BATCH)
                    .commandTimeout(java.time.Duration.ofSeconds(30)).build();
            p.connect();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (p.connectionState() != ConnectionState.CONNECTED) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no connection to " + redis.uri());
                }
                Thread.sleep(10);
            }
        }

        @Setup(Level.Invocation)
        public void vectorsOfTheBatch() {
            for (int i = 0; i < BATCH; i++) {
                sequence++;
                batch[i] = new RouteVector("route-" + i, 12.5, 0.001, 30.0, io.atrion.Mode.OPERATIONAL, sequence,
                        "bench", SteppingClock.START_MILLIS + sequence, sequence);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            p.disconnect();
            redis.close();
        }

        /** One batch of 1,000 vectors: queued, flushed once, every reply received. */
        @Benchmark
        @OperationsPerInvocation(BATCH)
        public int vectors() {
            for (RouteVector v : batch) {
                p.update(v);
            }
            p.flush();
            while (p.pendingCommands() > 0) {
                Thread.onSpinWait();
            }
            return p.pendingCommands();
        }
    }

    /** A connected provider that keeps nothing: the cost of the engine's side of sharing, without I/O. */
    static final class Discarding implements io.atrion.state.StateProvider {
        private volatile ConnectionState state = ConnectionState.CONNECTING;

        @Override public String nodeId() { return "bench"; }
        @Override public void connect() { state = ConnectionState.CONNECTED; }
        @Override public void disconnect() { state = ConnectionState.CLOSED; }
        @Override public ConnectionState connectionState() { return state; }
        @Override public java.util.Optional<RouteVector> get(String routeId) { return java.util.Optional.empty(); }
        @Override public void update(RouteVector vector) { }
        @Override public void delete(String routeId) { }
        @Override public java.util.List<String> listRoutes() { return java.util.List.of(); }
        @Override public long minPublishIntervalMillis() { return 100; }
    }

    /** A {@code redis-server} of the benchmark's own, on a free loopback port, without persistence. */
    static final class LocalRedis implements AutoCloseable {
        private final Process process;
        private final Path dir;
        private final int port;

        private LocalRedis(Process process, Path dir, int port) {
            this.process = process;
            this.dir = dir;
            this.port = port;
        }

        static LocalRedis start() throws IOException, InterruptedException {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("atrion-bench-redis");
            Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
            // A fork that fails before its tear-down must not leave the server behind.
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "atrion-bench-redis-stop"));
            for (int i = 0; i < 200; i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                    return new LocalRedis(p, dir, port);
                } catch (IOException notYet) {
                    Thread.sleep(25);
                }
            }
            p.destroyForcibly();
            throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("log")));
        }

        String uri() {
            return "redis://127.0.0.1:" + port;
        }

        @Override
        public void close() throws IOException {
            process.destroy();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the files below are still removed
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
