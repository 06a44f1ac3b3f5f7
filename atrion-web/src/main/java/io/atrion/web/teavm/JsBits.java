package io.atrion.web.teavm;

import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.DataView;

/**
 * The JavaScript build's versions of {@code FdlibmMath}'s bit-access helpers (see
 * {@link FdlibmBitsTransformer}), on 32-bit words through one {@code DataView} instead of a
 * 64-bit {@code long}, which TeaVM's JavaScript output makes a {@code BigInt}. A
 * {@code DataView} reads and writes big-endian unless told otherwise, so byte 0 starts the high
 * word on every platform.
 *
 * <p>Each returns exactly what the {@code long} version returns: the high word is bits 63–32;
 * {@code (long) hi << 32} has a zero low word; and adding {@code (long) k << 52} leaves the low
 * word alone (its low 32 bits are zero, so nothing carries into the high word from below) and
 * adds {@code k << 20} to the high word modulo 2^32, which is what the int addition does.
 * Single-threaded: a browser engine belongs to one thread.
 */
public final class JsBits {

    private static final DataView WORDS = new DataView(new ArrayBuffer(8));

    private JsBits() {
    }

    /** {@code (int) (Double.doubleToRawLongBits(x) >>> 32)}. */
    public static int highWord(double x) {
        WORDS.setFloat64(0, x);
        return WORDS.getInt32(0);
    }

    /** {@code Double.longBitsToDouble((long) hi << 32)}. */
    public static double fromHighWord(int hi) {
        WORDS.setInt32(0, hi);
        WORDS.setInt32(4, 0);
        return WORDS.getFloat64(0);
    }

    /** {@code Double.longBitsToDouble(Double.doubleToRawLongBits(y) + ((long) k << 52))}. */
    public static double addToExponent(double y, int k) {
        WORDS.setFloat64(0, y);
        WORDS.setInt32(0, WORDS.getInt32(0) + (k << 20));
        return WORDS.getFloat64(0);
    }
}
