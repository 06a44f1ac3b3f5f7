package io.atrion.web;

import io.atrion.ConfigKeys;
import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.VoltageTier;
import io.atrion.internal.engine.EngineParams;
import io.atrion.internal.physics.FdlibmMath;
import org.teavm.classlib.PlatformDetector;
import org.teavm.interop.Export;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;

/**
 * The browser entry point: TeaVM compiles this class, and everything it reaches in atrion-core,
 * to WebAssembly (Wasm GC) and to JavaScript. Every {@code @JSExport} method below is a function
 * of the generated module ({@code teavm/atrion-engine.wasm}, {@code teavm/atrion-engine.js});
 * {@code atrion.js} wraps them in a small object API, typed by {@code atrion.d.ts}.
 *
 * <p>The engine is {@link FlatEngine}: the FAST engine's layout for one thread, computing through
 * the JVM's own {@code Physics}, {@code AutoTuner} and {@code FdlibmMath}.
 *
 * <p>The API is shaped for a cheap boundary between JavaScript and WebAssembly: only numbers
 * cross it per call. A route id crosses once ({@link #handle}), and a handle names the engine
 * and the route; {@link #admit} returns the decision as a small integer and the state is read
 * by handle ({@link #resistance}, {@link #mode}, …). {@link #admitBatch} decides a whole batch
 * in one crossing: the caller writes handles, telemetry, voltages and times into typed arrays
 * that the module shares ({@link #batchArray}), and reads the decisions from another.
 *
 * <p>Not for use on the JVM (nothing stops it, but the JVM has {@code io.atrion.Atrion}).
 */
public final class AtrionWeb {

    /** Decision codes: bit 0 allow, bits 1–2 the mode ordinal, bits 3–4 the reason ordinal; -1 unknown handle. */
    static final int ALLOW = 1;
    static final int MODE_SHIFT = 1;
    static final int REASON_SHIFT = 3;
    static final int UNKNOWN_HANDLE = -1;

    /** A handle is {@code slot << ENGINE_BITS | engine}: up to 256 live engines of up to 2^23 routes. */
    static final int ENGINE_BITS = 8;
    static final int MAX_ENGINES = 1 << ENGINE_BITS;
    static final int MAX_ROUTES = 1 << (31 - ENGINE_BITS);

    // No static initializers here: the class then needs no initialization, and TeaVM's output
    // checks none on every exported call. Everything is created on first use instead.
    private static FlatEngine[] engines;
    private static Exchange exchange;

    // The configuration being staged by configSet() for the next create(); null: the defaults.
    private static ConfigKeys staged;
    private static String lastError;

    private AtrionWeb() {
    }

    // ------------------------------------------------------------------ configuration, engines

    /** Starts a new configuration with every SPEC default (AutoTuner on). */
    @JSExport
    public static void configReset() {
        staged = ConfigKeys.defaults();
    }

    /**
     * Stages one setting for the next {@link #create()}. Keys are those of {@link ConfigKeys}, the
     * replay header's (SPEC §8) as dotted paths: {@code config.baseResistance} …
     * {@code config.tanhScale}, {@code slo.baselineLatencyMs} … {@code slo.criticality.saturation},
     * {@code autoTuner} (1 on, 0 off) and {@code autoTuner.windowSize} …
     * {@code autoTuner.recoveryMultiplier}.
     *
     * @return false for an unknown key or a value not of its kind, e.g. a non-integer count (see
     *         {@link #lastError()}, which names the key); ranges are checked by {@link #create()}
     */
    @JSExport
    public static boolean configSet(String key, double value) {
        if (staged == null) {
            configReset();
        }
        try {
            staged.set(key, value);
            return true;
        } catch (IllegalArgumentException e) {
            lastError = e.getMessage();
            return false;
        }
    }

    /**
     * The staged value of a setting (the default unless {@link #configSet} changed it): a
     * number, 1/0 for {@code autoTuner}; NaN for an unknown key (see {@link #lastError()}).
     */
    @JSExport
    public static double configGet(String key) {
        if (staged == null) {
            configReset();
        }
        try {
            Object v = staged.get(key);
            return v instanceof Boolean ? ((Boolean) v ? 1 : 0) : ((Number) v).doubleValue();
        } catch (IllegalArgumentException e) {
            lastError = e.getMessage();
            return Double.NaN;
        }
    }

    /**
     * Builds an engine from the staged configuration (then starts a new one with the defaults).
     *
     * @return the engine's number (0–255; a released number is reused), or -1 when the
     *         configuration is invalid or 256 engines are live (see {@link #lastError()})
     */
    @JSExport
    public static int create() {
        if (staged == null) {
            configReset();
        }
        if (engines == null) {
            engines = new FlatEngine[MAX_ENGINES];
        }
        try {
            EngineParams params = new EngineParams(staged.physics(), staged.slo(), staged.autoTuner());
            for (int e = 0; e < MAX_ENGINES; e++) {
                if (engines[e] == null) {
                    engines[e] = new FlatEngine(params);
                    return e;
                }
            }
            lastError = MAX_ENGINES + " engines are live: release one first";
            return -1;
        } catch (IllegalArgumentException e) {
            lastError = e.getMessage();
            return -1;
        } finally {
            configReset();
        }
    }

    /** Frees an engine's state; its number (and so its handles) may be reused by a later {@link #create()}. */
    @JSExport
    public static void release(int engine) {
        if (engines != null && engine >= 0 && engine < MAX_ENGINES) {
            engines[engine] = null;
        }
    }

    /** The message of the last failed {@link #configSet}, {@link #create} or {@link #handle}. */
    @JSExport
    public static String lastError() {
        return lastError == null ? "" : lastError;
    }

    /**
     * The voltage of a tier (ordinal of {@code VoltageTier}: 0 critical, 1 high, 2 normal, 3 low,
     * 4 bulk) for this engine's physics: the SPEC §2.8 ladder anchored on R_base.
     */
    @JSExport
    public static double tierVoltage(int engine, int tier) {
        return VoltageTier.values()[tier].voltage(engines[engine].p.physics);
    }

    // ------------------------------------------------------------------ one call at a time

    /**
     * The handle of a route id in this engine, assigned on first use: {@code slot << 8 | engine}.
     * Creates the route with no state (its first {@link #admit} is its first update).
     *
     * @return the handle, or -1 for an empty id, an unknown engine or a full engine
     */
    @JSExport
    public static int handle(int engine, String routeId) {
        if (routeId == null || routeId.isEmpty()) {
            lastError = "routeId must be a non-empty string";
            return -1;
        }
        FlatEngine e = engine(engine);
        if (e == null) {
            lastError = "no engine " + engine;
            return -1;
        }
        if (e.routeCount() == MAX_ROUTES && e.find(routeId) < 0) {
            lastError = "engine " + engine + " is full: " + MAX_ROUTES + " routes";
            return -1;
        }
        return (e.slot(routeId) << ENGINE_BITS) | engine;
    }

    /**
     * One update of SPEC §2 of the route at {@code t} (epoch milliseconds, an integer of at most
     * 2^52; a fraction is truncated) and the decision for a request of voltage {@code voltage}.
     *
     * @return bit 0 allow, bits 1–2 the mode ordinal (BOOTSTRAP, OPERATIONAL, CIRCUIT_BREAKER),
     *         bits 3–4 the reason ordinal (OK, CIRCUIT_OPEN, INSUFFICIENT_VOLTAGE, INVALID_VOLTAGE);
     *         -1 for a handle no live engine knows
     */
    @JSExport
    @Export(name = "wasm.admit")
    public static int admit(int handle, double latencyMs, double errorRate, double saturation, double voltage,
                            double t) {
        FlatEngine e = engineOf(handle);
        int slot = handle >>> ENGINE_BITS;
        if (e == null || slot >= e.routeCount()) {
            return UNKNOWN_HANDLE;
        }
        int reason = e.update(slot, latencyMs, errorRate, saturation, voltage, millis(t));
        return code(e, slot, reason);
    }

    private static int code(FlatEngine e, int slot, int reason) {
        int mode = (int) e.field(slot, FlatEngine.MODE);
        return (reason == 0 ? ALLOW : 0) | (mode << MODE_SHIFT) | (reason << REASON_SHIFT);
    }

    /**
     * An empty call with {@link #admit}'s signature, for measuring what a crossing of the
     * boundary costs by itself.
     */
    @JSExport
    @Export(name = "wasm.crossing")
    public static int crossing(int handle, double latencyMs, double errorRate, double saturation, double voltage,
                               double t) {
        return handle;
    }

    // ------------------------------------------------------------------ readers by handle

    /** R of the route (1.2·R_base before its first update); NaN for an unknown handle. */
    @JSExport
    @Export(name = "wasm.resistance")
    public static double resistance(int handle) {
        return field(handle, FlatEngine.R);
    }

    /** S of the route; NaN for an unknown handle. */
    @JSExport
    @Export(name = "wasm.scar")
    public static double scar(int handle) {
        return field(handle, FlatEngine.S);
    }

    /** M of the route; NaN for an unknown handle. */
    @JSExport
    @Export(name = "wasm.momentum")
    public static double momentum(int handle) {
        return field(handle, FlatEngine.M);
    }

    /** The number of updates of the route (0: no state yet); NaN for an unknown handle. */
    @JSExport
    @Export(name = "wasm.tick")
    public static double tick(int handle) {
        return field(handle, FlatEngine.TICK);
    }

    /** The time of the route's latest update (meaningful once {@link #tick} &gt; 0). */
    @JSExport
    public static double lastUpdated(int handle) {
        return field(handle, FlatEngine.LAST);
    }

    /** The mode ordinal (BOOTSTRAP before the first update); -1 for an unknown handle. */
    @JSExport
    @Export(name = "wasm.mode")
    public static int mode(int handle) {
        double m = field(handle, FlatEngine.MODE);
        return m == m ? (int) m : -1;
    }

    /** The route's break point (SPEC §2.6, §2.7); NaN for an unknown handle. */
    @JSExport
    public static double breakPoint(int handle) {
        return known(handle) ? engineOf(handle).breakPoint(handle >>> ENGINE_BITS) : Double.NaN;
    }

    /** The route's recovery point; NaN for an unknown handle. */
    @JSExport
    public static double recoveryPoint(int handle) {
        return known(handle) ? engineOf(handle).recoveryPoint(handle >>> ENGINE_BITS) : Double.NaN;
    }

    /**
     * A decision counter of the route: 0–3 decisions by reason ordinal, 4 breaker openings,
     * 5 closings; NaN for an unknown handle.
     */
    @JSExport
    public static double counter(int handle, int which) {
        return which >= 0 && which < 6 ? field(handle, FlatEngine.COUNTS + which) : Double.NaN;
    }

    private static double field(int handle, int offset) {
        return known(handle) ? engineOf(handle).field(handle >>> ENGINE_BITS, offset) : Double.NaN;
    }

    /** True when a live engine has the handle's route. */
    private static boolean known(int handle) {
        FlatEngine e = engineOf(handle);
        return e != null && (handle >>> ENGINE_BITS) < e.routeCount();
    }

    // ------------------------------------------------------------------ batches and state export

    /**
     * Makes the shared batch arrays hold at least {@code capacity} calls (and the state array
     * {@code capacity} routes). Fetch the arrays again with {@link #batchArray} afterwards: a
     * larger capacity allocates new ones (and in WebAssembly may move the module's memory,
     * which empties every earlier view).
     *
     * @return the capacity now
     */
    @JSExport
    public static int batchCapacity(int capacity) {
        exchange().ensure(capacity);
        return exchange.capacity;
    }

    /**
     * One of the shared batch arrays: 0 handles (Int32Array), 1 latencyMs, 2 errorRate,
     * 3 saturation, 4 voltage, 5 t (Float64Array), 6 decisions (Int32Array, codes as
     * {@link #admit} returns them), 7 route state (Float64Array, see {@link #exportState}).
     */
    @JSExport
    public static JSObject batchArray(int which) {
        return exchange().view(which);
    }

    /**
     * Decides calls 0 … {@code count - 1} of the shared batch arrays in order, each exactly as
     * {@link #admit} would, and writes their codes to the decisions array: one crossing of the
     * boundary for the whole batch.
     *
     * @return how many were admitted, or -1 when {@code count} exceeds the capacity
     */
    @JSExport
    @Export(name = "wasm.admitBatch")
    public static int admitBatch(int count) {
        Exchange x = exchange;
        FlatEngine[] all = engines;
        if (x == null || all == null || count < 0 || count > x.capacity) {
            return -1;
        }
        x.load(count);
        int[] handles = x.handles;
        double[] lat = x.latency;
        double[] err = x.errorRate;
        double[] sat = x.saturation;
        double[] volt = x.voltage;
        double[] time = x.time;
        int[] out = x.decisions;
        int admitted = 0;
        for (int i = 0; i < count; i++) {
            int h = handles[i];
            FlatEngine e = all[h & (MAX_ENGINES - 1)];
            int slot = h >>> ENGINE_BITS;
            int code;
            if (h < 0 || e == null || slot >= e.routeCount()) {
                code = UNKNOWN_HANDLE;
            } else {
                int reason = e.update(slot, lat[i], err[i], sat[i], volt[i], millis(time[i]));
                code = code(e, slot, reason);
                admitted += code & ALLOW;
            }
            out[i] = code;
        }
        x.storeDecisions(count);
        return admitted;
    }

    /**
     * Writes the state of the engine's routes {@code first} … (at most the state array's
     * capacity) to the shared state array, {@link #stateFieldCount()} doubles per route in slot
     * order (a handle's slot is {@code handle >>> 8}), fields named by {@link #stateField}.
     *
     * @return the number of routes written
     */
    @JSExport
    public static int exportState(int engine, int first, int count) {
        FlatEngine e = engine(engine);
        if (e == null || first < 0) {
            return 0;
        }
        Exchange x = exchange();
        int n = e.exportState(first, Math.min(count, x.capacity), x.state, 0);
        x.storeState(n * FlatEngine.STATE_STRIDE);
        return n;
    }

    /** Doubles per route in the state array. */
    @JSExport
    public static int stateFieldCount() {
        return FlatEngine.STATE_STRIDE;
    }

    /** The name of field {@code i} of a route's state record, e.g. {@code "resistance"}. */
    @JSExport
    public static String stateField(int i) {
        return StateRecord.FIELDS[i];
    }

    /** Routes known to the engine (slots 0 … n-1); -1 for an unknown engine. */
    @JSExport
    public static int routeCount(int engine) {
        FlatEngine e = engine(engine);
        return e == null ? -1 : e.routeCount();
    }

    /** The names of the enums the codes carry: {@code kind} 0 Mode, 1 Reason; null past the end. */
    @JSExport
    public static String enumName(int kind, int ordinal) {
        Enum<?>[] values = kind == 0 ? Mode.values() : Reason.values();
        return ordinal >= 0 && ordinal < values.length ? values[ordinal].name() : null;
    }

    // ------------------------------------------------------------------ math audit

    /**
     * Math audit for the parity page: function {@code fn} (0 tanh, 1 exp, 2 log) of {@code x},
     * from the fdlibm port the physics uses ({@code fdlibm} true) or from TeaVM's own
     * {@code StrictMath} (false), which the physics avoids because it is not fdlibm.
     */
    @JSExport
    public static double math(int fn, boolean fdlibm, double x) {
        switch (fn) {
            case 0: return fdlibm ? FdlibmMath.tanh(x) : StrictMath.tanh(x);
            case 1: return fdlibm ? FdlibmMath.exp(x) : StrictMath.exp(x);
            case 2: return fdlibm ? FdlibmMath.log(x) : StrictMath.log(x);
            default: return Double.NaN;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The shared batch arrays (JavaScript reaches them through {@link #batchArray}). */
    static Exchange exchange() {
        if (exchange == null) {
            exchange = new Exchange();
        }
        return exchange;
    }

    /**
     * {@link FlatEngine#millis}. In WebAssembly the truncation is a cast to {@code long} (one
     * instruction each way) rather than {@code Math.floor}/{@code ceil}, which TeaVM imports from
     * JavaScript; in JavaScript it is the other way round, since a {@code long} is a BigInt there.
     */
    static double millis(double t) {
        if (PlatformDetector.isWebAssemblyGC()) {
            if (t >= FlatEngine.MAX_MILLIS) {
                return FlatEngine.MAX_MILLIS;
            }
            return t <= -FlatEngine.MAX_MILLIS ? -FlatEngine.MAX_MILLIS : (double) (long) t; // NaN → 0
        }
        return FlatEngine.millis(t);
    }

    private static FlatEngine engine(int engine) {
        return engines != null && engine >= 0 && engine < MAX_ENGINES ? engines[engine] : null;
    }

    static FlatEngine engineOf(int handle) {
        return handle < 0 || engines == null ? null : engines[handle & (MAX_ENGINES - 1)];
    }
}
