package io.atrion.internal.engine;

import io.atrion.AutoTunerConfig;
import io.atrion.PhysicsConfig;
import io.atrion.Slo;
import io.atrion.internal.physics.Physics;

/**
 * Everything an engine needs from the configuration, flattened into final primitive fields and
 * derived once (weights, baselines, static thresholds) so that no update recomputes them.
 *
 * <p>Internal: not part of the public API.
 */
public final class EngineParams {

    public final double baseResistance;
    public final double decayRate;
    public final double scarFactor;
    public final double dampingFactor;
    public final double criticalPressure;
    public final int bootstrapTicks;
    public final double tanhScale;

    public final double baselineLatency;
    public final double baselineError;
    public final double baselineSaturation;
    public final double weightLatency;
    public final double weightError;
    public final double weightSaturation;

    /** R of a route in BOOTSTRAP: 1.2·R_base. */
    public final double bootstrapResistance;
    public final double staticBreakPoint;
    public final double staticRecoveryPoint;

    public final boolean tunerEnabled;
    public final double tunerAlpha;
    public final double tunerSensitivity;
    public final double tunerMinFloor;
    public final double tunerHardCeiling;
    public final int tunerWarmupTicks;
    public final double tunerRecoveryMultiplier;

    public final PhysicsConfig physics;
    public final Slo slo;
    /** Null when the AutoTuner is off. */
    public final AutoTunerConfig autoTuner;
    /** Workload profiles (SPEC §4): per-route latency baseline and σ; entry 0 is STANDARD, the SLO's. */
    public final ProfileTable profiles;

    public EngineParams(PhysicsConfig physics, Slo slo, AutoTunerConfig autoTuner) {
        this.physics = physics;
        this.slo = slo;
        this.autoTuner = autoTuner;
        this.baseResistance = physics.baseResistance();
        this.decayRate = physics.decayRate();
        this.scarFactor = physics.scarFactor();
        this.dampingFactor = physics.dampingFactor();
        this.criticalPressure = physics.criticalPressure();
        this.bootstrapTicks = physics.bootstrapTicks();
        this.tanhScale = physics.tanhScale();
        this.baselineLatency = slo.baselineLatencyMs();
        this.baselineError = slo.targetErrorRate();
        this.baselineSaturation = slo.baselineSaturation();
        this.weightLatency = Physics.weight(slo.latencyCriticality());
        this.weightError = Physics.weight(slo.errorCriticality());
        this.weightSaturation = Physics.weight(slo.saturationCriticality());
        this.bootstrapResistance = Physics.BOOTSTRAP_RESISTANCE_FACTOR * baseResistance;
        this.staticBreakPoint = physics.staticBreakPoint();
        this.staticRecoveryPoint = physics.staticRecoveryPoint();
        this.tunerEnabled = autoTuner != null;
        AutoTunerConfig t = autoTuner != null ? autoTuner : AutoTunerConfig.defaults();
        this.tunerAlpha = t.alpha();
        this.tunerSensitivity = t.sensitivity();
        this.tunerMinFloor = t.minFloor();
        this.tunerHardCeiling = t.hardCeiling();
        this.tunerWarmupTicks = t.warmupTicks();
        this.tunerRecoveryMultiplier = t.recoveryMultiplier();
        this.profiles = new ProfileTable(baselineLatency, scarFactor);
    }
}
