package io.atrion.redis;

import io.atrion.Mode;
import io.atrion.state.RouteVector;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire formats of {@link RedisStateProvider}: the binary message published on the channel and
 * the fields of a route's hash. Decoding is strict and never throws anything but
 * {@link Malformed}, whose message says what was wrong (never echoing the input).
 *
 * <h2>Channel message, version 1</h2>
 * Big-endian, fixed header then two length-prefixed UTF-8 strings; the message length must match
 * exactly.
 * <pre>
 * offset  size  field
 *  0       1    version (1)
 *  1       1    mode ordinal: 0 BOOTSTRAP, 1 OPERATIONAL, 2 CIRCUIT_BREAKER
 *  2       8    updatedAtMillis (int64, epoch ms of the node's clock)
 * 10       8    sequence (int64, per node)
 * 18       8    tickCount (int64)
 * 26       8    scar (IEEE 754 binary64)
 * 34       8    momentum (binary64, per ms)
 * 42       8    resistance (binary64, ohms)
 * 50       2    n = node id length in bytes (uint16)
 * 52       n    node id (UTF-8)
 * 52+n     2    m = route id length in bytes (uint16)
 * 54+n     m    route id (UTF-8)
 * </pre>
 * 54 bytes plus the two ids; at most {@value #MAX_MESSAGE_BYTES}. A receiver drops (and counts) a
 * message with another version, a wrong length, an unknown mode, invalid UTF-8, or a field that
 * {@link RouteVector} refuses (non-finite or negative numbers, an empty or oversized id).
 *
 * <h2>Route hash</h2>
 * Key {@code <keyPrefix><routeId>}; fields as text: {@code v} (format version, 1), {@code t},
 * {@code node}, {@code seq}, {@code scar}, {@code momentum}, {@code resistance}, {@code mode}
 * (name), {@code tick}. Doubles are written with {@link Double#toString} and read back to the same
 * bits, so {@code redis-cli HGETALL} shows readable numbers.
 */
final class VectorCodec {

    static final byte VERSION = 1;
    static final int HEADER_BYTES = 50;
    static final int MAX_NODE_BYTES = RouteVector.MAX_NODE_ID_LENGTH * 3;
    static final int MAX_ROUTE_BYTES = RouteVector.MAX_ROUTE_ID_LENGTH * 3;
    static final int MAX_MESSAGE_BYTES = HEADER_BYTES + 2 + MAX_NODE_BYTES + 2 + MAX_ROUTE_BYTES;
    private static final Mode[] MODES = Mode.values();

    private VectorCodec() {
    }

    /** A message or hash that is not a valid route vector. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    static byte[] encode(RouteVector v) {
        byte[] node = v.nodeId().getBytes(StandardCharsets.UTF_8);
        byte[] route = v.routeId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 2 + node.length + 2 + route.length);
        b.put(VERSION).put((byte) v.mode().ordinal()).putLong(v.updatedAtMillis()).putLong(v.sequence())
                .putLong(v.tickCount()).putDouble(v.scar()).putDouble(v.momentum()).putDouble(v.resistance())
                .putShort((short) node.length).put(node).putShort((short) route.length).put(route);
        return b.array();
    }

    static RouteVector decode(byte[] message) throws Malformed {
        if (message == null || message.length == 0) {
            throw new Malformed("empty message");
        }
        if (message[0] != VERSION) {
            throw new Malformed("unknown version " + (message[0] & 0xFF));
        }
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new Malformed("message of " + message.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(message);
            b.get();
            int mode = b.get();
            long t = b.getLong();
            long seq = b.getLong();
            long tick = b.getLong();
            double scar = b.getDouble();
            double momentum = b.getDouble();
            double resistance = b.getDouble();
            String node = string(b, MAX_NODE_BYTES, "node id");
            String route = string(b, MAX_ROUTE_BYTES, "route id");
            if (b.hasRemaining()) {
                throw new Malformed(b.remaining() + " trailing bytes");
            }
            if (mode < 0 || mode >= MODES.length) {
                throw new Malformed("unknown mode " + mode);
            }
            return vector(route, scar, momentum, resistance, MODES[mode], tick, node, t, seq);
        } catch (BufferUnderflowException e) {
            throw new Malformed("truncated message of " + message.length + " bytes");
        }
    }

    private static String string(ByteBuffer b, int maxBytes, String what) throws Malformed {
        int n = Short.toUnsignedInt(b.getShort());
        if (n > maxBytes) {
            throw new Malformed(what + " of " + n + " bytes exceeds " + maxBytes);
        }
        if (n > b.remaining()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer slice = b.slice();
        slice.limit(n);
        b.position(b.position() + n);
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = d.decode(slice);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new Malformed(what + " is not valid UTF-8");
        }
    }

    private static RouteVector vector(String route, double scar, double momentum, double resistance, Mode mode,
                                      long tick, String node, long t, long seq) throws Malformed {
        try {
            return new RouteVector(route, scar, momentum, resistance, mode, tick, node, t, seq);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Malformed(e.getMessage());
        }
    }

    /** The hash fields of a vector, in a fixed order. */
    static Map<String, byte[]> hashFields(RouteVector v) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("v", text(Byte.toString(VERSION)));
        f.put("t", text(Long.toString(v.updatedAtMillis())));
        f.put("node", text(v.nodeId()));
        f.put("seq", text(Long.toString(v.sequence())));
        f.put("scar", text(Double.toString(v.scar())));
        f.put("momentum", text(Double.toString(v.momentum())));
        f.put("resistance", text(Double.toString(v.resistance())));
        f.put("mode", text(v.mode().name()));
        f.put("tick", text(Long.toString(v.tickCount())));
        return f;
    }

    /** A route hash read back, or null when the hash is empty (no such route). */
    static RouteVector fromHash(String routeId, Map<String, byte[]> h) throws Malformed {
        if (h == null || h.isEmpty()) {
            return null;
        }
        if (!"1".equals(field(h, "v"))) {
            throw new Malformed("route hash of unknown version");
        }
        try {
            Mode mode = Mode.valueOf(field(h, "mode"));
            return vector(routeId, Double.parseDouble(field(h, "scar")), Double.parseDouble(field(h, "momentum")),
                    Double.parseDouble(field(h, "resistance")), mode, Long.parseLong(field(h, "tick")),
                    field(h, "node"), Long.parseLong(field(h, "t")), Long.parseLong(field(h, "seq")));
        } catch (IllegalArgumentException e) { // NumberFormatException, unknown mode name
            throw new Malformed("route hash with a malformed field");
        }
    }

    private static String field(Map<String, byte[]> h, String name) throws Malformed {
        byte[] b = h.get(name);
        if (b == null) {
            throw new Malformed("route hash without field " + name);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
