package io.atrion.redis;

import io.atrion.state.ConnectionState;
import io.atrion.state.RouteVector;
import io.atrion.state.StateListener;
import io.atrion.state.StateProvider;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shares route vectors through Redis (SPEC.md §5), with Lettuce:
 *
 * <pre>{@code
 * Atrion atrion = Atrion.builder()
 *         .stateProvider(RedisStateProvider.builder().uri("rediss://atrion:secret@redis.internal:6380").build())
 *         .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Storage.</b> One hash per route, key {@code <keyPrefix><routeId>} (default prefix
 *       {@code atrion:route:}), holding the latest vector in the fleet's order (update time, then
 *       node id: a Lua script compares before it writes) and expiring {@link Builder#keyTtl} after
 *       the last write (default 10 min) so routes nobody updates disappear.</li>
 *   <li><b>Publication.</b> Every vector also goes out on one channel (default {@code atrion:state})
 *       as a compact binary message, format version 1 (see {@code VectorCodec}: 54 bytes plus the
 *       two ids). Each node subscribes and merges what the others publish.</li>
 *   <li><b>Pacing.</b> At most {@link Builder#maxPublishHz} publications per route per node
 *       (default 10): {@code Atrion} coalesces the updates in between. Writes are pipelined: the
 *       publisher's batch goes out in one flush.</li>
 *   <li><b>Connection.</b> {@code redis://} or {@code rediss://} (TLS) URIs, ACL user and password
 *       in the URI or set on the builder, trusted certificates for TLS. Connecting never blocks
 *       {@code Atrion}: an unreachable server is retried with exponential backoff (from
 *       {@link Builder#reconnectDelay} min to max); a lost connection is re-established by
 *       Lettuce with the same backoff. A command that fails or times out marks the provider
 *       {@link ConnectionState#DISCONNECTED}; a health probe (PING every 250 ms) brings it back to
 *       {@link ConnectionState#CONNECTED}, reloads the script (a restarted server forgot it) and
 *       tells the listener, which resyncs. While disconnected nothing is published and nothing
 *       queues: commands fail fast, and at most {@link Builder#maxPendingCommands} are in flight.</li>
 *   <li><b>Node id.</b> Configurable; by default host name, process id and a random suffix.</li>
 * </ul>
 *
 * <p>Hostile input — a message that is malformed, of an unknown version, with non-finite or
 * negative numbers or an oversized id — is reported to the listener as rejected, never applied;
 * a stored hash that does not decode is reported the same way and treated as absent.
 */
public final class RedisStateProvider implements StateProvider {

    /** Default key prefix of the route hashes. */
    public static final String DEFAULT_KEY_PREFIX = "atrion:route:";
    /** Default channel of the published vectors. */
    public static final String DEFAULT_CHANNEL = "atrion:state";

    private static final System.Logger LOG = System.getLogger(RedisStateProvider.class.getName());
    private static final long HEALTH_INTERVAL_MILLIS = 250;
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /**
     * Stores the vector unless the stored one is later in the fleet's order (update time, then node
     * id), and refreshes the key's expiry either way. KEYS[1] the route hash; ARGV: t, node, ttl ms,
     * then the hash's field/value pairs. Returns 1 when stored.
     */
    static final String STORE_SCRIPT = String.join("\n",
            "local cur = redis.call('HMGET', KEYS[1], 't', 'node')",
            "local ct = tonumber(cur[1])",
            "local nt = tonumber(ARGV[1])",
            "local stored = 0",
            "if ct == nil or ct < nt or (ct == nt and (not cur[2] or cur[2] <= ARGV[2])) then",
            "  redis.call('HSET', KEYS[1], unpack(ARGV, 4))",
            "  stored = 1",
            "end",
            "redis.call('PEXPIRE', KEYS[1], ARGV[3])",
            "return stored");

    private final RedisURI uri;
    private final String nodeId;
    private final String keyPrefix;
    private final String channel;
    private final long keyTtlMillis;
    private final long minIntervalMillis;
    private final int maxPendingCommands;
    private final Duration commandTimeout;
    private final Duration reconnectMin;
    private final Duration reconnectMax;
    private final Path trustedCertificates;

    private final Object lock = new Object();
    private ClientResources resources;
    private RedisClient client;
    private ScheduledExecutorService supervisor;
    private volatile StatefulRedisConnection<String, byte[]> reader;
    private volatile StatefulRedisConnection<String, byte[]> writer;
    private volatile StatefulRedisPubSubConnection<String, byte[]> pubsub;
    private volatile String scriptSha;
    private volatile StateListener listener;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile boolean started;
    /** Monotonic milliseconds (System.nanoTime): a wall clock set back must not stall the reconnects. */
    private long nextConnectAttemptMillis = System.nanoTime() / 1_000_000L;
    private long connectBackoffMillis;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();

    private RedisStateProvider(Builder b) {
        RedisURI u = b.uri;
        if (b.username != null) {
            u = RedisURI.builder(u).withAuthentication(b.username, b.password != null ? b.password : new char[0]).build();
        } else if (b.password != null) {
            u = RedisURI.builder(u).withPassword(b.password).build();
        }
        this.uri = u;
        this.nodeId = b.nodeId != null ? b.nodeId : defaultNodeId();
        this.keyPrefix = b.keyPrefix;
        this.channel = b.channel;
        this.keyTtlMillis = b.keyTtl.toMillis();
        this.minIntervalMillis = (long) Math.ceil(1000.0 / b.maxPublishHz);
        this.maxPendingCommands = b.maxPendingCommands;
        this.commandTimeout = b.commandTimeout;
        this.reconnectMin = b.reconnectMin;
        this.reconnectMax = b.reconnectMax;
        this.trustedCertificates = b.trustedCertificates;
    }

    /** A builder; {@link Builder#uri} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Host name, process id and a random suffix, e.g. {@code web-7-4123-9f3a1c}. */
    static String defaultNodeId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "host";
            }
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "_");
        if (host.length() > 80) {
            host = host.substring(0, 80);
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** The channel vectors are published on. */
    public String channel() {
        return channel;
    }

    /** The key prefix of the route hashes. */
    public String keyPrefix() {
        return keyPrefix;
    }

    @Override
    public long minPublishIntervalMillis() {
        return minIntervalMillis;
    }

    @Override
    public ConnectionState connectionState() {
        return state;
    }

    /** Failed connection attempts and failed commands so far. */
    public long failures() {
        return failures.get();
    }

    /** Times the provider came back to CONNECTED after being disconnected (the first connect not included). */
    public long reconnects() {
        return reconnects.get();
    }

    /** Commands sent and not yet answered (at most {@link Builder#maxPendingCommands}). */
    public int pendingCommands() {
        return inFlight.get();
    }

    @Override
    public void subscribe(StateListener l) {
        this.listener = l;
    }

    @Override
    public void connect() {
        synchronized (lock) {
            if (started) {
                return;
            }
            if (state == ConnectionState.CLOSED) {
                throw new IllegalStateException("RedisStateProvider " + nodeId + " is closed");
            }
            started = true;
            DefaultClientResources.Builder rb = DefaultClientResources.builder()
                    .ioThreadPoolSize(2)
                    .computationThreadPoolSize(2)
                    .reconnectDelay(Delay.exponential(reconnectMin, reconnectMax, 2, TimeUnit.MILLISECONDS));
            resources = rb.build();
            client = RedisClient.create(resources, uri);
            ClientOptions.Builder ob = ClientOptions.builder()
                    .autoReconnect(true)
                    // Nothing piles up while Redis is away: commands fail at once, and resync follows.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(maxPendingCommands)
                    .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                    .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build());
            if (trustedCertificates != null) {
                ob.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(trustedCertificates.toFile()).build());
            }
            client.setOptions(ob.build());
            client.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    markDown(null);
                }

                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                    // The health probe confirms, reloads the script and reports CONNECTED.
                }
            });
            supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "atrion-redis-" + nodeId);
                t.setDaemon(true);
                return t;
            });
            supervisor.scheduleWithFixedDelay(this::supervise, 0, HEALTH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The supervisor's tick: connect what is missing (with backoff), or probe when disconnected. */
    private void supervise() {
        try {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            if (reader == null || writer == null || pubsub == null) {
                long now = System.nanoTime() / 1_000_000L;
                if (now - nextConnectAttemptMillis >= 0) {
                    connectMissing(now);
                }
                return;
            }
            if (state != ConnectionState.CONNECTED) {
                probe();
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.DEBUG, "atrion-redis supervisor", t);
        }
    }

    private void connectMissing(long now) {
        try {
            if (reader == null) {
                reader = client.connect(CODEC);
            }
            if (writer == null) {
                StatefulRedisConnection<String, byte[]> w = client.connect(CODEC);
                w.setAutoFlushCommands(false); // pipelining: the publisher flushes once per batch
                writer = w;
            }
            if (pubsub == null) {
                StatefulRedisPubSubConnection<String, byte[]> p = client.connectPubSub(CODEC);
                p.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String ch, byte[] message) {
                        receive(message);
                    }
                });
                p.sync().subscribe(channel);
                pubsub = p;
            }
            connectBackoffMillis = 0;
            probe();
        } catch (Throwable e) {
            // Unreachable (or refused, or TLS/auth failed): count, and try again after a backoff.
            report(e);
            connectBackoffMillis = connectBackoffMillis == 0 ? reconnectMin.toMillis()
                    : Math.min(reconnectMax.toMillis(), connectBackoffMillis * 2);
            nextConnectAttemptMillis = now + connectBackoffMillis;
        }
    }

    /** PING and reload the script; on success, CONNECTED and the listener resyncs. */
    private void probe() {
        try {
            reader.sync().ping();
            if (!writer.isOpen() || !pubsub.isOpen()) {
                return;
            }
            scriptSha = reader.sync().scriptLoad(STORE_SCRIPT);
        } catch (Throwable e) {
            return; // still down; the failure that took us down was counted
        }
        ConnectionState before;
        synchronized (lock) {
            before = state;
            if (before == ConnectionState.CLOSED || before == ConnectionState.CONNECTED) {
                return;
            }
            state = ConnectionState.CONNECTED;
        }
        if (before == ConnectionState.DISCONNECTED) {
            reconnects.incrementAndGet();
        }
        StateListener l = listener;
        if (l != null) {
            l.onConnected();
        }
    }

    /** A lost connection or a failed command: DISCONNECTED until the probe succeeds; counted once per cause. */
    private void markDown(Throwable cause) {
        boolean wentDown;
        synchronized (lock) {
            wentDown = state == ConnectionState.CONNECTED;
            if (wentDown) {
                state = ConnectionState.DISCONNECTED;
            }
        }
        if (cause != null) {
            report(cause);
        } else if (wentDown) {
            report(new IllegalStateException("connection to Redis lost"));
        }
    }

    private void report(Throwable e) {
        failures.incrementAndGet();
        StateListener l = listener;
        if (l != null) {
            l.onProviderError(e);
        }
    }

    private void receive(byte[] message) {
        StateListener l = listener;
        if (l == null) {
            return;
        }
        RouteVector v;
        try {
            v = VectorCodec.decode(message);
        } catch (VectorCodec.Malformed e) {
            l.onRejected(e.getMessage());
            return;
        } catch (RuntimeException e) { // not expected from the decoder; never let it reach Lettuce
            l.onRejected("undecodable message");
            return;
        }
        l.onRemoteVector(v);
    }

    // ------------------------------------------------------------------ StateProvider operations

    @Override
    public Optional<RouteVector> get(String routeId) {
        Map<String, byte[]> h = readerOrThrow().sync().hgetall(keyPrefix + routeId);
        try {
            return Optional.ofNullable(VectorCodec.fromHash(routeId, h));
        } catch (VectorCodec.Malformed e) {
            StateListener l = listener;
            if (l != null) {
                l.onRejected("stored " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    /**
     * Queues the conditional store (one {@code EVALSHA}) and the publication (one {@code PUBLISH})
     * on the pipelined connection; they leave at {@link #flush()}. A failure is reported to the
     * listener when the reply comes (or the command times out) and marks the provider disconnected.
     *
     * @throws IllegalStateException      when not connected
     * @throws RejectedExecutionException when {@link Builder#maxPendingCommands} are in flight (back-pressure)
     */
    @Override
    public void update(RouteVector v) {
        StatefulRedisConnection<String, byte[]> w = writer;
        String sha = scriptSha;
        if (w == null || sha == null || state != ConnectionState.CONNECTED) {
            throw new IllegalStateException("RedisStateProvider " + nodeId + " is " + state);
        }
        if (inFlight.get() + 2 > maxPendingCommands) {
            throw new RejectedExecutionException("RedisStateProvider " + nodeId + ": " + inFlight.get()
                    + " commands in flight (maxPendingCommands " + maxPendingCommands + ")");
        }
        Map<String, byte[]> fields = VectorCodec.hashFields(v);
        byte[][] args = new byte[3 + 2 * fields.size()][];
        args[0] = VectorCodec.text(Long.toString(v.updatedAtMillis()));
        args[1] = VectorCodec.text(v.nodeId());
        args[2] = VectorCodec.text(Long.toString(keyTtlMillis));
        int i = 3;
        for (Map.Entry<String, byte[]> f : fields.entrySet()) {
            args[i++] = VectorCodec.text(f.getKey());
            args[i++] = f.getValue();
        }
        RedisAsyncCommands<String, byte[]> a = w.async();
        inFlight.addAndGet(2);
        a.<Long>evalsha(sha, ScriptOutputType.INTEGER, new String[] {keyPrefix + v.routeId()}, args)
                .whenComplete((r, e) -> completed(e));
        a.publish(channel, VectorCodec.encode(v)).whenComplete((r, e) -> completed(e));
    }

    private void completed(Throwable e) {
        inFlight.decrementAndGet();
        if (e != null) {
            markDown(e);
        }
    }

    @Override
    public void flush() {
        StatefulRedisConnection<String, byte[]> w = writer;
        if (w != null) {
            w.flushCommands();
        }
    }

    @Override
    public void delete(String routeId) {
        readerOrThrow().sync().del(keyPrefix + routeId);
    }

    @Override
    public List<String> listRoutes() {
        StatefulRedisConnection<String, byte[]> r = readerOrThrow();
        ScanArgs args = ScanArgs.Builder.matches(globEscape(keyPrefix) + "*").limit(1000);
        List<String> routes = new ArrayList<>();
        KeyScanCursor<String> c = r.sync().scan(args);
        while (true) {
            for (String key : c.getKeys()) {
                routes.add(key.substring(keyPrefix.length()));
            }
            if (c.isFinished()) {
                return routes;
            }
            c = r.sync().scan(ScanCursor.of(c.getCursor()), args);
        }
    }

    private StatefulRedisConnection<String, byte[]> readerOrThrow() {
        StatefulRedisConnection<String, byte[]> r = reader;
        if (r == null) {
            throw new IllegalStateException("RedisStateProvider " + nodeId + " is not connected");
        }
        return r;
    }

    static String globEscape(String s) {
        return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /**
     * Flushes the pipeline, waits up to the command timeout for replies, closes the connections
     * and shuts Lettuce down. Idempotent.
     */
    @Override
    public void disconnect() {
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            state = ConnectionState.CLOSED;
        }
        if (supervisor != null) {
            supervisor.shutdownNow();
        }
        try {
            flush();
            long deadline = System.nanoTime() + commandTimeout.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
            // closing: what could not be flushed is lost, as SPEC §5 allows
        }
        for (AutoCloseable c : new AutoCloseable[] {pubsub, writer, reader}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already broken
                }
            }
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "RedisStateProvider[" + nodeId + " @ " + uri.getHost() + ":" + uri.getPort() + ", " + state + "]";
    }

    /** Builder of {@link RedisStateProvider}; every setting is checked at {@link #build()}. */
    public static final class Builder {
        private RedisURI uri;
        private String username;
        private char[] password;
        private String nodeId;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private String channel = DEFAULT_CHANNEL;
        private Duration keyTtl = Duration.ofMinutes(10);
        private double maxPublishHz = 10;
        private int maxPendingCommands = 10_000;
        private Duration commandTimeout = Duration.ofSeconds(1);
        private Duration reconnectMin = Duration.ofMillis(100);
        private Duration reconnectMax = Duration.ofSeconds(5);
        private Path trustedCertificates;

        private Builder() {
        }

        /**
         * The server, e.g. {@code redis://127.0.0.1:6379}, {@code redis://user:password@host:6379/0}
         * or {@code rediss://host:6380} (TLS). Required.
         *
         * @throws IllegalArgumentException when the URI cannot be parsed
         */
        public Builder uri(String redisUri) {
            Objects.requireNonNull(redisUri, "RedisStateProvider.uri must not be null");
            try {
                this.uri = RedisURI.create(redisUri);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("RedisStateProvider.uri is not a Redis URI (redis:// or rediss://): "
                        + e.getMessage(), e);
            }
            return this;
        }

        /** The server as a Lettuce {@link RedisURI} (for options the string form lacks). */
        public Builder uri(RedisURI redisUri) {
            this.uri = Objects.requireNonNull(redisUri, "RedisStateProvider.uri must not be null");
            return this;
        }

        /** ACL user name (overrides the URI's). */
        public Builder username(String user) {
            this.username = Objects.requireNonNull(user, "RedisStateProvider.username must not be null");
            return this;
        }

        /** Password (overrides the URI's); the array is copied. */
        public Builder password(char[] secret) {
            this.password = Objects.requireNonNull(secret, "RedisStateProvider.password must not be null").clone();
            return this;
        }

        /** This node's id (1 to 128 chars); default host name + process id + random suffix. */
        public Builder nodeId(String id) {
            this.nodeId = Objects.requireNonNull(id, "RedisStateProvider.nodeId must not be null");
            return this;
        }

        /** Prefix of the route hash keys; default {@code atrion:route:}. */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Objects.requireNonNull(prefix, "RedisStateProvider.keyPrefix must not be null");
            return this;
        }

        /** Channel of the published vectors; default {@code atrion:state}. */
        public Builder channel(String name) {
            this.channel = Objects.requireNonNull(name, "RedisStateProvider.channel must not be null");
            return this;
        }

        /** A route hash expires this long after its last write (≥ 1 s); default 10 min. */
        public Builder keyTtl(Duration ttl) {
            this.keyTtl = Objects.requireNonNull(ttl, "RedisStateProvider.keyTtl must not be null");
            return this;
        }

        /** Publications per route per node per second, in (0, 1000]; default 10. */
        public Builder maxPublishHz(double hz) {
            this.maxPublishHz = hz;
            return this;
        }

        /** Commands in flight at most (≥ 2); beyond it updates fail at once (counted). Default 10,000. */
        public Builder maxPendingCommands(int commands) {
            this.maxPendingCommands = commands;
            return this;
        }

        /** Timeout of each command and of connecting (≥ 1 ms); default 1 s. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = Objects.requireNonNull(timeout, "RedisStateProvider.commandTimeout must not be null");
            return this;
        }

        /** Backoff between connection attempts: from {@code min}, doubling, up to {@code max}; default 100 ms to 5 s. */
        public Builder reconnectDelay(Duration min, Duration max) {
            this.reconnectMin = Objects.requireNonNull(min, "RedisStateProvider.reconnectDelay min must not be null");
            this.reconnectMax = Objects.requireNonNull(max, "RedisStateProvider.reconnectDelay max must not be null");
            return this;
        }

        /** PEM file of the certificates to trust for {@code rediss://} (default: the JVM's trust store). */
        public Builder trustedCertificates(Path pemFile) {
            this.trustedCertificates = Objects.requireNonNull(pemFile,
                    "RedisStateProvider.trustedCertificates must not be null");
            return this;
        }

        /**
         * Validates and builds; connects only when {@code Atrion} (or you) call {@link #connect()}.
         *
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public RedisStateProvider build() {
            if (uri == null) {
                throw new IllegalArgumentException("RedisStateProvider.uri is required, e.g. redis://127.0.0.1:6379");
            }
            if (nodeId != null && (nodeId.isEmpty() || nodeId.length() > RouteVector.MAX_NODE_ID_LENGTH)) {
                throw new IllegalArgumentException("RedisStateProvider.nodeId must have 1 to "
                        + RouteVector.MAX_NODE_ID_LENGTH + " chars, got " + nodeId.length());
            }
            if (keyPrefix.isEmpty()) {
                throw new IllegalArgumentException("RedisStateProvider.keyPrefix must not be empty");
            }
            if (channel.isEmpty()) {
                throw new IllegalArgumentException("RedisStateProvider.channel must not be empty");
            }
            if (keyTtl.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("RedisStateProvider.keyTtl must be at least 1 s, got " + keyTtl);
            }
            if (!(maxPublishHz > 0 && maxPublishHz <= 1000)) {
                throw new IllegalArgumentException("RedisStateProvider.maxPublishHz must be in (0, 1000], got "
                        + maxPublishHz);
            }
            if (maxPendingCommands < 2) {
                throw new IllegalArgumentException("RedisStateProvider.maxPendingCommands must be >= 2, got "
                        + maxPendingCommands);
            }
            if (commandTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("RedisStateProvider.commandTimeout must be at least 1 ms, got "
                        + commandTimeout);
            }
            if (reconnectMin.toMillis() < 1 || reconnectMax.compareTo(reconnectMin) < 0) {
                throw new IllegalArgumentException("RedisStateProvider.reconnectDelay must be 1 ms <= min <= max, got "
                        + reconnectMin + " .. " + reconnectMax);
            }
            if (trustedCertificates != null && !Files.isReadable(trustedCertificates)) {
                throw new IllegalArgumentException("RedisStateProvider.trustedCertificates is not a readable file: "
                        + trustedCertificates);
            }
            return new RedisStateProvider(this);
        }
    }
}
