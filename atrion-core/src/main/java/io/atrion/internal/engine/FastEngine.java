package io.atrion.internal.engine;

import io.atrion.MillisClock;
import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.RouteCounters;
import io.atrion.RouteDecision;
import io.atrion.RouteHandle;
import io.atrion.RouteReading;
import io.atrion.RouteState;
import io.atrion.internal.physics.Physics;
import io.atrion.internal.tuning.AutoTuner;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The data-oriented engine (SPEC.md §7): the same doubles as {@link ReferenceEngine}, from
 * state kept in primitive rows and updated without allocation.
 *
 * <h2>Layout</h2>
 * Each route owns one row of {@value #STRIDE} longs (80 bytes) in a page of {@value #PAGE_ROWS}
 * rows; doubles are stored as their raw bits. A slot number names the row. Word {@link #LOCK}
 * holds the row's sequence lock and, in its low bits, the mode and workload profile; R is not
 * stored but computed from the row's pressure, momentum and scar when read ({@link #resistanceOf}:
 * the same expression the update evaluates, so the same double). One packed row per route touches
 * two cache lines per update, where separate columns touched twelve (docs/notes/jvm-hot-path.md
 * measured 137 vs 163 ns at 1k routes, 419 vs 864 ns at 1M). Pages are never copied: the engine
 * grows by adding pages, so a resize copies only the page directory. {@link RouteIndex} maps ids
 * to slots and keeps each slot's id (4 bytes a route); with its table, a route costs about 92
 * bytes at 1,000,000 routes (docs/BENCHMARKS.md).
 *
 * <h2>Concurrency</h2>
 * The lock word is a sequence lock ({@link RowLock}, which states the protocol and whose jcstress
 * tests check it). Writers of one route are serialized by it with no lost update; rows of
 * different routes have different lock words, so different routes never contend on a lock (they
 * may share a cache line at a page boundary, never a lock). A reader takes no lock: it reads the
 * version, the fields, and validates the version; equal and even means no write overlapped, so
 * the snapshot is never a torn mix of two updates. Single words read without the lock (a
 * handle's mode or tick) go through {@link RowLock#lvWord}. A handle's lock-free decision
 * remembers the breaker and R it read with the row's version and tick, and reuses them while the
 * row's version and tick are still those ({@link #decide}; docs/CONCURRENCY.md).
 *
 * <p>Removal clears the slot's id in the index and frees the slot for reuse. A caller holding the
 * slot from before — a stale index read, a handle, a queued publication — checks under the row's
 * lock that the slot is still its id's ({@link #holds}) and otherwise resolves the id again, so an
 * update never lands on a route that has since been removed or on another id's route.
 *
 * <h2>Math</h2>
 * Every expression is the shared {@link Physics}/{@link AutoTuner} formula, the same code the
 * reference engine runs; the transcendental functions inside are {@code FdlibmMath}'s.
 *
 * <p>Internal: not part of the public API.
 */
public final class FastEngine implements PhysicsEngine {

    // Row layout (long offsets): 10 longs, 80 bytes.
    /**
     * The row's sequence lock in the high 32 bits ({@link RowLock}: even = free), the workload
     * profile in bits 8..23 and the mode in bits 0..7. The mode lives in the lock word so that a
     * row needs no word of its own for it; the holder changes those bits while the word is odd.
     */
    static final int LOCK = 0;
    /** The mode and profile are the low bits of the lock word. */
    static final int MODE_GEN = LOCK;
    static final int TICK = 1;
    static final int LAST = 2;      // lastUpdatedMillis
    static final int S = 3;         // doubles as raw bits from here on
    static final int M = 4;
    static final int P_LAT = 5;     // previous pressure
    static final int P_ERR = 6;
    static final int P_SAT = 7;
    static final int T_MEAN = 8;    // AutoTuner EMA; its sample count is max(0, tick - N)
    static final int T_VAR = 9;
    static final int STRIDE = 10;
    /*
     * Not stored: R. It is a function of the row (SPEC §2.5): 1.2·R_base in BOOTSTRAP, else
     * max(R_base, R_base + P·W + μ·M + S) clamped, from the stored P, M and S, which every writer of
     * R computed it from (the update, a merged remote scar, a lease's outcome scar). Recomputing it
     * with the same expression gives the same double ({@link #resistanceOf}).
     */

    static final int PAGE_SHIFT = 10;
    static final int PAGE_ROWS = 1 << PAGE_SHIFT;
    static final int PAGE_MASK = PAGE_ROWS - 1;

    private static final VarHandle CACHE_SEQ;

    static {
        try {
            CACHE_SEQ = MethodHandles.lookup().findVarHandle(Handle.class, "cacheSeq", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int BOOTSTRAP = Mode.BOOTSTRAP.ordinal();
    private static final int OPERATIONAL = Mode.OPERATIONAL.ordinal();
    private static final int BREAKER = Mode.CIRCUIT_BREAKER.ordinal();
    private static final int OK = Reason.OK.ordinal();

    /**
     * The configuration, read through this field at each use. An earlier version kept 23 copies
     * of its fields as final fields of the engine ("one dependent load fewer per use"); measured
     * on 2026-11-30 against a build without them (min of rounds, 1,000 routes, two alternations:
     * 87.1 / 84.4 ns per update with the copies, 85.5 / 90.5 ns without), they did not pay, so
     * they went (issue 11: one source of truth for configuration).
     */
    private final EngineParams params;

    /**
     * e^(−λ·Δt/1000) for Δt = 0 … {@value #DECAY_TABLE_SIZE} − 1 ms, each entry computed by
     * {@link Physics#decayFactor} at construction: exact memoization of the one exp of an update
     * (8 KB; filling it costs about 1,024 exp calls once). Steady traffic updates a route every few
     * ms to a few hundred ms, so nearly every update finds its Δt here.
     */
    private final double[] decayTable = new double[DECAY_TABLE_SIZE];
    static final int DECAY_TABLE_SIZE = 1024;

    /** Null when no observer is configured. */
    private final EventSink events;
    private final boolean countDecisions;
    /** Null when no state provider is attached (SPEC §5); then nothing below is touched. */
    private final StateSink sync;
    /**
     * With a state provider: {@value #SYNC_WORDS} longs per route in pages parallel to
     * {@link #pages} — word 0 is 1 while the route waits in the sink's queue, word 1 counts the
     * updates coalesced into that wait. Read and written only under the row's lock (by callers
     * and by the publisher thread), so plain accesses suffice.
     */
    private volatile long[][] syncPages = new long[0][];
    static final int SYNC_WORDS = 2;

    private final RouteIndex index = new RouteIndex();
    /** Route listeners' events; its snapshot (index.keys) takes the index monitor, as changes do. */
    private final RouteLifecycle lifecycle = new RouteLifecycle(this::routeIds);
    /** Page directory; replaced (never mutated in place) when a page is added. */
    private volatile long[][] pages = new long[0][];
    /**
     * Decision counters, {@value #COUNTERS} longs per route (Reason ordinals, opened, closed,
     * probes), in pages parallel to {@link #pages}; only when counting (they would add 56 B per
     * route). Written and read under the row's lock.
     */
    private volatile long[][] counterPages = new long[0][];
    static final int COUNTERS = 7;
    private static final int OPENED = 4;
    private static final int CLOSED = 5;
    private static final int PROBES = 6;
    // Slot allocation, guarded by the index monitor (allocation happens inside getOrInsert).
    private int nextSlot;
    private int[] freeSlots = new int[16];
    private int freeCount;

    /**
     * @param countDecisions keep per-route decision counters
     * @param events         where each update is reported, or null
     */
    public FastEngine(EngineParams p, boolean countDecisions, EventSink events) {
        this(p, countDecisions, events, null);
    }

    /**
     * @param countDecisions keep per-route decision counters
     * @param events         where each update is reported, or null
     * @param sync           where updated routes are queued for a state provider, or null
     */
    public FastEngine(EngineParams p, boolean countDecisions, EventSink events, StateSink sync) {
        this.params = p;
        this.countDecisions = countDecisions;
        this.events = events;
        this.sync = sync;
        for (int deltaMs = 0; deltaMs < DECAY_TABLE_SIZE; deltaMs++) {
            decayTable[deltaMs] = Physics.decayFactor(p.decayRate, deltaMs);
        }
    }

    // ------------------------------------------------------------------ public engine surface

    @Override
    public RouteDecision route(String routeId, double latencyMs, double errorRate, double saturation,
                               double voltage, long nowMillis) {
        long locked = updateLocked(routeId, latencyMs, errorRate, saturation, voltage, nowMillis);
        int slot = (int) (locked >>> 8);
        long[] page = pages[slot >>> PAGE_SHIFT];
        int b = (slot & PAGE_MASK) * STRIDE;
        // Copied under the lock (the decision reports this update, not a later one); the record is
        // built after the unlock, so a second thread on the route does not wait for an
        // allocation. This method is kept small (the update is out of line) so that C2 inlines it
        // into the caller, where escape analysis can drop the record when only allowed() is read.
        int reason = (int) locked & 0xFF;
        int mode = modeOf(page[b + MODE_GEN]);
        double r = resistanceOf(page, b);
        long s = page[b + S];
        long m = page[b + M];
        long tick = page[b + TICK];
        unlock(page, b);
        return new RouteDecision(routeId, reason == OK, Reason.ofOrdinal(reason), Mode.ofOrdinal(mode), r, d(s),
                d(m), tick);
    }

    @Override
    public int admit(String routeId, double latencyMs, double errorRate, double saturation, double voltage,
                     long nowMillis) {
        long locked = updateLocked(routeId, latencyMs, errorRate, saturation, voltage, nowMillis);
        int slot = (int) (locked >>> 8);
        unlock(pages[slot >>> PAGE_SHIFT], (slot & PAGE_MASK) * STRIDE);
        return (int) locked & 0xFF;
    }

    /**
     * Updates the route of {@code routeId} (created when absent) and returns
     * {@code (slot << 8) | reason ordinal} with the row <em>still locked</em>: the caller copies
     * what it reports and unlocks it. The pressures depend only on the inputs, so they are
     * computed before the lock, which is then held for the row's part of the update alone (the
     * three tanh are half of an update); the latency pressure at the STANDARD profile's baseline,
     * which {@link #update} recomputes for a route with another workload profile (SPEC §4).
     */
    private long updateLocked(String routeId, double latencyMs, double errorRate, double saturation, double voltage,
                              long nowMillis) {
        double pLat = latencyPressure(latencyMs);
        double pErr = errorPressure(errorRate);
        double pSat = saturationPressure(saturation);
        long packed = lockRoute(routeId, index.get(routeId), nowMillis);
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        int reason = update(page, b, slot(packed), routeId, latencyMs, pLat, pErr, pSat, voltage, nowMillis);
        return ((long) slot(packed) << 8) | reason;
    }

    /**
     * Locks the row of {@code routeId} and returns its slot: {@code packed} when it is still the
     * id's, else the id resolved again (creating the route when absent).
     */
    private long lockRoute(String routeId, long packed, long nowMillis) {
        while (true) {
            if (packed == RouteIndex.ABSENT) {
                packed = create(routeId, nowMillis);
            }
            long[] page = pages[slot(packed) >>> PAGE_SHIFT];
            int b = (slot(packed) & PAGE_MASK) * STRIDE;
            lock(page, b);
            if (holds(packed, routeId)) {
                return packed;
            }
            unlock(page, b);
            packed = index.get(routeId); // removed (and maybe recreated) meanwhile: resolve again
        }
    }

    @Override
    public RouteState state(String routeId) {
        long packed = index.get(routeId);
        return packed == RouteIndex.ABSENT ? null : snapshot(routeId, packed);
    }

    @Override
    public RouteCounters counters(String routeId) {
        if (!countDecisions) {
            return null;
        }
        long packed = index.get(routeId);
        if (packed == RouteIndex.ABSENT) {
            return null;
        }
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        long[] c = counterPages[slot(packed) >>> PAGE_SHIFT];
        int cb = (slot(packed) & PAGE_MASK) * COUNTERS;
        lock(page, b); // counters are few reads; the lock makes them one consistent set
        try {
            if (!holds(packed, routeId) || page[b + TICK] == 0) {
                return null;
            }
            return new RouteCounters(c[cb], c[cb + 1], c[cb + 2], c[cb + 3], c[cb + OPENED], c[cb + CLOSED],
                    c[cb + PROBES]);
        } finally {
            unlock(page, b);
        }
    }

    @Override
    public List<String> routeIds() {
        List<String> ids = index.keys();
        Collections.sort(ids);
        return Collections.unmodifiableList(ids);
    }

    @Override
    public boolean remove(String routeId) {
        synchronized (index) {
            long packed = index.remove(routeId);
            if (packed == RouteIndex.ABSENT) {
                return false;
            }
            int slot = slot(packed);
            long[] page = pages[slot >>> PAGE_SHIFT];
            int b = (slot & PAGE_MASK) * STRIDE;
            // The index cleared the slot's id, which invalidates the slot wherever a caller still
            // holds it (holds() fails); locking the row publishes that, and removedAny, to the next
            // holder of the row and to the next reader of its version.
            removedAny = true;
            lock(page, b);
            page[b + LOCK] = (page[b + LOCK] & RowLock.SEQUENCE_MASK) | BOOTSTRAP;
            unlock(page, b);
            if (freeCount == freeSlots.length) {
                freeSlots = java.util.Arrays.copyOf(freeSlots, freeCount * 2);
            }
            freeSlots[freeCount++] = slot;
            lifecycle.removed(routeId);
            return true;
        }
    }

    @Override
    public int routeCount() {
        return index.size();
    }

    @Override
    public RouteHandle handle(String routeId, MillisClock clock) {
        return new Handle(routeId, clock);
    }

    /**
     * A loop of the handle path at one timestamp. A columnar version (blocks of 64 routes in
     * passes: pressures, optimistic seqlock snapshots, the arithmetic over columns, commit by CAS)
     * was built and measured on 2026-11-30: 5–8 % slower than this loop at 1,000 and 100,000
     * routes (docs/BENCHMARKS.md, issue 15). Half of an update is its three fdlibm tanh, which
     * no reordering shares between routes, and the CPU already overlaps successive updates.
     */
    @Override
    public void admitBatch(RouteHandle[] handles, int count, double[] latencyMs, double[] errorRate,
                           double[] saturation, double[] voltage, long nowMillis, boolean[] allowedOut) {
        for (int i = 0; i < count; i++) {
            allowedOut[i] = admit(own(handles[i]), latencyMs[i], errorRate[i], saturation[i], voltage[i], nowMillis,
                    false) == OK;
        }
    }

    @Override
    public EngineParams params() {
        return params;
    }

    @Override
    public RouteLifecycle lifecycle() {
        return lifecycle;
    }

    /** Bytes of route state and index held by this engine (ids excluded), for the memory benchmark. */
    public long footprintBytes(int referenceBytes, int arrayHeaderBytes) {
        long[][] p = pages;
        long rows = (long) p.length * (PAGE_ROWS * (long) STRIDE * Long.BYTES + arrayHeaderBytes + referenceBytes);
        return rows + index.footprintBytes(referenceBytes, arrayHeaderBytes) + 2L * arrayHeaderBytes;
    }

    // ------------------------------------------------------------------ the update (SPEC §2)

    /**
     * One update of the row at {@code b}, the caller holding its lock, from the pressures of the
     * telemetry ({@link #latencyPressure} and its siblings); returns the reason ordinal. Step for
     * step the same as {@code ReferenceRoute.update}.
     */
    private int update(long[] row, int b, int slot, String routeId, double latencyMs, double pLat, double pErr,
                       double pSat, double voltage, long now) {
        // §4: the route's profile sets its latency baseline and σ. The caller computed pLat at the
        // STANDARD baseline (profile 0, the common case) before taking the lock.
        int profile = profileOf(row[b + MODE_GEN]);
        if (profile != 0) {
            pLat = Physics.pressure(Physics.sanitize(latencyMs), latencyBaselineOf(profile), params.tanhScale);
        }

        // §2.9 clock going back: Δt = 0, lastUpdated keeps the later time.
        long last = row[b + LAST];
        long deltaMs = 0;
        if (now > last) {
            deltaMs = now - last;
            if (deltaMs < 0) {
                deltaMs = Long.MAX_VALUE;
            }
            row[b + LAST] = now;
        }

        long tick = row[b + TICK] + 1;
        row[b + TICK] = tick;
        long modeGen = row[b + MODE_GEN];
        int before = modeOf(modeGen);

        if (before == BOOTSTRAP && tick < params.bootstrapTicks) {
            storePressure(row, b, pLat, pErr, pSat);
            int reason = Admission.decide(false, params.bootstrapResistance, voltage).ordinal(); // R in BOOTSTRAP
            if (countDecisions || events != null) {
                observe(row, b, slot, routeId, now, deltaMs, before, before, voltage, reason, pLat, pErr, pSat);
            }
            if (sync != null) {
                queueForPublish(modeGen, slot, routeId);
            }
            return reason;
        }

        double momentum = before == BOOTSTRAP ? 0.0 : Physics.clampNonNegative(Physics.momentum(
                pLat - d(row[b + P_LAT]), pErr - d(row[b + P_ERR]), pSat - d(row[b + P_SAT]), deltaMs));

        double decay = decayFactor(deltaMs);
        double sigma = scarFactorOf(profile);
        double trauma = Physics.trauma(Physics.positiveNorm(pLat, pErr, pSat), params.criticalPressure, sigma);
        double scar = Physics.scar(d(row[b + S]), decay, trauma);

        double weighted = Physics.weightedPressure(pLat, pErr, pSat, params.weightLatency, params.weightError,
                params.weightSaturation);
        double resistance = Physics.resistance(params.baseResistance, weighted, params.dampingFactor, momentum, scar);

        int after;
        if (before == BOOTSTRAP) {
            after = OPERATIONAL;
        } else {
            double breakPoint = params.staticBreakPoint;
            double recoveryPoint = params.staticRecoveryPoint;
            if (params.tunerEnabled) {
                long samplesBefore = tick - 1 - params.bootstrapTicks;
                double previousMean = d(row[b + T_MEAN]);
                double variance = tunedVariance(samplesBefore, d(row[b + T_VAR]), previousMean, resistance);
                double mean = tunedMean(samplesBefore, previousMean, resistance);
                row[b + T_MEAN] = bits(mean);
                row[b + T_VAR] = bits(variance);
                breakPoint = AutoTuner.breakPoint(samplesBefore + 1, mean, variance, params.staticBreakPoint,
                        params.tunerWarmupTicks, params.tunerSensitivity, params.tunerMinFloor,
                                params.tunerHardCeiling);
                recoveryPoint = AutoTuner.recoveryPoint(breakPoint, params.tunerMinFloor,
                        params.tunerRecoveryMultiplier);
            }
            after = nextMode(before, resistance, breakPoint, recoveryPoint, scar, sigma, pLat, pErr, pSat);
        }

        row[b + S] = bits(scar);
        row[b + M] = bits(momentum);
        row[b + MODE_GEN] = (modeGen & ~0xFFL) | after;
        storePressure(row, b, pLat, pErr, pSat);
        int reason = Admission.decide(after == BREAKER, resistance, voltage).ordinal();
        if (countDecisions || events != null) {
            observe(row, b, slot, routeId, now, deltaMs, before, after, voltage, reason, pLat, pErr, pSat);
        }
        if (sync != null) {
            queueForPublish(modeGen, slot, routeId);
        }
        return reason;
    }

    /**
     * Hands the route to the state sink once per publication (SPEC §5: coalesced per route). The
     * caller holds the row's lock, which the publisher also takes to read the row and clear the
     * mark, so the mark needs no atomics; an update that finds the route already queued only
     * counts itself. No allocation: the token is the slot.
     */
    private void queueForPublish(long modeGen, int slot, String routeId) {
        long[] marks = syncPages[slot >>> PAGE_SHIFT];
        int mb = (slot & PAGE_MASK) * SYNC_WORDS;
        if (marks[mb] != 0) {
            marks[mb + 1]++;
        } else if (sync.offer(routeId, slot)) {
            marks[mb] = 1; // the publisher cannot read the entry's row before we unlock it
        }
    }

    @Override
    public boolean mergeRemoteScar(String routeId, double remoteScar, long remoteUpdatedAtMillis, double remoteWeight,
                                   long nowMillis) {
        long packed = lockExisting(routeId);
        if (packed == RouteIndex.ABSENT) {
            return false;
        }
        long[] row = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        try {
            if (row[b + TICK] == 0) {
                return false;
            }
            storeScar(row, b, ScarMerge.blend(d(row[b + S]), remoteScar, remoteUpdatedAtMillis, remoteWeight,
                    params.decayRate, nowMillis));
            return true;
        } finally {
            unlock(row, b);
        }
    }

    /**
     * A scar set outside an update (a remote merge, a lease outcome): R follows from the row's
     * pressure, momentum and this scar ({@link #resistanceOf}), except in BOOTSTRAP, whose R stays
     * 1.2·R_base. Under the row's lock.
     */
    private static void storeScar(long[] row, int b, double scar) {
        row[b + S] = bits(scar);
    }

    /**
     * R of the row (SPEC §2.5, §2.6): 1.2·R_base in BOOTSTRAP, else the resistance of its stored
     * pressure, momentum and scar, the same expression as in {@link #update}. Under the row's lock.
     */
    private double resistanceOf(long[] row, int b) {
        return resistanceOf(row[b + MODE_GEN], row[b + P_LAT], row[b + P_ERR], row[b + P_SAT], row[b + M], row[b + S]);
    }

    /** R of a row read without its lock: the words it depends on, between two equal versions. */
    private double resistanceUnlocked(long[] page, int b) {
        for (int attempt = 0; ; attempt++) {
            long v = RowLock.lvVersion(page, b + LOCK);
            if (!RowLock.isLocked(v)) {
                long pLat = page[b + P_LAT];
                long pErr = page[b + P_ERR];
                long pSat = page[b + P_SAT];
                long m = page[b + M];
                long s = page[b + S];
                if (RowLock.validate(page, b + LOCK, v)) {
                    return resistanceOf(v, pLat, pErr, pSat, m, s);
                }
            }
            RowLock.backOff(attempt);
        }
    }

    /** R from the words of a row (read under its lock, or between two equal versions). */
    private double resistanceOf(long modeWord, long pLat, long pErr, long pSat, long momentum, long scar) {
        if (modeOf(modeWord) == BOOTSTRAP) {
            return params.bootstrapResistance;
        }
        double weighted = Physics.weightedPressure(d(pLat), d(pErr), d(pSat), params.weightLatency, params.weightError,
                params.weightSaturation);
        return Physics.resistance(params.baseResistance, weighted, params.dampingFactor, d(momentum), d(scar));
    }

    @Override
    public boolean readForPublish(String routeId, long token, VectorSnapshot out) {
        long packed = token == NO_TOKEN ? index.get(routeId) : token; // a token is the slot
        for (int attempt = 0; attempt < 2 && packed != RouteIndex.ABSENT; attempt++) {
            long[] row = pages[slot(packed) >>> PAGE_SHIFT];
            int b = (slot(packed) & PAGE_MASK) * STRIDE;
            lock(row, b);
            try {
                if (holds(packed, routeId)) {
                    if (row[b + TICK] == 0) {
                        return false;
                    }
                    out.scar = d(row[b + S]);
                    out.momentum = d(row[b + M]);
                    out.resistance = resistanceOf(row, b);
                    out.mode = modeOf(row[b + MODE_GEN]);
                    out.tickCount = row[b + TICK];
                    out.lastUpdatedMillis = row[b + LAST];
                    out.coalesced = 0;
                    out.queued = false;
                    if (sync != null) {
                        long[] marks = syncPages[slot(packed) >>> PAGE_SHIFT];
                        int mb = (slot(packed) & PAGE_MASK) * SYNC_WORDS;
                        out.coalesced = marks[mb + 1];
                        out.queued = marks[mb] != 0;
                        marks[mb] = 0;
                        marks[mb + 1] = 0;
                    }
                    return true;
                }
            } finally {
                unlock(row, b);
            }
            packed = index.get(routeId); // the token's route was removed: the id's current route, if any
        }
        return false;
    }

    // ------------------------------------------------------------------ workload profiles and lease outcomes (SPEC §4)

    /** The profile number kept in bits 8..23 of the mode word. */
    private static int profileOf(long modeGen) {
        return (int) (modeGen >>> 8) & 0xFFFF;
    }

    /** STANDARD (0) reads this engine's own fields: the same doubles as before profiles. */
    private double latencyBaselineOf(int profile) {
        return profile == 0 ? params.baselineLatency : params.profiles.latencyBaseline(profile);
    }

    private double scarFactorOf(int profile) {
        return profile == 0 ? params.scarFactor : params.profiles.scarFactor(profile);
    }

    @Override
    public boolean assignProfile(String routeId, int profileIndex) {
        long packed = lockExisting(routeId);
        if (packed == RouteIndex.ABSENT) {
            return false;
        }
        long[] row = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        row[b + MODE_GEN] = (row[b + MODE_GEN] & ~0xFFFF00L) | ((long) profileIndex << 8);
        unlock(row, b);
        return true;
    }

    /**
     * Locks the row of an existing route and returns its slot; ABSENT, with
     * nothing locked, when the route does not exist (or was removed before the lock was taken).
     * Never creates a route.
     */
    private long lockExisting(String routeId) {
        long packed = index.get(routeId);
        if (packed == RouteIndex.ABSENT) {
            return RouteIndex.ABSENT;
        }
        long[] row = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        lock(row, b);
        if (!holds(packed, routeId)) {
            unlock(row, b);
            return RouteIndex.ABSENT;
        }
        return packed;
    }

    @Override
    public void recordOutcome(String routeId, double latencyMs, double errorRate, double saturation, double voltage,
                              long nowMillis, double sigmas) {
        long packed = lockRoute(routeId, index.get(routeId), nowMillis);
        long[] row = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        try {
            int reason = update(row, b, slot(packed), routeId, latencyMs, latencyPressure(latencyMs),
                    errorPressure(errorRate), saturationPressure(saturation), voltage, nowMillis);
            if (countDecisions) {
                // Taken back under the same lock that counted it: readers never see it.
                counterPages[slot(packed) >>> PAGE_SHIFT][(slot(packed) & PAGE_MASK) * COUNTERS + reason]--;
            }
            if (sigmas > 0) {
                storeScar(row, b, Physics.outcomeScar(d(row[b + S]), scarFactorOf(profileOf(row[b + MODE_GEN])),
                        sigmas));
            }
        } finally {
            unlock(row, b);
        }
    }

    /** Counters and events of one update (§6); called under the row's lock, off the common path. */
    private void observe(long[] row, int b, int slot, String routeId, long now, long deltaMs, int before, int after,
                         double voltage, int reason, double pLat, double pErr, double pSat) {
        if (countDecisions) {
            long[] c = counterPages[slot >>> PAGE_SHIFT];
            int cb = (slot & PAGE_MASK) * COUNTERS;
            c[cb + reason]++;
            if (before != BREAKER && after == BREAKER) {
                c[cb + OPENED]++;
            } else if (before == BREAKER && after != BREAKER) {
                c[cb + CLOSED]++;
            }
        }
        if (events != null) {
            events.publish(routeId, now, deltaMs, row[b + TICK], before, after, resistanceOf(row, b), d(row[b + S]),
                    d(row[b + M]), Physics.norm(pLat, pErr, pSat), voltage, reason);
        }
    }

    /** The tuner's EMA variance after sample {@code resistance} (§2.7): 0 for the first; from the mean before it. */
    private double tunedVariance(long samplesBefore, double variance, double previousMean, double resistance) {
        return samplesBefore == 0 ? 0.0 : AutoTuner.nextVariance(variance, previousMean, params.tunerAlpha, resistance);
    }

    /** The tuner's EMA mean after sample {@code resistance} (§2.7): the sample itself when it is the first. */
    private double tunedMean(long samplesBefore, double previousMean, double resistance) {
        return samplesBefore == 0 ? resistance : AutoTuner.nextMean(previousMean, params.tunerAlpha, resistance);
    }

    /**
     * The mode after an update past bootstrap (§2.6): the breaker opens at the break point, closes
     * on calm or recovery.
     */
    private int nextMode(int before, double resistance, double breakPoint, double recoveryPoint, double scar,
                         double sigma, double pLat, double pErr, double pSat) {
        if (before == OPERATIONAL) {
            return resistance >= breakPoint ? BREAKER : OPERATIONAL;
        }
        return (scar < sigma && Physics.norm(pLat, pErr, pSat) < params.criticalPressure) || resistance < recoveryPoint
                ? OPERATIONAL : before;
    }

    // §2.2 normalization, non-finite components counting as 0 (§2.9).

    private double latencyPressure(double latencyMs) {
        return Physics.pressure(Physics.sanitize(latencyMs), params.baselineLatency, params.tanhScale);
    }

    private double errorPressure(double errorRate) {
        return Physics.pressure(Physics.sanitize(errorRate), params.baselineError, params.tanhScale);
    }

    private double saturationPressure(double saturation) {
        return Physics.pressure(Physics.sanitize(saturation), params.baselineSaturation, params.tanhScale);
    }

    /**
     * The scar's decay factor for Δt: from {@link #decayTable} when Δt is below its length (the
     * same double {@link Physics#decayFactor} returns for it: the table holds that function's
     * results), else computed.
     */
    private double decayFactor(long deltaMs) {
        return deltaMs < DECAY_TABLE_SIZE ? decayTable[(int) deltaMs] : Physics.decayFactor(params.decayRate, deltaMs);
    }

    private static void storePressure(long[] row, int b, double pLat, double pErr, double pSat) {
        row[b + P_LAT] = bits(pLat);
        row[b + P_ERR] = bits(pErr);
        row[b + P_SAT] = bits(pSat);
    }

    // ------------------------------------------------------------------ handles

    /**
     * Handle path: no lookup while the cached slot is still the handle's id's, no allocation.
     * Returns the reason ordinal.
     */
    int admit(Handle h, double latencyMs, double errorRate, double saturation, double voltage, long now,
              boolean probe) {
        double pLat = latencyPressure(latencyMs); // outside the lock, as in route()
        double pErr = errorPressure(errorRate);
        double pSat = saturationPressure(saturation);
        long cached = h.packed;
        long packed = lockRoute(h.routeId, cached, now);
        if (packed != cached) {
            h.packed = packed;
        }
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        int reason = update(page, b, slot(packed), h.routeId, latencyMs, pLat, pErr, pSat, voltage, now);
        if (probe && countDecisions && ProbeCountingHandle.probeable(reason)) {
            countAsProbe(slot(packed), reason); // under the same lock as the count it corrects
        }
        unlock(page, b);
        return reason;
    }

    /** Moves one decision of {@code reason} to admitted and probes; the caller holds the row's lock. */
    private void countAsProbe(int slot, int reason) {
        long[] c = counterPages[slot >>> PAGE_SHIFT];
        int cb = (slot & PAGE_MASK) * COUNTERS;
        c[cb + reason]--;
        c[cb + OK]++;
        c[cb + PROBES]++;
    }

    /**
     * A decision on the current state without an update (counted when counting); reason ordinal.
     * Without counters it takes no lock. The handle remembers the inputs of its last decision
     * (breaker open, R) with the row's version and tick they were read at: while the row's version
     * is that one, no writer has touched the row since, so they are still the row's (bit for bit
     * the R it would compute). A hit is two loads of the row's first words and the remembered
     * fields instead of the seqlock read of seven words and R's arithmetic; between two physics
     * updates of a guarded route (100 ms apart) every decision is one. The tick is compared
     * because the 32-bit version repeats after 2^31 writes of the row; the tick moves with every
     * update (a later write's tick only makes a miss). This method is kept small, its other paths
     * out of line, so that C2 inlines it into the caller (the whole of it was too big to inline).
     */
    int decide(Handle h, double voltage, boolean probe) {
        if (countDecisions) {
            return decideCounted(h, voltage, probe);
        }
        long packed = current(h);
        if (packed != RouteIndex.ABSENT) {
            long[] page = pages[slot(packed) >>> PAGE_SHIFT];
            int b = (slot(packed) & PAGE_MASK) * STRIDE;
            long v = RowLock.lvVersion(page, b + LOCK);
            long tick = page[b + TICK];
            int seq = h.lvCacheSeq();
            if (h.cachedVersion == v && h.cachedTick == tick && h.cachedPacked == packed) {
                boolean open = h.cachedOpen;
                long r = h.cachedResistance;
                if (h.validateCache(seq) && holds(packed, h.routeId)) {
                    return Admission.decide(open, d(r), voltage).ordinal();
                }
            }
        }
        return decideAndRemember(h, voltage);
    }

    /** {@link #decide} with decision counters: under the row's lock, so the count matches the decision. */
    private int decideCounted(Handle h, double voltage, boolean probe) {
        long packed = current(h);
        if (packed == RouteIndex.ABSENT) {
            return Admission.decide(false, params.bootstrapResistance, voltage).ordinal();
        }
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        lock(page, b);
        try {
            if (!holds(packed, h.routeId) || page[b + TICK] == 0) {
                return Admission.decide(false, params.bootstrapResistance, voltage).ordinal();
            }
            int reason = Admission.decide(modeOf(page[b + MODE_GEN]) == BREAKER, resistanceOf(page, b), voltage)
                    .ordinal();
            counterPages[slot(packed) >>> PAGE_SHIFT][(slot(packed) & PAGE_MASK) * COUNTERS + reason]++;
            if (probe && ProbeCountingHandle.probeable(reason)) {
                countAsProbe(slot(packed), reason);
            }
            return reason;
        } finally {
            unlock(page, b);
        }
    }

    /**
     * The lock-free decision from one consistent reading of the row (the mode and tick from the
     * same version as R), remembered in the handle under that version when the slot is still the
     * handle's id's. A row whose version is odd (a writer holds it) is never remembered, so a
     * remembered version always names a finished write.
     */
    private int decideAndRemember(Handle h, double voltage) {
        long packed = current(h);
        if (packed == RouteIndex.ABSENT) {
            return Admission.decide(false, params.bootstrapResistance, voltage).ordinal();
        }
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        for (int attempt = 0; ; attempt++) {
            long v = RowLock.lvVersion(page, b + LOCK);
            long tick = page[b + TICK];
            // Before its first update a route is decided as a booting one (R = 1.2·R_base). R is
            // computed from words a writer may be changing and used only if the version then
            // validates: arithmetic on a torn mix of bits cannot throw or loop, only be discarded.
            boolean open = tick != 0 && modeOf(v) == BREAKER;
            double r = tick == 0 ? params.bootstrapResistance
                    : resistanceOf(v, page[b + P_LAT], page[b + P_ERR], page[b + P_SAT], page[b + M], page[b + S]);
            if (!RowLock.isLocked(v) && RowLock.validate(page, b + LOCK, v)) {
                if (!holds(packed, h.routeId)) {
                    return Admission.decide(false, params.bootstrapResistance, voltage).ordinal();
                }
                h.remember(packed, v, tick, open, r);
                return Admission.decide(open, r, voltage).ordinal();
            }
            RowLock.backOff(attempt);
        }
    }

    private Handle own(RouteHandle h) {
        if (h instanceof Handle && ((Handle) h).engine() == this) {
            return (Handle) h;
        }
        throw new IllegalArgumentException("handle " + h + " belongs to another Atrion instance");
    }

    /** The slot a handle should use now, or ABSENT; refreshes the cache. */
    private long current(Handle h) {
        long packed = h.packed;
        if (packed != RouteIndex.ABSENT && holds(packed, h.routeId)) {
            return packed;
        }
        packed = index.get(h.routeId);
        h.packed = packed;
        return packed;
    }

    /** Reads one field of the handle's row; a single 64-bit read cannot tear. */
    private long field(Handle h, int offset, long absentValue) {
        long packed = current(h);
        if (packed == RouteIndex.ABSENT) {
            return absentValue;
        }
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        return lvWord(page, (slot(packed) & PAGE_MASK) * STRIDE + offset);
    }

    final class Handle implements ProbeCountingHandle {
        final String routeId;
        private final MillisClock clock;
        /** Cached slot, or ABSENT; checked against the slot's id before use ({@link #holds}). */
        volatile long packed;
        /*
         * The last lock-free decision's inputs (decideAndRemember): the slot, row version and tick
         * they were read at, whether the breaker was open, R's bits. A small sequence lock of their own
         * (cacheSeq: even = stable) keeps the four fields one consistent set: a writer that does
         * not win it leaves them to the one that does (remembering is optional), a reader that
         * sees the sequence move falls back to reading the row. Plain fields: every read is
         * validated by the sequence, like the row's words by the row's version.
         */
        private volatile int cacheSeq;
        long cachedPacked = RouteIndex.ABSENT;
        long cachedVersion = RowLock.SEQUENCE_UNIT; // odd: a row's unlocked version never equals it
        long cachedTick;
        boolean cachedOpen;
        long cachedResistance;

        Handle(String routeId, MillisClock clock) {
            this.routeId = routeId;
            this.clock = clock;
            this.packed = index.get(routeId);
        }

        FastEngine engine() {
            return FastEngine.this;
        }

        /** Acquire: the cache fields read after it are at least as new as the sequence read. */
        int lvCacheSeq() {
            return cacheSeq;
        }

        /** True when the fields read since {@code seq} was read are one writer's complete set. */
        boolean validateCache(int seq) {
            VarHandle.loadLoadFence(); // the field reads complete before the sequence is read again
            return (seq & 1) == 0 && cacheSeq == seq;
        }

        /** Stores a decision's inputs unless another thread is storing its own right now. */
        void remember(long slot, long version, long tick, boolean open, double resistance) {
            int seq = cacheSeq;
            // The CAS is a full fence: the plain stores below cannot move above it.
            if ((seq & 1) != 0 || !CACHE_SEQ.compareAndSet(this, seq, seq + 1)) {
                return;
            }
            cachedPacked = slot;
            cachedVersion = version;
            cachedTick = tick;
            cachedOpen = open;
            cachedResistance = bits(resistance);
            CACHE_SEQ.setRelease(this, seq + 2); // release: the stores above are visible before it
        }

        @Override
        public String routeId() {
            return routeId;
        }

        @Override
        public boolean admit(double latencyMs, double errorRate, double saturation, double voltage) {
            return FastEngine.this.admit(this, latencyMs, errorRate, saturation, voltage, clock.millis(), false) == OK;
        }

        @Override
        public Reason update(double latencyMs, double errorRate, double saturation, double voltage) {
            return Reason.ofOrdinal(update(latencyMs, errorRate, saturation, voltage, false));
        }

        @Override
        public Reason decide(double voltage) {
            return Reason.ofOrdinal(decide(voltage, false));
        }

        @Override
        public int update(double latencyMs, double errorRate, double saturation, double voltage, boolean probe) {
            return FastEngine.this.admit(this, latencyMs, errorRate, saturation, voltage, clock.millis(), probe);
        }

        @Override
        public int decide(double voltage, boolean probe) {
            return FastEngine.this.decide(this, voltage, probe);
        }

        @Override
        public double resistance() {
            long packed = current(this);
            if (packed == RouteIndex.ABSENT) {
                return params.bootstrapResistance;
            }
            return resistanceUnlocked(pages[slot(packed) >>> PAGE_SHIFT], (slot(packed) & PAGE_MASK) * STRIDE);
        }

        @Override
        public Mode mode() {
            return Mode.ofOrdinal(modeOf(field(this, MODE_GEN, BOOTSTRAP)));
        }

        @Override
        public double scar() {
            return d(field(this, S, bits(0.0)));
        }

        @Override
        public double momentum() {
            return d(field(this, M, bits(0.0)));
        }

        @Override
        public long tickCount() {
            return field(this, TICK, 0L);
        }

        @Override
        public Optional<RouteState> state() {
            long packed = current(this);
            return packed == RouteIndex.ABSENT ? Optional.empty() : Optional.ofNullable(snapshot(routeId, packed));
        }

        @Override
        public boolean read(RouteReading into) {
            long packed = current(this);
            return packed != RouteIndex.ABSENT && FastEngine.this.read(routeId, packed, into);
        }

        @Override
        public String toString() {
            return "RouteHandle[" + routeId + ", fast]";
        }
    }

    // ------------------------------------------------------------------ rows, slots, locks

    /** Creates the route (or finds it, if another thread just did) and returns its packed slot. */
    private long create(String routeId, long nowMillis) {
        int profile = params.profiles.indexFor(routeId);
        return index.getOrInsert(routeId, () -> {
            long packed = allocateRow(nowMillis, profile);
            lifecycle.created(routeId); // under the index monitor, like remove's: one order of changes
            return packed;
        });
    }

    /** Called under the index monitor. */
    private long allocateRow(long nowMillis, int profile) {
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            slot = nextSlot++;
            if (slot < 0) {
                nextSlot--;
                throw new IllegalStateException("route table full: " + Integer.MAX_VALUE + " routes");
            }
            int pageNo = slot >>> PAGE_SHIFT;
            long[][] dir = pages;
            if (pageNo == dir.length) {
                if (sync != null) {
                    long[][] marks = java.util.Arrays.copyOf(syncPages, dir.length + 1);
                    marks[pageNo] = new long[PAGE_ROWS * SYNC_WORDS];
                    syncPages = marks;
                }
                if (countDecisions) {
                    long[][] counters = java.util.Arrays.copyOf(counterPages, dir.length + 1);
                    counters[pageNo] = new long[PAGE_ROWS * COUNTERS];
                    counterPages = counters;
                }
                long[][] grown = java.util.Arrays.copyOf(dir, dir.length + 1);
                grown[pageNo] = new long[PAGE_ROWS * STRIDE];
                pages = grown; // volatile write: the page is published before the index names the slot
            }
        }
        long[] page = pages[slot >>> PAGE_SHIFT];
        int b = (slot & PAGE_MASK) * STRIDE;
        lock(page, b);
        // §2.6: a new route starts in BOOTSTRAP (so R = 1.2·R_base), S = 0, M = 0, tick 0; the first
        // update sees Δt = 0.
        page[b + LOCK] = (page[b + LOCK] & RowLock.SEQUENCE_MASK) | ((long) profile << 8) | BOOTSTRAP;
        page[b + TICK] = 0;
        page[b + LAST] = nowMillis;
        page[b + S] = bits(0.0);
        page[b + M] = bits(0.0);
        page[b + P_LAT] = bits(0.0);
        page[b + P_ERR] = bits(0.0);
        page[b + P_SAT] = bits(0.0);
        page[b + T_MEAN] = bits(0.0);
        page[b + T_VAR] = bits(0.0);
        if (countDecisions) {
            java.util.Arrays.fill(counterPages[slot >>> PAGE_SHIFT], (slot & PAGE_MASK) * COUNTERS,
                    (slot & PAGE_MASK) * COUNTERS + COUNTERS, 0L);
        }
        if (sync != null) {
            // A reused slot starts unqueued; an entry of the removed route still in the queue
            // names a slot that is no longer its id's: readForPublish resolves the id again.
            java.util.Arrays.fill(syncPages[slot >>> PAGE_SHIFT], (slot & PAGE_MASK) * SYNC_WORDS,
                    (slot & PAGE_MASK) * SYNC_WORDS + SYNC_WORDS, 0L);
        }
        unlock(page, b);
        return slot;
    }

    private RouteState snapshot(String routeId, long packed) {
        RouteReading r = new RouteReading();
        return read(routeId, packed, r) ? new RouteState(routeId, r.mode(), r.resistance(), r.scar(), r.momentum(),
                r.tickCount(), r.lastUpdatedMillis(), r.breakPoint(), r.recoveryPoint()) : null;
    }

    /**
     * A consistent copy of the row into a caller's holder, counters included: no allocation, for
     * readers that visit every route at a fixed rate ({@link #snapshot} wraps it). Counters are written under the row lock, so the same
     * version check that guards the state makes them one consistent set with it.
     */
    private boolean read(String routeId, long packed, RouteReading into) {
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        long[] c = countDecisions ? counterPages[slot(packed) >>> PAGE_SHIFT] : null;
        int cb = (slot(packed) & PAGE_MASK) * COUNTERS;
        for (int attempt = 0; ; attempt++) {
            long v1 = RowLock.lvVersion(page, b + LOCK);
            if (!RowLock.isLocked(v1)) {
                long tick = page[b + TICK];
                long last = page[b + LAST];
                long sBits = page[b + S];
                long mBits = page[b + M];
                long pLat = page[b + P_LAT];
                long pErr = page[b + P_ERR];
                long pSat = page[b + P_SAT];
                double mean = d(page[b + T_MEAN]);
                double variance = d(page[b + T_VAR]);
                long admitted = c == null ? 0 : c[cb];
                long open = c == null ? 0 : c[cb + 1];
                long voltage = c == null ? 0 : c[cb + 2];
                long invalid = c == null ? 0 : c[cb + 3];
                long opened = c == null ? 0 : c[cb + OPENED];
                long closed = c == null ? 0 : c[cb + CLOSED];
                if (RowLock.validate(page, b + LOCK, v1)) {
                    if (tick == 0 || !holds(packed, routeId)) {
                        return false;
                    }
                    double r = resistanceOf(v1, pLat, pErr, pSat, mBits, sBits);
                    double s = d(sBits);
                    double m = d(mBits);
                    double breakPoint = params.staticBreakPoint;
                    double recoveryPoint = params.staticRecoveryPoint;
                    if (params.tunerEnabled) {
                        long samples = Math.max(0L, tick - params.bootstrapTicks);
                        breakPoint = AutoTuner.breakPoint(samples, mean, variance, params.staticBreakPoint,
                                params.tunerWarmupTicks, params.tunerSensitivity, params.tunerMinFloor,
                                        params.tunerHardCeiling);
                        recoveryPoint = AutoTuner.recoveryPoint(breakPoint, params.tunerMinFloor,
                                params.tunerRecoveryMultiplier);
                    }
                    into.setState(Mode.ofOrdinal(modeOf(v1)), r, s, m, tick, last, breakPoint, recoveryPoint);
                    if (c != null) {
                        into.setCounters(admitted, open, voltage, invalid, opened, closed);
                    }
                    return true;
                }
            }
            RowLock.backOff(attempt);
        }
    }

    // The row's sequence lock (RowLock: its protocol, and the jcstress tests that check it).

    private static void lock(long[] page, int b) {
        RowLock.lock(page, b + LOCK);
    }

    private static void unlock(long[] page, int b) {
        RowLock.unlock(page, b + LOCK);
    }

    /**
     * True while {@code slot} is still {@code routeId}'s: the index clears a slot's id when the
     * route is removed and sets the next id when the slot is reused, so a slot held from an
     * earlier lookup, a handle or a queued publication is checked against it (under the row's
     * lock, or between two equal versions, it cannot change meanwhile... except by a removal,
     * which also takes the row's lock). Identity first: the id a route was created with is the
     * one stored.
     */
    private boolean holds(long slot, String routeId) {
        if (!removedAny) {
            return true; // no route was ever removed: a slot, once an id's, stays that id's
        }
        String id = index.idOf((int) slot);
        return id == routeId || (id != null && id.equals(routeId));
    }

    /**
     * Set once, before the first removal locks its row: until then no slot can have changed
     * hands, and {@link #holds} skips the id check (a load chain of the index's id pages on every
     * locked path). A caller that holds the removed route's row lock after the remover, or reads
     * its version after the remover's unlock, sees it set.
     */
    private volatile boolean removedAny;

    private static long lvWord(long[] page, int i) {
        return RowLock.lvWord(page, i);
    }

    private static int slot(long packed) {
        return (int) packed;
    }

    private static int modeOf(long modeGen) {
        return (int) (modeGen & 0xFF);
    }

    private static double d(long bits) {
        return Double.longBitsToDouble(bits);
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }
}
