package io.atrion.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.PhysicsConfig;
import io.atrion.Telemetry;
import io.atrion.state.ConnectionState;
import io.atrion.state.RouteVector;
import io.atrion.state.StateStats;
import io.atrion.state.StateSyncConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two and three {@code Atrion} instances sharing a route through a real {@code redis-server}
 * (SPEC §5). All instances read one {@link ManualClock} that only the test moves, so the merged
 * scars are exact: nothing ages while Redis carries a vector.
 *
 * <p>Setup: defaults except N = 1 (the first update ends bootstrap) and the tuner off. Healthy
 * telemetry (80 ms / 0 / 0.4) has ‖P⁺‖ = 0, so S stays 0; stressed telemetry (450 / 0.2 / 0.9) has
 * ‖P⁺‖ ≈ 1.56 &gt; 0.7 and adds σ = 5.
 */
class RedisSharingTest {

    static final long T0 = 1_700_000_000_000L;
    static final Telemetry CALM = Telemetry.of(80, 0.0, 0.4);
    static final Telemetry STRESSED = Telemetry.of(450, 0.2, 0.9);
    static final PhysicsConfig N1 = PhysicsConfig.builder().bootstrapTicks(1).build();

    private RedisServerProcess redis;
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private final ManualClock clock = new ManualClock(T0);

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.startNew();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
        redis.close();
    }

    private Atrion node(Engine engine, String id, double gamma) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).physics(N1).autoTunerDisabled()
                .stateProvider(RedisStateProvider.builder().uri(redis.uri()).nodeId(id).build())
                .stateSync(StateSyncConfig.defaults().withRemoteWeight(gamma))
                .build();
        closeLater.add(a);
        Await.synced(a);
        return a;
    }

    static StateStats stats(Atrion a) {
        return a.stateStats().orElseThrow();
    }

    /** Remote vectors fully processed (counted after the merge, unlike {@code received}). */
    static long handled(Atrion a) {
        StateStats st = stats(a);
        return st.merged() + st.ignored() + st.rejected();
    }

    static double scar(Atrion a) {
        return a.state("db").orElseThrow().scar();
    }

    private StatefulRedisConnection<String, byte[]> rawClient() {
        RedisClient c = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, byte[]> conn = c.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        closeLater.add(() -> {
            conn.close();
            c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        });
        return conn;
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void scarRaisedOnOneReachesTwoOthersExactly(Engine engine) {
        Atrion a = node(engine, "a", 0.3);
        Atrion b = node(engine, "b", 0.3);
        Atrion c = node(engine, "c", 1.0); // γ = 1: adopts the remote scar
        b.route("db", CALM);
        c.route("db", CALM);
        a.route("db", CALM);
        // Every node published its first vector (S = 0) and merged the two others'.
        Await.until("first vectors exchanged", () -> stats(a).merged() == 2 && stats(b).merged() == 2
                && stats(c).merged() == 2, () -> List.of(stats(a), stats(b), stats(c)).toString());

        clock.advance(100); // a's next publication is due (10 Hz)
        assertEquals(5.0, a.route("db", STRESSED).scar()); // 0·e^(−0.01) + σ
        Await.until("a's scar at b and c", () -> stats(b).merged() == 3 && stats(c).merged() == 3,
                () -> List.of(stats(b), stats(c)).toString());
        // b: 0.3·(5·e^(−0.1·0/1000)) + 0.7·0 = 1.5; c: 1·5 + 0·0 = 5; a keeps its own.
        assertEquals(1.5, scar(b), 1e-15);
        assertEquals(5.0, scar(c));
        assertEquals(5.0, scar(a));
        assertTrue(stats(a).ignored() >= 2, "a's own vectors came back and were ignored: " + stats(a));
        assertEquals(0, stats(a).rejected() + stats(b).rejected() + stats(c).rejected());
        // R of b follows its new scar at once (§2.5 with its last pressure): R = R_base + P·W + S, P·W < 0.
        assertTrue(b.state("db").orElseThrow().resistance() >= 10.0);
    }

    @Test
    void orderingPerNodeOverTheChannel() {
        Atrion c = node(Engine.FAST, "c", 1.0);
        c.route("db", CALM);
        // c's own first vector comes back over the channel (received, ignored): let it land first,
        // so each count below is the test's message.
        Await.until("c's own vector back", () -> stats(c).published() == 1 && handled(c) == 1,
                () -> stats(c).toString());
        StatefulRedisConnection<String, byte[]> raw = rawClient();
        long[] seen = {handled(c)};
        java.util.function.BiConsumer<Double, long[]> send = (scar, tSeq) -> {
            raw.sync().publish(RedisStateProvider.DEFAULT_CHANNEL, VectorCodec.encode(
                    new RouteVector("db", scar, 0, 20, Mode.OPERATIONAL, 4, "x", tSeq[0], tSeq[1])));
            seen[0]++;
            Await.until("delivery", () -> handled(c) >= seen[0], () -> stats(c).toString());
        };
        send.accept(10.0, new long[] {T0, 5});
        assertEquals(10.0, scar(c));
        send.accept(11.0, new long[] {T0 - 1, 6}); // older than what was applied from x
        assertEquals(10.0, scar(c));
        send.accept(12.0, new long[] {T0, 5});     // the same again
        assertEquals(10.0, scar(c));
        send.accept(13.0, new long[] {T0, 6});     // same time, later sequence
        assertEquals(13.0, scar(c));
        assertEquals(2, stats(c).merged());
        assertTrue(stats(c).ignored() >= 2);
    }

    @Test
    void routeHashKeepsTheLatestVectorInFleetOrderWithAnExpiry() {
        Atrion a = node(Engine.FAST, "a", 0.3);
        a.route("db", STRESSED);
        RedisStateProvider x = RedisStateProvider.builder().uri(redis.uri()).nodeId("x")
                .keyTtl(Duration.ofSeconds(30)).build();
        closeLater.add(x::disconnect);
        x.connect();
        Await.until("x connected", () -> x.connectionState() == ConnectionState.CONNECTED);
        Await.until("a's vector stored", () -> x.get("db").isPresent());
        RouteVector stored = x.get("db").orElseThrow();
        assertEquals("a", stored.nodeId());
        assertEquals(T0, stored.updatedAtMillis());
        assertEquals(5.0, stored.scar());
        assertEquals(Mode.OPERATIONAL, stored.mode());

        StatefulRedisConnection<String, byte[]> raw = rawClient();
        Map<String, byte[]> h = raw.sync().hgetall("atrion:route:db");
        assertEquals("5.0", new String(h.get("scar"), StandardCharsets.UTF_8)); // readable in redis-cli
        long ttl = raw.sync().pttl("atrion:route:db");
        assertTrue(ttl > 0 && ttl <= Duration.ofMinutes(10).toMillis(), "PTTL " + ttl);

        // Same time, node "x" > "a": later in the fleet's order, stored. Then an earlier time: not stored.
        x.update(new RouteVector("db", 7.0, 0, 30, Mode.OPERATIONAL, 2, "x", T0, 1));
        x.flush();
        Await.until("x's vector stored", () -> x.get("db").orElseThrow().scar() == 7.0);
        x.update(new RouteVector("db", 9.0, 0, 30, Mode.OPERATIONAL, 3, "x", T0 - 1, 2));
        x.update(new RouteVector("other", 1.0, 0, 30, Mode.OPERATIONAL, 3, "x", T0, 3));
        x.flush();
        Await.until("second batch applied", () -> x.get("other").isPresent());
        assertEquals(7.0, x.get("db").orElseThrow().scar());
        assertTrue(raw.sync().pttl("atrion:route:other") <= 30_000);
        assertEquals(List.of("db", "other"), x.listRoutes().stream().sorted().toList());
        x.delete("other");
        assertTrue(x.get("other").isEmpty());
    }

    @Test
    void closeFlushesAndDisconnects() {
        Atrion a = node(Engine.FAST, "a", 0.3);
        Atrion b = node(Engine.FAST, "b", 0.3);
        b.route("db", CALM);
        a.route("db", CALM);
        Await.until("b learned a's route", () -> stats(b).merged() >= 1);
        clock.advance(50);
        a.route("db", STRESSED); // 50 ms after a's last publication: waits for its 10 Hz slot...
        a.close();               // ...but close publishes it anyway
        Await.until("the last vector arrived", () -> stats(b).merged() >= 2, () -> stats(b).toString());
        assertEquals(ConnectionState.CLOSED, stats(a).connectionState());
        assertEquals(0.3 * 5.0 + 0.7 * 0.0, scar(b), 1e-15);
        assertEquals(Mode.OPERATIONAL, a.route("db", CALM).mode()); // a still routes, locally
    }
}
