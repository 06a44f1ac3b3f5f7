package io.atrion.web;

import io.atrion.internal.engine.Admission;
import io.atrion.internal.engine.EngineParams;
import io.atrion.internal.physics.Physics;
import io.atrion.internal.tuning.AutoTuner;
import java.util.Arrays;

/**
 * The browser's engine: the FAST engine's data-oriented layout for a single thread, which TeaVM
 * compiles to WebAssembly and JavaScript. It computes the same doubles as the JVM's engines
 * through the same {@link Physics}, {@link AutoTuner} and {@link Admission} functions; only the
 * storage differs.
 *
 * <h2>Layout</h2>
 * Every route is one row of {@value #STRIDE} doubles in a single {@code double[]}, named by an
 * int slot; a route id is resolved to its slot once, by an open-addressing index. In the
 * JavaScript build a {@code double[]} is a {@code Float64Array}, in the Wasm GC build an
 * {@code f64} array: one typed column of numbers in both, with no object per route. Counts,
 * ticks and times are doubles too: Java's {@code long} is a {@code BigInt} in TeaVM's JavaScript
 * output, which costs an allocation per operation. Every value kept here is an integer far
 * below 2^53, where a double is exact (time stamps are limited to |t| &le; 2^52 ms by
 * {@link #millis}, so their differences are exact as well).
 *
 * <h2>Concurrency</h2>
 * None: a browser engine belongs to one thread (the page's or a worker's), so there are no locks
 * and no generations. Routes are never removed; the whole engine is dropped at once.
 *
 * <p>Internal to atrion-web; the JVM tests run it on the JVM against the replay traces.
 */
final class FlatEngine {

    // Row layout (offsets in doubles).
    static final int MODE = 0;      // Mode ordinal
    static final int TICK = 1;      // 0 until the first update
    static final int LAST = 2;      // lastUpdatedMillis
    static final int R = 3;
    static final int S = 4;
    static final int M = 5;
    static final int P_LAT = 6;     // previous pressure
    static final int P_ERR = 7;
    static final int P_SAT = 8;
    static final int T_MEAN = 9;    // AutoTuner EMA; its sample count is max(0, tick - N)
    static final int T_VAR = 10;
    static final int COUNTS = 11;   // decisions by Reason ordinal (4), then breaker openings, closings
    static final int OPENED = COUNTS + 4;
    static final int CLOSED = COUNTS + 5;
    static final int STRIDE = 17;

    /** Numbers per route in {@link #exportState}'s records, named by {@link StateRecord#FIELDS}. */
    static final int STATE_STRIDE = 14;

    /** Largest |t| accepted, in ms (≈ 142,700 years): differences of such times are exact doubles. */
    static final double MAX_MILLIS = 4503599627370496.0; // 2^52

    // Mode ordinals as compile-time constants (ModeReasonNamesTest checks them against Mode): this
    // class then has no static initializer, so TeaVM's output checks no class initialization on
    // the hot path.
    static final int BOOTSTRAP = 0;
    static final int OPERATIONAL = 1;
    static final int BREAKER = 2;
    private static final int MIN_INDEX = 16;

    /** The configuration, derived once (weights, baselines, static thresholds); read in place. */
    final EngineParams p;
    private final long warmupTicksLong;
    private double lastDeltaMs;
    private long lastDelta;

    private double[] rows = new double[64 * STRIDE];
    private String[] ids = new String[64];
    private int count;

    // Open-addressing index id → slot + 1 (0 = empty), linear probing, load ≤ 1/2.
    private String[] indexKeys = new String[MIN_INDEX];
    private int[] indexSlots = new int[MIN_INDEX];

    FlatEngine(EngineParams p) {
        this.p = p;
        this.warmupTicksLong = p.tunerWarmupTicks;
    }

    // ------------------------------------------------------------------ routes

    /** The slot of {@code routeId}, or -1 when the engine has no such route. */
    int find(String routeId) {
        int h = routeId.hashCode();
        int mask = indexKeys.length - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            String k = indexKeys[i];
            if (k == null) {
                return -1;
            }
            if (k.hashCode() == h && k.equals(routeId)) {
                return indexSlots[i] - 1;
            }
        }
    }

    /** The slot of {@code routeId}, created (with no state yet) on first use. */
    int slot(String routeId) {
        int known = find(routeId);
        if (known >= 0) {
            return known;
        }
        int slot = count;
        if (slot == ids.length) {
            ids = Arrays.copyOf(ids, slot * 2);
            rows = Arrays.copyOf(rows, slot * 2 * STRIDE);
        }
        count = slot + 1;
        ids[slot] = routeId;
        int b = slot * STRIDE;
        // §2.6: a new route starts in BOOTSTRAP with R = 1.2·R_base, S = 0, M = 0, tick 0; its
        // first update sets lastUpdated to that update's time, so it sees Δt = 0.
        rows[b + MODE] = BOOTSTRAP;
        rows[b + R] = p.bootstrapResistance;
        if ((count * 2) > indexKeys.length) {
            growIndex();
        }
        insert(indexKeys, indexSlots, routeId, slot);
        return slot;
    }

    /** Routes known to this engine (every slot below this is valid). */
    int routeCount() {
        return count;
    }

    String routeId(int slot) {
        return ids[slot];
    }

    private void growIndex() {
        String[] keys = new String[indexKeys.length * 2];
        int[] slots = new int[keys.length];
        for (int s = 0; s < count - 1; s++) {
            insert(keys, slots, ids[s], s);
        }
        indexKeys = keys;
        indexSlots = slots;
    }

    private static void insert(String[] keys, int[] slots, String id, int slot) {
        int mask = keys.length - 1;
        int i = spread(id.hashCode()) & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = id;
        slots[i] = slot + 1;
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x45d9f3b;
    }

    // ------------------------------------------------------------------ the update (SPEC §2)

    /**
     * One update of route {@code slot} at {@code now} (epoch ms, from {@link #millis}) and the
     * decision for a request of voltage {@code voltage}; returns the Reason ordinal. Step for
     * step the same as {@code FastEngine.update}.
     */
    int update(int slot, double latencyMs, double errorRate, double saturation, double voltage, double now) {
        double[] row = rows;
        int b = slot * STRIDE;
        // §2.2 normalization, non-finite components counting as 0 (§2.9).
        double pLat = Physics.pressure(Physics.sanitize(latencyMs), p.baselineLatency, p.tanhScale);
        double pErr = Physics.pressure(Physics.sanitize(errorRate), p.baselineError, p.tanhScale);
        double pSat = Physics.pressure(Physics.sanitize(saturation), p.baselineSaturation, p.tanhScale);

        double tick = row[b + TICK] + 1;
        row[b + TICK] = tick;
        // §2.9 clock going back: Δt = 0, lastUpdated keeps the later time. The first update has
        // no past: Δt = 0.
        double deltaMs = 0;
        if (tick == 1) {
            row[b + LAST] = now;
        } else if (now > row[b + LAST]) {
            deltaMs = now - row[b + LAST];
            row[b + LAST] = now;
        }
        int before = (int) row[b + MODE];

        if (before == BOOTSTRAP && tick < p.bootstrapTicks) {
            storePressure(row, b, pLat, pErr, pSat);
            int reason = Admission.decide(false, row[b + R], voltage).ordinal();
            row[b + COUNTS + reason] += 1;
            return reason;
        }

        long delta = deltaMillis(deltaMs);
        double momentum = before == BOOTSTRAP ? 0.0 : Physics.clampNonNegative(Physics.momentum(
                pLat - row[b + P_LAT], pErr - row[b + P_ERR], pSat - row[b + P_SAT], delta));

        double decay = Physics.decayFactor(p.decayRate, delta);
        double trauma = Physics.trauma(Physics.positiveNorm(pLat, pErr, pSat), p.criticalPressure, p.scarFactor);
        double scar = Physics.scar(row[b + S], decay, trauma);

        double weighted = Physics.weightedPressure(pLat, pErr, pSat, p.weightLatency, p.weightError,
                p.weightSaturation);
        double resistance = Physics.resistance(p.baseResistance, weighted, p.dampingFactor, momentum, scar);

        int after;
        if (before == BOOTSTRAP) {
            after = OPERATIONAL;
        } else {
            double breakPoint = p.staticBreakPoint;
            double recoveryPoint = p.staticRecoveryPoint;
            if (p.tunerEnabled) {
                double samplesBefore = tick - 1 - p.bootstrapTicks;
                double mean = row[b + T_MEAN];
                double variance = row[b + T_VAR];
                if (samplesBefore == 0) {
                    mean = resistance;
                    variance = 0.0;
                } else {
                    variance = AutoTuner.nextVariance(variance, mean, p.tunerAlpha, resistance);
                    mean = AutoTuner.nextMean(mean, p.tunerAlpha, resistance);
                }
                row[b + T_MEAN] = mean;
                row[b + T_VAR] = variance;
                breakPoint = tunedBreakPoint(samplesBefore + 1, mean, variance);
                recoveryPoint = AutoTuner.recoveryPoint(breakPoint, p.tunerMinFloor, p.tunerRecoveryMultiplier);
            }
            after = before;
            if (before == OPERATIONAL) {
                if (resistance >= breakPoint) {
                    after = BREAKER;
                    row[b + OPENED] += 1;
                }
            } else if ((scar < p.scarFactor && Physics.norm(pLat, pErr, pSat) < p.criticalPressure)
                    || resistance < recoveryPoint) {
                after = OPERATIONAL;
                row[b + CLOSED] += 1;
            }
        }

        row[b + R] = resistance;
        row[b + S] = scar;
        row[b + M] = momentum;
        row[b + MODE] = after;
        storePressure(row, b, pLat, pErr, pSat);
        int reason = Admission.decide(after == BREAKER, resistance, voltage).ordinal();
        row[b + COUNTS + reason] += 1;
        return reason;
    }

    /**
     * {@code (long) deltaMs}, remembered for the next call. The physics functions take Δt as a
     * {@code long}, which in TeaVM's JavaScript output is a {@code BigInt} that a conversion
     * allocates; Δt repeats from call to call at a steady request rate, so the last conversion
     * is reused (a compare in WebAssembly and on the JVM).
     */
    private long deltaMillis(double deltaMs) {
        if (deltaMs != lastDeltaMs) {
            lastDeltaMs = deltaMs;
            lastDelta = (long) deltaMs;
        }
        return lastDelta;
    }

    /**
     * {@code AutoTuner.breakPoint} after {@code samples} tuner samples. That function only
     * compares the count with the warm-up length, so every count from the warm-up length on is
     * passed as the warm-up length itself, a {@code long} converted once (see {@link #deltaMillis}):
     * the break point is the same double and no {@code BigInt} is made per update.
     */
    private double tunedBreakPoint(double samples, double mean, double variance) {
        long count = samples < p.tunerWarmupTicks ? (long) samples : warmupTicksLong;
        return AutoTuner.breakPoint(count, mean, variance, p.staticBreakPoint, p.tunerWarmupTicks, p.tunerSensitivity,
                p.tunerMinFloor, p.tunerHardCeiling);
    }

    private static void storePressure(double[] row, int b, double pLat, double pErr, double pSat) {
        row[b + P_LAT] = pLat;
        row[b + P_ERR] = pErr;
        row[b + P_SAT] = pSat;
    }

    /**
     * A time stamp as the engine takes it: the JVM engines take epoch milliseconds as a
     * {@code long}; here they are an integral double, truncated toward zero like a cast, NaN as 0,
     * and clamped to ±2^52.
     */
    static double millis(double t) {
        if (t >= 0) {
            return t < MAX_MILLIS ? Math.floor(t) : MAX_MILLIS;
        }
        if (t < 0) {
            return t > -MAX_MILLIS ? Math.ceil(t) : -MAX_MILLIS;
        }
        return 0.0;
    }

    // ------------------------------------------------------------------ readers

    /** Field {@code offset} of the route's row (R, S, M, MODE, TICK, LAST or a counter). */
    double field(int slot, int offset) {
        return rows[slot * STRIDE + offset];
    }

    /** The break point the route's next decision compares with (SPEC §2.6, §2.7). */
    double breakPoint(int slot) {
        int b = slot * STRIDE;
        if (!p.tunerEnabled) {
            return p.staticBreakPoint;
        }
        return tunedBreakPoint(Math.max(0.0, rows[b + TICK] - p.bootstrapTicks), rows[b + T_MEAN], rows[b + T_VAR]);
    }

    /** The recovery point that goes with {@link #breakPoint}. */
    double recoveryPoint(int slot) {
        return p.tunerEnabled
                ? AutoTuner.recoveryPoint(breakPoint(slot), p.tunerMinFloor, p.tunerRecoveryMultiplier)
                : p.staticRecoveryPoint;
    }

    /**
     * Writes the state of routes {@code first} … {@code first + n - 1} into {@code out} from
     * {@code offset}, {@value #STATE_STRIDE} doubles per route in the order of
     * {@link StateRecord#FIELDS}; a route with no update yet has mode -1. Returns the routes written.
     */
    int exportState(int first, int n, double[] out, int offset) {
        int end = Math.min(count, first + n);
        double[] row = rows;
        int o = offset;
        for (int slot = first; slot < end; slot++) {
            int b = slot * STRIDE;
            out[o] = row[b + TICK] == 0 ? -1 : row[b + MODE];
            out[o + 1] = row[b + TICK];
            out[o + 2] = row[b + LAST];
            out[o + 3] = row[b + R];
            out[o + 4] = row[b + S];
            out[o + 5] = row[b + M];
            out[o + 6] = breakPoint(slot);
            out[o + 7] = recoveryPoint(slot);
            for (int c = 0; c < 6; c++) {
                out[o + 8 + c] = row[b + COUNTS + c];
            }
            o += STATE_STRIDE;
        }
        return Math.max(0, end - first);
    }
}
