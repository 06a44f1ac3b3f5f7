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
 * Each route owns one row of {@value #STRIDE} longs (96 bytes) in a page of
 * {@value #PAGE_ROWS} rows; doubles are stored as their raw bits. A slot number names the row.
 * One packed row per route touches two cache lines per update, where separate columns touched
 * twelve (shared/notes/jvm-hot-path.md measured 137 vs 163 ns at 1k routes, 419 vs 864 ns at
 * 1M). Pages are never copied: the engine grows by adding pages, so a resize copies only the
 * page directory. {@link RouteIndex} maps ids to {@code (generation << 32) | slot}.
 *
 * <h2>Concurrency</h2>
 * Word {@link #VERSION} of each row is a sequence lock. A writer CASes it from even to odd
 * (acquire), updates the row with plain stores, and releases it with a store-release of the
 * next even value; the CAS of the next writer reads that value, so it sees every store of the
 * previous update: updates of one route are serialized with no lost update. Rows of different
 * routes have different lock words, so different routes never contend on a lock (they may
 * share a cache line at a page boundary, never a lock). A reader takes no lock: it reads the
 * version (acquire), the fields, then fences loads and reads the version again; equal and even
 * means no write overlapped, so the snapshot is never a torn mix of two updates.
 *
 * <p>Removal bumps the row's generation under its lock and frees the slot for reuse. A caller
 * holding an older {@code (generation, slot)} — a stale index read or a handle — sees the
 * mismatch once it holds the lock and resolves the id again, so an update never lands on a
 * route that has since been removed or reused.
 *
 * <h2>Math</h2>
 * Every expression is the shared {@link Physics}/{@link AutoTuner} formula, the same code the
 * reference engine runs; the transcendental functions inside are {@code FdlibmMath}'s.
 *
 * <p>Internal: not part of the public API.
 */
public final class FastEngine implements PhysicsEngine {

    // Row layout (long offsets).
    static final int VERSION = 0;   // sequence lock: even = free
    static final int MODE_GEN = 1;  // (generation << 32) | profile << 8 | mode ordinal
    static final int TICK = 2;
    static final int LAST = 3;      // lastUpdatedMillis
    static final int R = 4;         // doubles as raw bits from here on
    static final int S = 5;
    static final int M = 6;
    static final int P_LAT = 7;     // previous pressure
    static final int P_ERR = 8;
    static final int P_SAT = 9;
    static final int T_MEAN = 10;   // AutoTuner EMA; its sample count is max(0, tick - N)
    static final int T_VAR = 11;
    static final int STRIDE = 12;

    static final int PAGE_SHIFT = 10;
    static final int PAGE_ROWS = 1 << PAGE_SHIFT;
    static final int PAGE_MASK = PAGE_ROWS - 1;

    private static final int BOOTSTRAP = Mode.BOOTSTRAP.ordinal();
    private static final int OPERATIONAL = Mode.OPERATIONAL.ordinal();
    private static final int BREAKER = Mode.CIRCUIT_BREAKER.ordinal();
    private static final int OK = Reason.OK.ordinal();
    private static final int SPINS_BEFORE_YIELD = 64;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final EngineParams params;
    // Copies of the parameters as final fields of this object: one dependent load fewer per use.
    private final double baseResistance;
    private final double decayRate;
    private final double scarFactor;
    private final double dampingFactor;
    private final double criticalPressure;
    private final long bootstrapTicks;
    private final double tanhScale;
    private final double baselineLatency;
    private final double baselineError;
    private final double baselineSaturation;
    private final double weightLatency;
    private final double weightError;
    private final double weightSaturation;
    private final double bootstrapResistance;
    private final double staticBreakPoint;
    private final double staticRecoveryPoint;
    private final boolean tuner;
    private final double alpha;
    private final double sensitivity;
    private final double minFloor;
    private final double hardCeiling;
    private final int warmupTicks;
    private final double recoveryMultiplier;

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
        this.baseResistance = p.baseResistance;
        this.decayRate = p.decayRate;
        this.scarFactor = p.scarFactor;
        this.dampingFactor = p.dampingFactor;
        this.criticalPressure = p.criticalPressure;
        this.bootstrapTicks = p.bootstrapTicks;
        this.tanhScale = p.tanhScale;
        this.baselineLatency = p.baselineLatency;
        this.baselineError = p.baselineError;
        this.baselineSaturation = p.baselineSaturation;
        this.weightLatency = p.weightLatency;
        this.weightError = p.weightError;
        this.weightSaturation = p.weightSaturation;
        this.bootstrapResistance = p.bootstrapResistance;
        this.staticBreakPoint = p.staticBreakPoint;
        this.staticRecoveryPoint = p.staticRecoveryPoint;
        this.tuner = p.tunerEnabled;
        this.alpha = p.tunerAlpha;
        this.sensitivity = p.tunerSensitivity;
        this.minFloor = p.tunerMinFloor;
        this.hardCeiling = p.tunerHardCeiling;
        this.warmupTicks = p.tunerWarmupTicks;
        this.recoveryMultiplier = p.tunerRecoveryMultiplier;
    }

    // ------------------------------------------------------------------ public engine surface

    @Override
    public RouteDecision route(String routeId, double latencyMs, double errorRate, double saturation,
                               double voltage, long nowMillis) {
        long packed = lockRoute(routeId, index.get(routeId), nowMillis);
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        int reason = update(page, b, slot(packed), routeId, latencyMs, errorRate, saturation, voltage, nowMillis);
        // Read under the lock: the decision reports this update, not a later one.
        RouteDecision d = new RouteDecision(routeId, reason == OK, Reason.ofOrdinal(reason),
                Mode.ofOrdinal(modeOf(page[b + MODE_GEN])), d(page[b + R]), d(page[b + S]), d(page[b + M]),
                page[b + TICK]);
        unlock(page, b);
        return d;
    }

    @Override
    public int admit(String routeId, double latencyMs, double errorRate, double saturation, double voltage,
                     long nowMillis) {
        long packed = lockRoute(routeId, index.get(routeId), nowMillis);
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        int reason = update(page, b, slot(packed), routeId, latencyMs, errorRate, saturation, voltage, nowMillis);
        unlock(page, b);
        return reason;
    }

    /**
     * Locks the row of {@code routeId} and returns its packed (generation, slot): {@code packed}
     * when it is still current, else the id resolved again (creating the route when absent).
     */
    private long lockRoute(String routeId, long packed, long nowMillis) {
        while (true) {
            if (packed == RouteIndex.ABSENT) {
                packed = create(routeId, nowMillis);
            }
            long[] page = pages[slot(packed) >>> PAGE_SHIFT];
            int b = (slot(packed) & PAGE_MASK) * STRIDE;
            lock(page, b);
            if (generation(page[b + MODE_GEN]) == generation(packed)) {
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
            if (generation(page[b + MODE_GEN]) != generation(packed) || page[b + TICK] == 0) {
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
            lock(page, b);
            // A new generation invalidates every (generation, slot) still held by a caller.
            page[b + MODE_GEN] = modeGen(generation(page[b + MODE_GEN]) + 1, BOOTSTRAP);
            unlock(page, b);
            if (freeCount == freeSlots.length) {
                freeSlots = java.util.Arrays.copyOf(freeSlots, freeCount * 2);
            }
            freeSlots[freeCount++] = slot;
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

    /** Bytes of route state and index held by this engine (ids excluded), for the memory benchmark. */
    public long footprintBytes(int referenceBytes, int arrayHeaderBytes) {
        long[][] p = pages;
        long rows = (long) p.length * (PAGE_ROWS * (long) STRIDE * Long.BYTES + arrayHeaderBytes + referenceBytes);
        return rows + index.footprintBytes(referenceBytes) + 2L * arrayHeaderBytes;
    }

    // ------------------------------------------------------------------ the update (SPEC §2)

    /**
     * One update of the row at {@code b}, the caller holding its lock; returns the reason
     * ordinal. Step for step the same as {@code ReferenceRoute.update}.
     */
    private int update(long[] row, int b, int slot, String routeId, double latencyMs, double errorRate,
                       double saturation, double voltage, long now) {
        // §2.2 normalization, non-finite components counting as 0 (§2.9); §4 the route's profile
        // sets its latency baseline and σ.
        int profile = profileOf(row[b + MODE_GEN]);
        double pLat = Physics.pressure(Physics.sanitize(latencyMs), latencyBaselineOf(profile), tanhScale);
        double pErr = Physics.pressure(Physics.sanitize(errorRate), baselineError, tanhScale);
        double pSat = Physics.pressure(Physics.sanitize(saturation), baselineSaturation, tanhScale);

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

        if (before == BOOTSTRAP && tick < bootstrapTicks) {
            storePressure(row, b, pLat, pErr, pSat);
            int reason = Admission.decide(false, d(row[b + R]), voltage).ordinal();
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

        double decay = Physics.decayFactor(decayRate, deltaMs);
        double sigma = scarFactorOf(profile);
        double trauma = Physics.trauma(Physics.positiveNorm(pLat, pErr, pSat), criticalPressure, sigma);
        double scar = Physics.scar(d(row[b + S]), decay, trauma);

        double weighted = Physics.weightedPressure(pLat, pErr, pSat, weightLatency, weightError, weightSaturation);
        double resistance = Physics.resistance(baseResistance, weighted, dampingFactor, momentum, scar);

        int after;
        if (before == BOOTSTRAP) {
            after = OPERATIONAL;
        } else {
            double breakPoint = staticBreakPoint;
            double recoveryPoint = staticRecoveryPoint;
            if (tuner) {
                long samplesBefore = tick - 1 - bootstrapTicks;
                double mean = d(row[b + T_MEAN]);
                double variance = d(row[b + T_VAR]);
                if (samplesBefore == 0) {
                    mean = resistance;
                    variance = 0.0;
                } else {
                    variance = AutoTuner.nextVariance(variance, mean, alpha, resistance);
                    mean = AutoTuner.nextMean(mean, alpha, resistance);
                }
                row[b + T_MEAN] = bits(mean);
                row[b + T_VAR] = bits(variance);
                breakPoint = AutoTuner.breakPoint(samplesBefore + 1, mean, variance, staticBreakPoint,
                        warmupTicks, sensitivity, minFloor, hardCeiling);
                recoveryPoint = AutoTuner.recoveryPoint(breakPoint, minFloor, recoveryMultiplier);
            }
            after = before;
            if (before == OPERATIONAL) {
                if (resistance >= breakPoint) {
                    after = BREAKER;
                }
            } else if ((scar < sigma && Physics.norm(pLat, pErr, pSat) < criticalPressure)
                    || resistance < recoveryPoint) {
                after = OPERATIONAL;
            }
        }

        row[b + R] = bits(resistance);
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
     * counts itself. No allocation: the token is the packed (generation, slot).
     */
    private void queueForPublish(long modeGen, int slot, String routeId) {
        long[] marks = syncPages[slot >>> PAGE_SHIFT];
        int mb = (slot & PAGE_MASK) * SYNC_WORDS;
        if (marks[mb] != 0) {
            marks[mb + 1]++;
        } else if (sync.offer(routeId, (modeGen & ~0xFFFFFFFFL) | (slot & 0xFFFFFFFFL))) {
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
                    decayRate, nowMillis));
            return true;
        } finally {
            unlock(row, b);
        }
    }

    /**
     * A scar set outside an update (a remote merge, a lease outcome): R follows at once from the
     * row's pressure and momentum, except in BOOTSTRAP, whose R stays 1.2·R_base. Under the row's lock.
     */
    private void storeScar(long[] row, int b, double scar) {
        row[b + S] = bits(scar);
        if (modeOf(row[b + MODE_GEN]) != BOOTSTRAP) {
            double weighted = Physics.weightedPressure(d(row[b + P_LAT]), d(row[b + P_ERR]), d(row[b + P_SAT]),
                    weightLatency, weightError, weightSaturation);
            row[b + R] = bits(Physics.resistance(baseResistance, weighted, dampingFactor, d(row[b + M]), scar));
        }
    }

    @Override
    public boolean readForPublish(String routeId, long token, VectorSnapshot out) {
        long packed = token == NO_TOKEN ? index.get(routeId) : token;
        for (int attempt = 0; attempt < 2 && packed != RouteIndex.ABSENT; attempt++) {
            long[] row = pages[slot(packed) >>> PAGE_SHIFT];
            int b = (slot(packed) & PAGE_MASK) * STRIDE;
            lock(row, b);
            try {
                if (generation(row[b + MODE_GEN]) == generation(packed)) {
                    if (row[b + TICK] == 0) {
                        return false;
                    }
                    out.scar = d(row[b + S]);
                    out.momentum = d(row[b + M]);
                    out.resistance = d(row[b + R]);
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
        return profile == 0 ? baselineLatency : params.profiles.latencyBaseline(profile);
    }

    private double scarFactorOf(int profile) {
        return profile == 0 ? scarFactor : params.profiles.scarFactor(profile);
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
     * Locks the row of an existing route and returns its packed (generation, slot); ABSENT, with
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
        if (generation(row[b + MODE_GEN]) != generation(packed)) {
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
            int reason = update(row, b, slot(packed), routeId, latencyMs, errorRate, saturation, voltage, nowMillis);
            if (countDecisions) {
                // Taken back under the same lock that counted it: readers never see it.
                counterPages[slot(packed) >>> PAGE_SHIFT][(slot(packed) & PAGE_MASK) * COUNTERS + reason]--;
            }
            if (sigmas > 0) {
                storeScar(row, b, Physics.outcomeScar(d(row[b + S]), scarFactorOf(profileOf(row[b + MODE_GEN])), sigmas));
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
            events.publish(routeId, now, deltaMs, row[b + TICK], before, after, d(row[b + R]), d(row[b + S]),
                    d(row[b + M]), Physics.norm(pLat, pErr, pSat), voltage, reason);
        }
    }

    private static void storePressure(long[] row, int b, double pLat, double pErr, double pSat) {
        row[b + P_LAT] = bits(pLat);
        row[b + P_ERR] = bits(pErr);
        row[b + P_SAT] = bits(pSat);
    }

    // ------------------------------------------------------------------ handles

    /**
     * Handle path: no lookup while the cached (generation, slot) is current, no allocation.
     * Returns the reason ordinal.
     */
    int admit(Handle h, double latencyMs, double errorRate, double saturation, double voltage, long now,
              boolean probe) {
        long cached = h.packed;
        long packed = lockRoute(h.routeId, cached, now);
        if (packed != cached) {
            h.packed = packed;
        }
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        int reason = update(page, b, slot(packed), h.routeId, latencyMs, errorRate, saturation, voltage, now);
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

    /** A decision on the current state without an update (counted when counting); reason ordinal. */
    int decide(Handle h, double voltage, boolean probe) {
        long packed = current(h);
        if (packed == RouteIndex.ABSENT) {
            return Admission.decide(false, bootstrapResistance, voltage).ordinal();
        }
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        if (!countDecisions) {
            // Two single-word reads, no lock: mode and R may straddle a concurrent update, which
            // is as good as deciding an instant earlier or later.
            long modeGen = (long) LONGS.getAcquire(page, b + MODE_GEN);
            double r = d((long) LONGS.getAcquire(page, b + R));
            if (generation(modeGen) != generation(packed) || (long) LONGS.getAcquire(page, b + TICK) == 0) {
                return Admission.decide(false, bootstrapResistance, voltage).ordinal();
            }
            return Admission.decide(modeOf(modeGen) == BREAKER, r, voltage).ordinal();
        }
        lock(page, b);
        try {
            if (generation(page[b + MODE_GEN]) != generation(packed) || page[b + TICK] == 0) {
                return Admission.decide(false, bootstrapResistance, voltage).ordinal();
            }
            int reason = Admission.decide(modeOf(page[b + MODE_GEN]) == BREAKER, d(page[b + R]), voltage).ordinal();
            counterPages[slot(packed) >>> PAGE_SHIFT][(slot(packed) & PAGE_MASK) * COUNTERS + reason]++;
            if (probe && ProbeCountingHandle.probeable(reason)) {
                countAsProbe(slot(packed), reason);
            }
            return reason;
        } finally {
            unlock(page, b);
        }
    }

    private Handle own(RouteHandle h) {
        if (h instanceof Handle && ((Handle) h).engine() == this) {
            return (Handle) h;
        }
        throw new IllegalArgumentException("handle " + h + " belongs to another Atrion instance");
    }

    /** The packed (generation, slot) a handle should use now, or ABSENT; refreshes the cache. */
    private long current(Handle h) {
        long packed = h.packed;
        if (packed != RouteIndex.ABSENT) {
            long[] page = pages[slot(packed) >>> PAGE_SHIFT];
            int b = (slot(packed) & PAGE_MASK) * STRIDE;
            if (generation((long) LONGS.getAcquire(page, b + MODE_GEN)) == generation(packed)) {
                return packed;
            }
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
        return (long) LONGS.getAcquire(page, (slot(packed) & PAGE_MASK) * STRIDE + offset);
    }

    final class Handle implements ProbeCountingHandle {
        final String routeId;
        private final MillisClock clock;
        /** Cached (generation << 32) | slot, or ABSENT; volatile so a refresh is seen whole. */
        volatile long packed;

        Handle(String routeId, MillisClock clock) {
            this.routeId = routeId;
            this.clock = clock;
            this.packed = index.get(routeId);
        }

        FastEngine engine() {
            return FastEngine.this;
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
            return d(field(this, R, bits(bootstrapResistance)));
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
            return packed != RouteIndex.ABSENT && FastEngine.this.read(packed, into);
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
        return index.getOrInsert(routeId, () -> allocateRow(nowMillis, profile));
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
        int generation = generation(page[b + MODE_GEN]);
        // §2.6: a new route starts in BOOTSTRAP with R = 1.2·R_base, S = 0, M = 0, tick 0; the first
        // update sees Δt = 0.
        page[b + MODE_GEN] = modeGen(generation, BOOTSTRAP) | ((long) profile << 8);
        page[b + TICK] = 0;
        page[b + LAST] = nowMillis;
        page[b + R] = bits(bootstrapResistance);
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
            // carries the old generation and finds nothing (readForPublish).
            java.util.Arrays.fill(syncPages[slot >>> PAGE_SHIFT], (slot & PAGE_MASK) * SYNC_WORDS,
                    (slot & PAGE_MASK) * SYNC_WORDS + SYNC_WORDS, 0L);
        }
        unlock(page, b);
        return ((long) generation << 32) | (slot & 0xFFFFFFFFL);
    }

    private RouteState snapshot(String routeId, long packed) {
        RouteReading r = new RouteReading();
        return read(packed, r) ? new RouteState(routeId, r.mode(), r.resistance(), r.scar(), r.momentum(),
                r.tickCount(), r.lastUpdatedMillis(), r.breakPoint(), r.recoveryPoint()) : null;
    }

    /**
     * A consistent copy of the row into a caller's holder, counters included: no allocation, for
     * readers that visit every route at a fixed rate ({@link #snapshot} wraps it). Counters are written under the row lock, so the same
     * version check that guards the state makes them one consistent set with it.
     */
    private boolean read(long packed, RouteReading into) {
        long[] page = pages[slot(packed) >>> PAGE_SHIFT];
        int b = (slot(packed) & PAGE_MASK) * STRIDE;
        long[] c = countDecisions ? counterPages[slot(packed) >>> PAGE_SHIFT] : null;
        int cb = (slot(packed) & PAGE_MASK) * COUNTERS;
        for (int attempt = 0; ; attempt++) {
            long v1 = (long) LONGS.getAcquire(page, b + VERSION);
            if ((v1 & 1) == 0) {
                long modeGen = page[b + MODE_GEN];
                long tick = page[b + TICK];
                long last = page[b + LAST];
                double r = d(page[b + R]);
                double s = d(page[b + S]);
                double m = d(page[b + M]);
                double mean = d(page[b + T_MEAN]);
                double variance = d(page[b + T_VAR]);
                long admitted = c == null ? 0 : c[cb];
                long open = c == null ? 0 : c[cb + 1];
                long voltage = c == null ? 0 : c[cb + 2];
                long invalid = c == null ? 0 : c[cb + 3];
                long opened = c == null ? 0 : c[cb + OPENED];
                long closed = c == null ? 0 : c[cb + CLOSED];
                VarHandle.loadLoadFence(); // the field reads above complete before the re-check
                if ((long) LONGS.getAcquire(page, b + VERSION) == v1) {
                    if (generation(modeGen) != generation(packed) || tick == 0) {
                        return false;
                    }
                    double breakPoint = staticBreakPoint;
                    double recoveryPoint = staticRecoveryPoint;
                    if (tuner) {
                        long samples = Math.max(0L, tick - bootstrapTicks);
                        breakPoint = AutoTuner.breakPoint(samples, mean, variance, staticBreakPoint,
                                warmupTicks, sensitivity, minFloor, hardCeiling);
                        recoveryPoint = AutoTuner.recoveryPoint(breakPoint, minFloor, recoveryMultiplier);
                    }
                    into.setState(Mode.ofOrdinal(modeOf(modeGen)), r, s, m, tick, last, breakPoint, recoveryPoint);
                    if (c != null) {
                        into.setCounters(admitted, open, voltage, invalid, opened, closed);
                    }
                    return true;
                }
            }
            backOff(attempt);
        }
    }

    /** Acquires the row's sequence lock (even → odd). */
    private static void lock(long[] page, int b) {
        for (int attempt = 0; ; attempt++) {
            long v = (long) LONGS.getOpaque(page, b + VERSION);
            if ((v & 1) == 0 && LONGS.compareAndSet(page, b + VERSION, v, v + 1)) {
                return;
            }
            backOff(attempt);
        }
    }

    /** Releases the row's lock (odd → next even); only the holder calls this, so a plain read suffices. */
    private static void unlock(long[] page, int b) {
        LONGS.setRelease(page, b + VERSION, page[b + VERSION] + 1);
    }

    private static void backOff(int attempt) {
        if (attempt < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield(); // the holder may be descheduled; a critical section is ~100 ns
        }
    }

    private static int slot(long packed) {
        return (int) packed;
    }

    private static int generation(long packedOrModeGen) {
        return (int) (packedOrModeGen >>> 32);
    }

    private static int modeOf(long modeGen) {
        return (int) (modeGen & 0xFF);
    }

    private static long modeGen(int generation, int mode) {
        return ((long) generation << 32) | mode;
    }

    private static double d(long bits) {
        return Double.longBitsToDouble(bits);
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }
}
