package io.atrion.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.PhysicsConfig;
import io.atrion.RouteDecision;
import io.atrion.Telemetry;
import io.atrion.state.ConnectionState;
import io.atrion.state.StateStats;
import io.atrion.state.StateSyncConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of a real {@code redis-server} (SPEC §5: a provider failure or a slow provider never fails
 * or slows a {@code route()} call): killed with SIGKILL mid-run and restarted, paused with
 * {@code CLIENT PAUSE} and with {@code DEBUG SLEEP}, and unreachable from the start. In every case
 * {@code route()} keeps deciding from local state without an exception, the failure is counted,
 * the provider reconnects and the instance resyncs, and nothing queued exceeds its bound.
 */
class RedisFaultTest {

    private static final Telemetry CALM = Telemetry.of(80, 0.0, 0.4);
    private static final Telemetry STRESSED = Telemetry.of(450, 0.2, 0.9);
    private static final int QUEUE = 64;
    private static final int MAX_PENDING = 200;

    private RedisServerProcess redis;
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private RedisStateProvider provider(String id) {
        return RedisStateProvider.builder().uri(redis.uri()).nodeId(id)
                .commandTimeout(Duration.ofMillis(300))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
                .maxPendingCommands(MAX_PENDING)
                .build();
    }

    private Atrion node(RedisStateProvider p) {
        Atrion a = Atrion.builder().engine(Engine.FAST).physics(PhysicsConfig.builder().bootstrapTicks(1).build())
                .stateProvider(p).stateSync(StateSyncConfig.defaults().withQueueCapacity(QUEUE)).build();
        closeLater.add(a);
        return a;
    }

    private static StateStats stats(Atrion a) {
        return a.stateStats().orElseThrow();
    }

    /** Routes for {@code millis} of wall time over 100 routes: every call decides, none throws. */
    private static int traffic(Atrion a, long millis, Telemetry t, RedisStateProvider p) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        int calls = 0;
        while (System.nanoTime() < end) {
            for (int r = 0; r < 100; r++) {
                RouteDecision d = a.route("route-" + r, t);
                assertTrue(d.tickCount() >= 1);
                calls++;
            }
            StateStats st = stats(a);
            assertTrue(st.queued() <= 2 * QUEUE, "queue bound: " + st);
            assertTrue(p.pendingCommands() <= MAX_PENDING, "pending commands: " + p.pendingCommands());
            Thread.sleep(2);
        }
        return calls;
    }

    private StatefulRedisConnection<String, String> rawClient() {
        RedisClient c = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> conn = c.connect();
        closeLater.add(() -> {
            conn.close();
            c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        });
        return conn;
    }

    @Test
    void killedWithSigkillAndRestarted() throws Exception {
        redis = RedisServerProcess.startNew();
        RedisStateProvider pa = provider("a");
        RedisStateProvider pb = provider("b");
        Atrion a = node(pa);
        Atrion b = node(pb);
        Await.synced(a, b);
        b.route("route-0", CALM);
        traffic(a, 300, CALM, pa);
        Await.until("b hears a", () -> stats(b).merged() > 0, () -> stats(b).toString());
        long resyncsBefore = stats(a).resyncs();

        redis.kill();
        traffic(a, 1_000, STRESSED, pa); // keeps deciding from local state
        Await.until("a sees the outage", () -> pa.connectionState() != ConnectionState.CONNECTED);
        StateStats down = stats(a);
        assertTrue(down.providerErrors() >= 1, "failure counted: " + down);
        assertTrue(down.dropped() >= 1, "vectors not published while down are counted: " + down);
        assertTrue(pa.failures() >= 1);

        redis.start(); // same port, empty: no persistence
        Await.until("a reconnects", () -> pa.connectionState() == ConnectionState.CONNECTED, () -> stats(a).toString());
        Await.until("a resyncs", () -> stats(a).resyncs() > resyncsBefore, () -> stats(a).toString());
        assertTrue(pa.reconnects() >= 1);
        // The resync republished every local route into the empty server.
        Await.until("routes back in Redis", () -> pa.listRoutes().size() == 100, () -> pa.listRoutes().size() + " routes");
        Await.until("b reconnects", () -> pb.connectionState() == ConnectionState.CONNECTED);
        long mergedBefore = stats(b).merged();
        traffic(a, 300, STRESSED, pa);
        Await.until("b hears a again", () -> stats(b).merged() > mergedBefore, () -> stats(b).toString());
    }

    @Test
    void pausedWithClientPause() throws Exception {
        redis = RedisServerProcess.startNew();
        RedisStateProvider pa = provider("a");
        Atrion a = node(pa);
        Await.synced(a);
        traffic(a, 200, CALM, pa);
        long resyncsBefore = stats(a).resyncs();
        rawClient().sync().clientPause(2_000); // all clients, 2 s
        traffic(a, 1_000, STRESSED, pa);
        Await.until("a notices (command timeout 300 ms)", () -> stats(a).providerErrors() > 0, () -> stats(a).toString());
        Await.until("a recovers after the pause", () -> stats(a).resyncs() > resyncsBefore
                && pa.connectionState() == ConnectionState.CONNECTED, () -> stats(a).toString());
        traffic(a, 200, CALM, pa);
        long published = stats(a).published();
        traffic(a, 300, CALM, pa);
        assertTrue(stats(a).published() > published, "publishing again: " + stats(a));
    }

    @Test
    void blockedByDebugSleep() throws Exception {
        redis = RedisServerProcess.startNew("--enable-debug-command", "local");
        RedisStateProvider pa = provider("a");
        Atrion a = node(pa);
        Await.synced(a);
        traffic(a, 200, CALM, pa);
        long resyncsBefore = stats(a).resyncs();
        // DEBUG SLEEP 1.5: the whole server sleeps 1.5 s (sent without waiting for the reply).
        rawClient().async().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add("1.5"));
        traffic(a, 1_000, STRESSED, pa);
        Await.until("a notices", () -> stats(a).providerErrors() > 0, () -> stats(a).toString());
        Await.until("a recovers", () -> stats(a).resyncs() > resyncsBefore
                && pa.connectionState() == ConnectionState.CONNECTED, () -> stats(a).toString());
    }

    @Test
    void unreachableFromTheStart() throws Exception {
        redis = RedisServerProcess.notStarted();
        RedisStateProvider pa = provider("a");
        Atrion a = node(pa); // returns at once: nothing listens on the port
        traffic(a, 800, STRESSED, pa);
        assertEquals(ConnectionState.CONNECTING, pa.connectionState());
        Await.until("connection attempts counted", () -> stats(a).providerErrors() >= 2, () -> stats(a).toString());
        assertTrue(stats(a).dropped() > 0, stats(a).toString());
        assertEquals(0, stats(a).published());

        redis.start();
        Await.until("a connects late", () -> pa.connectionState() == ConnectionState.CONNECTED, () -> stats(a).toString());
        Await.until("a resyncs its routes into Redis", () -> pa.listRoutes().size() == 100,
                () -> stats(a) + " " + pa.listRoutes().size());
        assertTrue(stats(a).resyncs() >= 1);
    }
}
