package io.atrion.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.state.ConnectionState;
import io.atrion.state.RouteVector;
import io.atrion.state.StateStats;
import io.atrion.state.StateSyncConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile messages published on the channel by a test client (SPEC §5: dropped and counted, never
 * applied, never thrown into a caller): each is counted as rejected, the route's scar does not
 * move, and {@code route()} goes on. Also a stored hash that does not decode.
 */
class RedisHostileInputTest {

    private static final long T0 = RedisSharingTest.T0;

    /** A valid message with γ = 1 would set the scar to 42; each hostile one is a mutation of it. */
    private static byte[] valid() {
        return VectorCodec.encode(new RouteVector("db", 42.0, 0.0, 50.0, Mode.OPERATIONAL, 9, "evil", T0, 1));
    }

    private static byte[] with(int offset, ByteBufferEdit edit) {
        byte[] m = valid();
        edit.apply(ByteBuffer.wrap(m), offset);
        return m;
    }

    private interface ByteBufferEdit {
        void apply(ByteBuffer b, int offset);
    }

    private static byte[] withIds(String node, byte[] route) {
        byte[] n = node.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(VectorCodec.HEADER_BYTES + 4 + n.length + route.length);
        b.put(Arrays.copyOf(valid(), VectorCodec.HEADER_BYTES));
        b.putShort((short) n.length).put(n).putShort((short) route.length).put(route);
        return b.array();
    }

    static List<byte[]> hostile() {
        List<byte[]> m = new ArrayList<>();
        m.add("hello, world".getBytes(StandardCharsets.UTF_8));               // garbage
        m.add(new byte[0]);                                                    // empty
        m.add(with(0, (b, o) -> b.put(o, (byte) 2)));                          // unknown version
        m.add(with(0, (b, o) -> b.put(o, (byte) -1)));                         // unknown version 255
        m.add(Arrays.copyOf(valid(), 40));                                     // truncated
        m.add(Arrays.copyOf(valid(), valid().length + 1));                     // a trailing byte
        m.add(with(26, (b, o) -> b.putDouble(o, Double.NaN)));                 // NaN scar
        m.add(with(26, (b, o) -> b.putDouble(o, -3.0)));                       // negative scar
        m.add(with(26, (b, o) -> b.putDouble(o, Double.POSITIVE_INFINITY)));   // infinite scar
        m.add(with(34, (b, o) -> b.putDouble(o, Double.NEGATIVE_INFINITY)));   // infinite momentum
        m.add(with(42, (b, o) -> b.putDouble(o, Double.NaN)));                 // NaN resistance
        m.add(with(1, (b, o) -> b.put(o, (byte) 9)));                          // unknown mode
        m.add(with(2, (b, o) -> b.putLong(o, -5L)));                           // negative time
        m.add(with(10, (b, o) -> b.putLong(o, Long.MIN_VALUE)));               // negative sequence
        m.add(with(18, (b, o) -> b.putLong(o, -1L)));                          // negative tick count
        m.add(withIds("evil", "r".repeat(RouteVector.MAX_ROUTE_ID_LENGTH + 1).getBytes(StandardCharsets.UTF_8)));
        m.add(withIds("evil", new byte[VectorCodec.MAX_ROUTE_BYTES + 1]));     // oversized in bytes
        m.add(withIds("evil", new byte[] {(byte) 0xC3, (byte) 0x28}));         // invalid UTF-8
        m.add(withIds("", "db".getBytes(StandardCharsets.UTF_8)));             // empty node id
        m.add(with(50, (b, o) -> b.putShort(o, (short) 0x7FFF)));              // node length past the end
        // Decodes, but timed a day after our clock: rejected by the instance, not the codec.
        m.add(with(2, (b, o) -> b.putLong(o, T0 + 86_400_000L)));
        return m;
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void hostileMessagesAreCountedAndIgnored(Engine engine) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startNew()) {
            ManualClock clock = new ManualClock(T0);
            RedisClient client = RedisClient.create(redis.uri());
            try (Atrion a = Atrion.builder().engine(engine).clock(clock).physics(RedisSharingTest.N1).autoTunerDisabled()
                    .stateProvider(RedisStateProvider.builder().uri(redis.uri()).nodeId("victim").build())
                    .stateSync(StateSyncConfig.defaults().withRemoteWeight(1.0)).build();
                 StatefulRedisConnection<String, byte[]> raw =
                         client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
                Await.synced(a);
                a.route("db", RedisSharingTest.CALM);
                assertEquals(0.0, a.state("db").orElseThrow().scar());
                List<byte[]> messages = hostile();
                for (byte[] m : messages) {
                    raw.sync().publish(RedisStateProvider.DEFAULT_CHANNEL, m);
                    assertEquals(0.0, a.route("db", RedisSharingTest.CALM).scar()); // never applied, never thrown
                }
                Await.until("every hostile message counted", () -> stats(a).rejected() == messages.size(),
                        () -> stats(a).toString());
                StateStats st = stats(a);
                assertEquals(0, st.merged());
                assertEquals(0.0, a.state("db").orElseThrow().scar());

                // The valid message it was mutated from is applied: the channel still works.
                raw.sync().publish(RedisStateProvider.DEFAULT_CHANNEL, valid());
                Await.until("the valid message", () -> stats(a).merged() == 1, () -> stats(a).toString());
                assertEquals(42.0, a.state("db").orElseThrow().scar());

                // A stored hash that does not decode is treated as absent, and counted.
                raw.sync().hset("atrion:route:broken", "v", "1".getBytes(StandardCharsets.UTF_8));
                raw.sync().hset("atrion:route:broken", "scar", "lots".getBytes(StandardCharsets.UTF_8));
                RedisStateProvider p = (RedisStateProvider) a.stateProvider().orElseThrow();
                long before = stats(a).rejected();
                assertTrue(p.get("broken").isEmpty());
                assertEquals(before + 1, stats(a).rejected());
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    private static StateStats stats(Atrion a) {
        return a.stateStats().orElseThrow();
    }
}
