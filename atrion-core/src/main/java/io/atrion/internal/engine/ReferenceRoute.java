package io.atrion.internal.engine;

import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.RouteCounters;
import io.atrion.RouteDecision;
import io.atrion.RouteState;
import io.atrion.internal.physics.Physics;
import io.atrion.internal.tuning.AutoTuner;

/**
 * One route of the reference engine: its state as plain fields and {@link #update} written to be
 * read side by side with SPEC.md §2. The monitor of this object serializes updates and reads of
 * the route, so a snapshot never mixes two updates.
 */
final class ReferenceRoute {

    private final String id;
    private final EngineParams p;
    /** Null when the AutoTuner is off. */
    private final AutoTuner tuner;

    // §2.6: a new route starts in BOOTSTRAP with R = 1.2·R_base, S = 0, M = 0, no previous pressure.
    private Mode mode = Mode.BOOTSTRAP;
    private double resistance;
    private double scar;
    private double momentum;
    private double prevLatencyPressure;
    private double prevErrorPressure;
    private double prevSaturationPressure;
    private long tickCount;
    private long lastUpdatedMillis;
    private double breakPoint;
    private double recoveryPoint;
    /** Set once, under the monitor, when the route is removed; updates then go to a new route. */
    private boolean removed;
    /** Decision counters (indexed by Reason ordinal, then opened, closed, probes); null when not kept. */
    private final long[] counters;
    /** Null when no observer is configured. */
    private final EventSink events;
    /** §4: the route's workload profile sets its latency baseline and σ (STANDARD: the SLO's, σ·1.0). */
    private double latencyBaseline;
    private double scarFactor;
    /** Null when no state provider is attached (SPEC §5). */
    private final StateSink sync;
    /** True while this route waits in the sync's queue; then updates only count themselves. */
    private boolean queued;
    private long coalesced;

    ReferenceRoute(String id, EngineParams p, long createdMillis, boolean countDecisions, EventSink events,
                   StateSink sync) {
        this.id = id;
        this.p = p;
        this.counters = countDecisions ? new long[7] : null;
        this.events = events;
        this.sync = sync;
        this.tuner = p.tunerEnabled
                ? new AutoTuner(p.tunerAlpha, p.tunerSensitivity, p.tunerMinFloor, p.tunerHardCeiling,
                        p.tunerWarmupTicks, p.tunerRecoveryMultiplier)
                : null;
        setProfile(p.profiles.indexFor(id));
        this.resistance = p.bootstrapResistance;
        // The first update sees Δt = 0: a route has no past to decay.
        this.lastUpdatedMillis = createdMillis;
        this.breakPoint = currentBreakPoint();
        this.recoveryPoint = currentRecoveryPoint(breakPoint);
    }

    /** One update of SPEC §2; null when this route was removed (the caller retries on a new one). */
    synchronized RouteDecision update(double latencyMs, double errorRate, double saturation,
                                      double voltage, long nowMillis) {
        if (removed) {
            return null;
        }
        // §2.2 normalization; §2.9 non-finite components count as 0 before it.
        double pLat = Physics.pressure(Physics.sanitize(latencyMs), latencyBaseline, p.tanhScale);
        double pErr = Physics.pressure(Physics.sanitize(errorRate), p.baselineError, p.tanhScale);
        double pSat = Physics.pressure(Physics.sanitize(saturation), p.baselineSaturation, p.tanhScale);

        // §2.9: a clock that went back gives Δt = 0 and lastUpdatedAt keeps the later time.
        long deltaMs = 0;
        if (nowMillis > lastUpdatedMillis) {
            deltaMs = nowMillis - lastUpdatedMillis;
            if (deltaMs < 0) { // the subtraction overflowed: an astronomically long silence
                deltaMs = Long.MAX_VALUE;
            }
            lastUpdatedMillis = nowMillis;
        }

        tickCount++;
        Mode before = mode;

        if (sync != null) {
            queueForPublish(); // §5: this update's vector goes to the provider (coalesced per route)
        }
        if (before == Mode.BOOTSTRAP && tickCount < p.bootstrapTicks) {
            // §2.6: while tickCount < N only the pressure, tickCount and lastUpdatedAt change.
            rememberPressure(pLat, pErr, pSat);
            return decide(voltage, before, nowMillis, deltaMs, pLat, pErr, pSat);
        }

        // §2.3 momentum: 0 on the update that ends bootstrap.
        if (before == Mode.BOOTSTRAP) {
            momentum = 0.0;
        } else {
            momentum = Physics.clampNonNegative(Physics.momentum(
                    pLat - prevLatencyPressure, pErr - prevErrorPressure, pSat - prevSaturationPressure, deltaMs));
        }

        // §2.4 scar tissue with the check valve: only the positive part of P can scar.
        double decay = Physics.decayFactor(p.decayRate, deltaMs);
        double trauma = Physics.trauma(Physics.positiveNorm(pLat, pErr, pSat), p.criticalPressure, scarFactor);
        scar = Physics.scar(scar, decay, trauma);

        // §2.5 resistance.
        double weighted = Physics.weightedPressure(pLat, pErr, pSat, p.weightLatency, p.weightError, p.weightSaturation);
        resistance = Physics.resistance(p.baseResistance, weighted, p.dampingFactor, momentum, scar);

        if (before == Mode.BOOTSTRAP) {
            // §2.6: the update that makes tickCount = N moves to OPERATIONAL; no tuner sample, no break check.
            mode = Mode.OPERATIONAL;
        } else {
            // §2.7: the tuner sees R before the break check of the same update.
            if (tuner != null) {
                tuner.observe(resistance);
            }
            breakPoint = currentBreakPoint();
            recoveryPoint = currentRecoveryPoint(breakPoint);
            // §2.6: the mode before the update decides which check applies.
            if (before == Mode.OPERATIONAL) {
                if (resistance >= breakPoint) {
                    mode = Mode.CIRCUIT_BREAKER;
                }
            } else {
                double pressureNorm = Physics.norm(pLat, pErr, pSat);
                if ((scar < scarFactor && pressureNorm < p.criticalPressure) || resistance < recoveryPoint) {
                    mode = Mode.OPERATIONAL;
                }
            }
        }

        rememberPressure(pLat, pErr, pSat);
        return decide(voltage, before, nowMillis, deltaMs, pLat, pErr, pSat);
    }

    private void queueForPublish() {
        if (queued) {
            coalesced++;
        } else if (sync.offer(id, PhysicsEngine.NO_TOKEN)) {
            queued = true;
        }
    }

    /** SPEC §5 merge of a remote scar; false when removed or never updated. See {@link ScarMerge}. */
    synchronized boolean mergeRemoteScar(double remoteScar, long remoteUpdatedAtMillis, double remoteWeight,
                                         long nowMillis) {
        if (removed || tickCount == 0) {
            return false;
        }
        setScar(ScarMerge.blend(scar, remoteScar, remoteUpdatedAtMillis, remoteWeight, p.decayRate, nowMillis));
        return true;
    }

    /**
     * A scar set outside an update (a remote merge, a lease outcome). §2.5 with the last pressure
     * and momentum: reads between updates see the new scar (in BOOTSTRAP R stays 1.2·R_base).
     */
    private void setScar(double newScar) {
        scar = newScar;
        if (mode != Mode.BOOTSTRAP) {
            double weighted = Physics.weightedPressure(prevLatencyPressure, prevErrorPressure, prevSaturationPressure,
                    p.weightLatency, p.weightError, p.weightSaturation);
            resistance = Physics.resistance(p.baseResistance, weighted, p.dampingFactor, momentum, scar);
        }
    }

    /** Reads the shareable state and clears the queued mark; false when removed or never updated. */
    synchronized boolean readForPublish(VectorSnapshot out) {
        if (removed || tickCount == 0) {
            return false;
        }
        out.scar = scar;
        out.momentum = momentum;
        out.resistance = resistance;
        out.mode = mode.ordinal();
        out.tickCount = tickCount;
        out.lastUpdatedMillis = lastUpdatedMillis;
        out.coalesced = coalesced;
        out.queued = queued;
        queued = false;
        coalesced = 0;
        return true;
    }

    private void rememberPressure(double pLat, double pErr, double pSat) {
        prevLatencyPressure = pLat;
        prevErrorPressure = pErr;
        prevSaturationPressure = pSat;
    }

    private RouteDecision decide(double voltage, Mode before, long nowMillis, long deltaMs,
                                 double pLat, double pErr, double pSat) {
        // §2.8: allow = mode ≠ CIRCUIT_BREAKER && V > R.
        Reason reason = Admission.decide(mode == Mode.CIRCUIT_BREAKER, resistance, voltage);
        if (counters != null) {
            counters[reason.ordinal()]++;
            if (before != Mode.CIRCUIT_BREAKER && mode == Mode.CIRCUIT_BREAKER) {
                counters[4]++;
            } else if (before == Mode.CIRCUIT_BREAKER && mode != Mode.CIRCUIT_BREAKER) {
                counters[5]++;
            }
        }
        if (events != null) {
            // §6: reported under the route's monitor, so one route's events are in update order.
            events.publish(id, nowMillis, deltaMs, tickCount, before.ordinal(), mode.ordinal(), resistance,
                    scar, momentum, Physics.norm(pLat, pErr, pSat), voltage, reason.ordinal());
        }
        return new RouteDecision(id, reason == Reason.OK, reason, mode, resistance, scar, momentum, tickCount);
    }

    /** A counted decision on the current state, without an update; null when removed. */
    synchronized Reason decideOnly(double voltage) {
        if (removed || tickCount == 0) {
            return null;
        }
        Reason reason = Admission.decide(mode == Mode.CIRCUIT_BREAKER, resistance, voltage);
        if (counters != null) {
            counters[reason.ordinal()]++;
        }
        return reason;
    }

    /**
     * Moves the decision just counted for {@code reason} to admitted and probes (a guard let the
     * request through as its probe). The caller holds this route's monitor since the decision.
     */
    void countAsProbe(int reason) {
        if (counters != null && ProbeCountingHandle.probeable(reason)) {
            counters[reason]--;
            counters[Reason.OK.ordinal()]++;
            counters[6]++;
        }
    }

    /** The decision counters, or null when they are not kept. */
    synchronized RouteCounters counters() {
        if (counters == null || tickCount == 0) {
            return null;
        }
        return new RouteCounters(counters[0], counters[1], counters[2], counters[3], counters[4], counters[5],
                counters[6]);
    }

    private double currentBreakPoint() {
        return tuner == null ? p.staticBreakPoint : tuner.breakPoint(p.staticBreakPoint);
    }

    private double currentRecoveryPoint(double bp) {
        return tuner == null ? p.staticRecoveryPoint : tuner.recoveryPoint(bp);
    }

    /** Takes the latency baseline and σ of profile {@code index} (§4). */
    synchronized void setProfile(int index) {
        latencyBaseline = p.profiles.latencyBaseline(index);
        scarFactor = p.profiles.scarFactor(index);
    }

    /**
     * A lease outcome (§4): one update not counted as a decision, then S += σ_route·sigmas at once
     * and R recomputed (outside BOOTSTRAP) from the pressure and momentum of that update; false
     * when this route was removed (the caller retries on a new one).
     */
    synchronized boolean recordOutcome(double latencyMs, double errorRate, double saturation, double voltage,
                                       long nowMillis, double sigmas) {
        RouteDecision d = update(latencyMs, errorRate, saturation, voltage, nowMillis);
        if (d == null) {
            return false;
        }
        if (counters != null) {
            counters[d.reason().ordinal()]--;
        }
        if (sigmas > 0) {
            setScar(Physics.outcomeScar(scar, scarFactor, sigmas));
        }
        return true;
    }

    synchronized void markRemoved() {
        removed = true;
    }

    /** A snapshot, or null before the first update completed (the creating call still runs). */
    synchronized RouteState snapshot() {
        if (tickCount == 0) {
            return null;
        }
        return new RouteState(id, mode, resistance, scar, momentum, tickCount, lastUpdatedMillis,
                breakPoint, recoveryPoint);
    }
}
