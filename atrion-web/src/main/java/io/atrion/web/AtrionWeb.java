package io.atrion.web;

import io.atrion.AutoTunerConfig;
import io.atrion.PhysicsConfig;
import io.atrion.RouteDecision;
import io.atrion.RouteState;
import io.atrion.Slo;
import io.atrion.internal.engine.EngineParams;
import io.atrion.internal.engine.PhysicsEngine;
import io.atrion.internal.engine.ReferenceEngine;
import io.atrion.internal.physics.FdlibmMath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSExport;

/**
 * The browser entry point: TeaVM compiles this class, and everything it reaches in atrion-core,
 * to WebAssembly (Wasm GC) and to JavaScript. Every {@code @JSExport} method below is a function
 * of the generated module; {@code site/atrion.js} wraps them in a small object API.
 *
 * <p>The physics is the JVM's own: {@link ReferenceEngine} with its {@code Physics},
 * {@code AutoTuner} and {@code FdlibmMath}, compiled unchanged. (The FAST engine is built on
 * {@code VarHandle}, which TeaVM's class library does not have; a browser page is single-threaded,
 * so its lock-free rows would buy nothing here.)
 *
 * <p>The API is shaped for a cheap boundary between JavaScript and WebAssembly: only numbers
 * cross it per call. A route id crosses once ({@link #routeIndex}); a decision is returned as
 * packed flags and its doubles are read back with {@link #resistance()}, {@link #scar()},
 * {@link #momentum()}, {@link #tick()}. Everything runs on the page's one thread.
 *
 * <p>Not for use on the JVM (nothing stops it, but the JVM has {@code io.atrion.Atrion}).
 */
public final class AtrionWeb {

    /** Flags returned by {@link #route}: bit 0 allow, bits 1–2 mode ordinal, bits 3–4 reason ordinal. */
    static final int ALLOW = 1;
    static final int MODE_SHIFT = 1;
    static final int REASON_SHIFT = 3;

    private static final List<PhysicsEngine> ENGINES = new ArrayList<>();
    private static final List<List<String>> ROUTE_IDS = new ArrayList<>();
    private static final List<Map<String, Integer>> ROUTE_INDEX = new ArrayList<>();

    // The configuration being staged by configSet() for the next create().
    private static PhysicsConfig.Builder physics;
    private static Slo.Builder slo;
    private static AutoTunerConfig.Builder tuner;
    private static boolean tunerOn;
    private static String lastError = "";

    // The numbers of the last decision or state read.
    private static double lastResistance;
    private static double lastScar;
    private static double lastMomentum;
    private static double lastTick;
    private static double lastUpdated;
    private static double lastBreakPoint;
    private static double lastRecoveryPoint;

    static {
        configReset();
    }

    private AtrionWeb() {
    }

    /** Starts a new configuration with every SPEC default (AutoTuner on). */
    @JSExport
    public static void configReset() {
        physics = PhysicsConfig.builder();
        slo = Slo.builder();
        tuner = AutoTunerConfig.builder();
        tunerOn = true;
    }

    /**
     * Stages one setting for the next {@link #create()}. Keys are those of the replay header
     * (SPEC §8) as dotted paths: {@code config.baseResistance} … {@code config.tanhScale},
     * {@code slo.baselineLatencyMs}, {@code slo.maxAcceptableLatencyMs}, {@code slo.targetErrorRate},
     * {@code slo.criticality.latency|error|saturation}, {@code autoTuner} (0 off, else on) and
     * {@code autoTuner.windowSize} … {@code autoTuner.recoveryMultiplier}.
     *
     * @return false for an unknown key or a non-integer count (see {@link #lastError()}); ranges
     *         are checked by {@link #create()}
     */
    @JSExport
    public static boolean configSet(String key, double value) {
        try {
            return stage(key, value);
        } catch (IllegalArgumentException e) {
            lastError = key + ": " + e.getMessage();
            return false;
        }
    }

    private static boolean stage(String key, double value) {
        switch (key) {
            case "config.baseResistance": physics.baseResistance(value); break;
            case "config.decayRate": physics.decayRate(value); break;
            case "config.scarFactor": physics.scarFactor(value); break;
            case "config.dampingFactor": physics.dampingFactor(value); break;
            case "config.criticalPressure": physics.criticalPressure(value); break;
            case "config.breakMultiplier": physics.breakMultiplier(value); break;
            case "config.bootstrapTicks": physics.bootstrapTicks(toInt(value)); break;
            case "config.tanhScale": physics.tanhScale(value); break;
            case "slo.baselineLatencyMs": slo.baselineLatencyMs(value); break;
            case "slo.maxAcceptableLatencyMs": slo.maxAcceptableLatencyMs(value); break;
            case "slo.targetErrorRate": slo.targetErrorRate(value); break;
            case "slo.criticality.latency": slo.latencyCriticality(value); break;
            case "slo.criticality.error": slo.errorCriticality(value); break;
            case "slo.criticality.saturation": slo.saturationCriticality(value); break;
            case "autoTuner": tunerOn = value != 0; break;
            case "autoTuner.windowSize": tuner.windowSize(toInt(value)); break;
            case "autoTuner.sensitivity": tuner.sensitivity(value); break;
            case "autoTuner.minFloor": tuner.minFloor(value); break;
            case "autoTuner.hardCeiling": tuner.hardCeiling(value); break;
            case "autoTuner.warmupTicks": tuner.warmupTicks(toInt(value)); break;
            case "autoTuner.recoveryMultiplier": tuner.recoveryMultiplier(value); break;
            default:
                lastError = "unknown setting '" + key + "'";
                return false;
        }
        return true;
    }

    /**
     * Builds an engine from the staged configuration (then starts a new one with the defaults).
     *
     * @return the engine's number, or -1 when the configuration is invalid (see {@link #lastError()})
     */
    @JSExport
    public static int create() {
        try {
            EngineParams params = new EngineParams(physics.build(), slo.build(), tunerOn ? tuner.build() : null);
            ENGINES.add(new ReferenceEngine(params, false, null));
            ROUTE_IDS.add(new ArrayList<>());
            ROUTE_INDEX.add(new HashMap<>());
            return ENGINES.size() - 1;
        } catch (IllegalArgumentException e) {
            lastError = e.getMessage();
            return -1;
        } finally {
            configReset();
        }
    }

    /** Frees an engine's state; its number is not reused. */
    @JSExport
    public static void release(int engine) {
        ENGINES.set(engine, null);
        ROUTE_IDS.set(engine, null);
        ROUTE_INDEX.set(engine, null);
    }

    /** The message of the last failed {@link #configSet} or {@link #create}. */
    @JSExport
    public static String lastError() {
        return lastError;
    }

    /**
     * The number of a route id in this engine, assigned on first use; pass it to {@link #route}
     * and {@link #state}. Creates no route state (the first update does).
     *
     * @return the route number, or -1 for an empty id
     */
    @JSExport
    public static int routeIndex(int engine, String routeId) {
        if (routeId == null || routeId.isEmpty()) {
            lastError = "routeId must be a non-empty string";
            return -1;
        }
        Map<String, Integer> index = ROUTE_INDEX.get(engine);
        Integer known = index.get(routeId);
        if (known != null) {
            return known;
        }
        List<String> ids = ROUTE_IDS.get(engine);
        ids.add(routeId);
        index.put(routeId, ids.size() - 1);
        return ids.size() - 1;
    }

    /**
     * One update of SPEC §2 of route number {@code route} at {@code nowMs} (epoch milliseconds,
     * an integer below 2^53) and the decision for a request of voltage {@code voltage}.
     *
     * @return flags: bit 0 allow, bits 1–2 the mode ordinal (BOOTSTRAP, OPERATIONAL,
     *         CIRCUIT_BREAKER), bits 3–4 the reason ordinal (OK, CIRCUIT_OPEN,
     *         INSUFFICIENT_VOLTAGE, INVALID_VOLTAGE); R, S, M and the tick count are then read
     *         with {@link #resistance()}, {@link #scar()}, {@link #momentum()}, {@link #tick()}
     */
    @JSExport
    public static int route(int engine, int route, double latencyMs, double errorRate, double saturation,
                            double voltage, double nowMs) {
        RouteDecision d = ENGINES.get(engine).route(ROUTE_IDS.get(engine).get(route), latencyMs, errorRate,
                saturation, voltage, (long) nowMs);
        lastResistance = d.resistance();
        lastScar = d.scar();
        lastMomentum = d.momentum();
        lastTick = d.tickCount();
        return (d.allowed() ? ALLOW : 0) | (d.mode().ordinal() << MODE_SHIFT) | (d.reason().ordinal() << REASON_SHIFT);
    }

    /**
     * Reads a route's state without updating it.
     *
     * @return the mode ordinal, or -1 when the route has no state yet; R, S, M, tick, last update,
     *         break and recovery points are then read with the getters
     */
    @JSExport
    public static int state(int engine, int route) {
        RouteState s = ENGINES.get(engine).state(ROUTE_IDS.get(engine).get(route));
        if (s == null) {
            return -1;
        }
        lastResistance = s.resistance();
        lastScar = s.scar();
        lastMomentum = s.momentum();
        lastTick = s.tickCount();
        lastUpdated = s.lastUpdatedMillis();
        lastBreakPoint = s.breakPoint();
        lastRecoveryPoint = s.recoveryPoint();
        return s.mode().ordinal();
    }

    /**
     * {@code count} updates of route number {@code route}, each at voltage {@code voltage} and
     * one millisecond after the previous, from {@code startMs}; returns how many were admitted.
     * Runs the whole loop inside the module, so it measures the engine without the per-call
     * crossing from JavaScript.
     */
    @JSExport
    public static int routeRepeated(int engine, int route, double latencyMs, double errorRate, double saturation,
                                    double voltage, double startMs, int count) {
        PhysicsEngine e = ENGINES.get(engine);
        String id = ROUTE_IDS.get(engine).get(route);
        long t = (long) startMs;
        int admitted = 0;
        for (int i = 0; i < count; i++) {
            if (e.route(id, latencyMs, errorRate, saturation, voltage, t + i).allowed()) {
                admitted++;
            }
        }
        return admitted;
    }

    /** R of the last decision or state read. */
    @JSExport
    public static double resistance() {
        return lastResistance;
    }

    /** S of the last decision or state read. */
    @JSExport
    public static double scar() {
        return lastScar;
    }

    /** M of the last decision or state read. */
    @JSExport
    public static double momentum() {
        return lastMomentum;
    }

    /** The tick count of the last decision or state read. */
    @JSExport
    public static double tick() {
        return lastTick;
    }

    /** The last update time of the last state read. */
    @JSExport
    public static double lastUpdated() {
        return lastUpdated;
    }

    /** The break point of the last state read. */
    @JSExport
    public static double breakPoint() {
        return lastBreakPoint;
    }

    /** The recovery point of the last state read. */
    @JSExport
    public static double recoveryPoint() {
        return lastRecoveryPoint;
    }

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

    private static int toInt(double value) {
        int i = (int) value;
        if (i != value) {
            throw new IllegalArgumentException("expected an integer, got " + value);
        }
        return i;
    }
}
