package io.atrion.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import org.teavm.classlib.PlatformDetector;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Float64Array;
import org.teavm.jso.typedarrays.Int32Array;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * The arrays a batch crosses the boundary in: handles, the telemetry, voltages and times of each
 * call, the decisions, and the route-state records of {@link AtrionWeb#exportState}.
 *
 * <p>The engine works on Java arrays. In the JavaScript build a Java {@code int[]}/{@code double[]}
 * <em>is</em> an {@code Int32Array}/{@code Float64Array}, so the views handed to JavaScript are
 * the arrays themselves and nothing is copied. In the Wasm GC build Java arrays live in the GC
 * heap, which JavaScript cannot see; there each array has a twin in the module's linear memory
 * (a direct NIO buffer), JavaScript gets typed-array views of the twins, and a batch copies its
 * inputs from them and its decisions back in bulk inside the module (one pass over memory, no
 * crossing per element). {@code PlatformDetector} is a compile-time constant to TeaVM, so each
 * build keeps only its own branch.
 */
final class Exchange {

    static final int HANDLES = 0;
    static final int LATENCY = 1;
    static final int ERROR_RATE = 2;
    static final int SATURATION = 3;
    static final int VOLTAGE = 4;
    static final int TIME = 5;
    static final int DECISIONS = 6;
    static final int STATE = 7;

    /** Most calls in one batch (and routes in one state export): 8 MiB of inputs. */
    static final int MAX_CAPACITY = 1 << 17;

    int capacity;
    int[] handles = new int[0];
    double[] latency = new double[0];
    double[] errorRate = new double[0];
    double[] saturation = new double[0];
    double[] voltage = new double[0];
    double[] time = new double[0];
    int[] decisions = new int[0];
    double[] state = new double[0];

    // Wasm GC only: the twins in linear memory, in the order of the constants above.
    private IntBuffer handlesTwin;
    private DoubleBuffer[] doubleTwins;
    private IntBuffer decisionsTwin;
    private DoubleBuffer stateTwin;

    /** Grows every array to at least {@code n} calls (state: n routes), up to {@link #MAX_CAPACITY}. */
    void ensure(int n) {
        if (n <= capacity) {
            return;
        }
        int c = Math.min(MAX_CAPACITY, Math.max(n, Math.max(64, capacity * 2)));
        capacity = c;
        handles = new int[c];
        latency = new double[c];
        errorRate = new double[c];
        saturation = new double[c];
        voltage = new double[c];
        time = new double[c];
        decisions = new int[c];
        state = new double[c * FlatEngine.STATE_STRIDE];
        if (PlatformDetector.isWebAssemblyGC()) {
            // One block of linear memory for all twins. A Float64Array view must start at a
            // multiple of 8 bytes, and TeaVM's allocator aligns to 4: the block's own offset in
            // memory (asked of JavaScript) decides where the first 8-byte boundary is.
            int ints = align8(c * 4);
            int doubles = c * 8;
            ByteBuffer block = ByteBuffer.allocateDirect(8 + 2 * ints + 5 * doubles + state.length * 8);
            int at = (8 - (Int8Array.fromJavaBuffer(block).getByteOffset() & 7)) & 7;
            handlesTwin = slice(block, at, ints).asIntBuffer();
            at += ints;
            decisionsTwin = slice(block, at, ints).asIntBuffer();
            at += ints;
            doubleTwins = new DoubleBuffer[5];
            for (int i = 0; i < doubleTwins.length; i++) {
                doubleTwins[i] = slice(block, at, doubles).asDoubleBuffer();
                at += doubles;
            }
            stateTwin = slice(block, at, state.length * 8).asDoubleBuffer();
        }
    }

    private static int align8(int bytes) {
        return (bytes + 7) & ~7;
    }

    /** {@code bytes} bytes of {@code block} from {@code offset}, in the platform's byte order. */
    private static ByteBuffer slice(ByteBuffer block, int offset, int bytes) {
        ByteBuffer b = block.duplicate();
        b.position(offset).limit(offset + bytes);
        return b.slice().order(ByteOrder.nativeOrder());
    }

    /** The typed array JavaScript reads or writes for {@code which} (one of the constants). */
    JSObject view(int which) {
        if (PlatformDetector.isWebAssemblyGC()) {
            switch (which) {
                case HANDLES: return Int32Array.fromJavaBuffer(handlesTwin);
                case DECISIONS: return Int32Array.fromJavaBuffer(decisionsTwin);
                case STATE: return Float64Array.fromJavaBuffer(stateTwin);
                default: return Float64Array.fromJavaBuffer(doubleTwins[which - LATENCY]);
            }
        }
        switch (which) {
            case HANDLES: return Int32Array.fromJavaArray(handles);
            case LATENCY: return Float64Array.fromJavaArray(latency);
            case ERROR_RATE: return Float64Array.fromJavaArray(errorRate);
            case SATURATION: return Float64Array.fromJavaArray(saturation);
            case VOLTAGE: return Float64Array.fromJavaArray(voltage);
            case TIME: return Float64Array.fromJavaArray(time);
            case DECISIONS: return Int32Array.fromJavaArray(decisions);
            default: return Float64Array.fromJavaArray(state);
        }
    }

    /** Brings the first {@code count} calls JavaScript wrote into the arrays (Wasm GC: a bulk copy). */
    void load(int count) {
        if (PlatformDetector.isWebAssemblyGC()) {
            handlesTwin.get(0, handles, 0, count);
            doubleTwins[0].get(0, latency, 0, count);
            doubleTwins[1].get(0, errorRate, 0, count);
            doubleTwins[2].get(0, saturation, 0, count);
            doubleTwins[3].get(0, voltage, 0, count);
            doubleTwins[4].get(0, time, 0, count);
        }
    }

    /** Makes the first {@code count} decisions visible to JavaScript. */
    void storeDecisions(int count) {
        if (PlatformDetector.isWebAssemblyGC()) {
            decisionsTwin.put(0, decisions, 0, count);
        }
    }

    /** Makes the first {@code doubles} values of the state array visible to JavaScript. */
    void storeState(int doubles) {
        if (PlatformDetector.isWebAssemblyGC()) {
            stateTwin.put(0, state, 0, doubles);
        }
    }
}
