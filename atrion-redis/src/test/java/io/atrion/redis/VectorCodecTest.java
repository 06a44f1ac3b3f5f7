package io.atrion.redis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atrion.Mode;
import io.atrion.state.RouteVector;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire formats round-trip every field bit for bit, and the layout is the documented one. */
class VectorCodecTest {

    @Test
    void messageRoundTripsAndHasTheDocumentedLayout() throws Exception {
        RouteVector v = new RouteVector("GET /orders/é", 0.1 + 0.2, Double.MIN_VALUE, 1e6, Mode.CIRCUIT_BREAKER,
                123456789L, "web-7-4123-9f3a1c", 1_700_000_000_123L, 42);
        byte[] m = VectorCodec.encode(v);
        // 50 header bytes, 2 + 17 node bytes, 2 + 14 route bytes (é is two bytes in UTF-8)
        assertEquals(50 + 2 + 17 + 2 + 14, m.length);
        assertEquals(1, m[0]);
        assertEquals(2, m[1]);
        assertEquals(v, VectorCodec.decode(m));
        assertEquals(Double.doubleToRawLongBits(0.1 + 0.2), Double.doubleToRawLongBits(VectorCodec.decode(m).scar()));
    }

    @Test
    void hashRoundTripsExactly() throws Exception {
        RouteVector v = new RouteVector("db", 0.1 + 0.2, 1.0 / 3.0, 12.000000000000002, Mode.OPERATIONAL, 7, "n", 5, 6);
        Map<String, byte[]> h = VectorCodec.hashFields(v);
        assertEquals("0.30000000000000004", new String(h.get("scar"), StandardCharsets.UTF_8));
        assertEquals(v, VectorCodec.fromHash("db", h));
        assertEquals(null, VectorCodec.fromHash("db", Map.of()));
        h.put("mode", "SIDEWAYS".getBytes(StandardCharsets.UTF_8));
        assertThrows(VectorCodec.Malformed.class, () -> VectorCodec.fromHash("db", h));
    }

    @Test
    void everyHostileMessageIsMalformedExceptTheFutureOne() {
        java.util.List<byte[]> hostile = RedisHostileInputTest.hostile();
        for (int i = 0; i < hostile.size() - 1; i++) {
            byte[] m = hostile.get(i);
            assertThrows(VectorCodec.Malformed.class, () -> VectorCodec.decode(m), "message " + i);
        }
        byte[] future = hostile.get(hostile.size() - 1); // decodes; the instance rejects it by its clock
        assertEquals(RedisSharingTest.T0 + 86_400_000L, assertDoesNotThrow(() -> VectorCodec.decode(future)).updatedAtMillis());
    }

    @Test
    void globCharactersOfThePrefixAreEscaped() {
        assertEquals("a\\*b\\?c\\[d\\]e\\\\", RedisStateProvider.globEscape("a*b?c[d]e\\"));
    }
}
