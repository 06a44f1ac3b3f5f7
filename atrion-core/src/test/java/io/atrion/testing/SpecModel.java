package io.atrion.testing;

import io.atrion.AutoTunerConfig;
import io.atrion.Mode;
import io.atrion.PhysicsConfig;
import io.atrion.Reason;
import io.atrion.Slo;
import io.atrion.Telemetry;

/**
 * One route of SPEC.md §2 written as a plain state machine from the text of the spec, using only
 * {@link SpecMath}: an independent oracle that property tests compare the engines with, field by field.
 * Not thread-safe; one instance per route.
 */
public final class SpecModel {

    private final double rBase;
    private final double lambda;
    private final double sigma;
    private final double mu;
    private final double pCrit;
    private final double gamma;
    private final int n;
    private final double k;
    private final double baselineLatency;
    private final double baselineError;
    private final double[] w;
    private final AutoTunerConfig tuner;

    private Mode mode = Mode.BOOTSTRAP;
    private double r;
    private double s;
    private double m;
    private double[] prevP;
    private long tick;
    private long last;
    private double tunerMean;
    private double tunerVar;
    private long tunerSamples;
    private double breakPoint;
    private double recoveryPoint;

    /** @param tuner null when the AutoTuner is off */
    public SpecModel(PhysicsConfig physics, Slo slo, AutoTunerConfig tuner) {
        this.rBase = physics.baseResistance();
        this.lambda = physics.decayRate();
        this.sigma = physics.scarFactor();
        this.mu = physics.dampingFactor();
        this.pCrit = physics.criticalPressure();
        this.gamma = physics.breakMultiplier();
        this.n = physics.bootstrapTicks();
        this.k = physics.tanhScale();
        this.baselineLatency = slo.baselineLatencyMs();
        this.baselineError = slo.targetErrorRate();
        this.w = new double[] {
            SpecMath.weight(slo.latencyCriticality()),
            SpecMath.weight(slo.errorCriticality()),
            SpecMath.weight(slo.saturationCriticality()),
        };
        this.tuner = tuner;
        this.r = 1.2 * rBase; // §2.6: a new route starts with R = 1.2·R_base
        thresholds();
    }

    /** The expected outcome of one update. */
    public record Expected(Mode mode, double resistance, double scar, double momentum, long tickCount,
                           Reason reason, long lastUpdatedMillis, double breakPoint, double recoveryPoint,
                           double pressureNorm) {
        public boolean allowed() {
            return reason == Reason.OK;
        }
    }

    public Expected update(Telemetry t, double voltage, long now) {
        double[] p = SpecMath.pressures(t, baselineLatency, baselineError, k);
        // §2.9: a clock that went back gives Δt = 0; lastUpdatedAt keeps the later time. A new route has
        // no past (Δt does not matter on its first update: S = 0 and M = 0 there).
        long dt = 0;
        if (tick == 0) {
            last = now;
        } else if (now > last) {
            dt = now - last;
            last = now;
        }
        tick++;
        Mode before = mode;
        if (before == Mode.BOOTSTRAP && tick < n) {
            prevP = p;
            return expected(voltage, p);
        }
        // §2.3: M = ‖ΔP‖/Δt, 0 when Δt = 0 and on the update that ends bootstrap
        m = before == Mode.BOOTSTRAP || dt == 0 ? 0.0 : SpecMath.normOfDifference(p, prevP) / dt;
        // §2.4
        double trauma = SpecMath.positiveNorm(p) > pCrit ? sigma : 0.0;
        s = s * SpecMath.decay(lambda, dt) + trauma;
        // §2.5 and the §2.9 clamp
        r = Math.max(rBase, ((rBase + SpecMath.dot(p, w)) + mu * m) + s);
        r = Math.min(r, SpecMath.MAX_R);
        if (before == Mode.BOOTSTRAP) {
            mode = Mode.OPERATIONAL; // no tuner sample, no break check
        } else {
            if (tuner != null) { // §2.7: fed before the check
                if (tunerSamples == 0) {
                    tunerMean = r;
                    tunerVar = 0;
                } else {
                    double alpha = 2.0 / (tuner.windowSize() + 1.0);
                    double delta = r - tunerMean;
                    tunerMean = tunerMean + alpha * delta;
                    tunerVar = (1 - alpha) * (tunerVar + (alpha * delta) * delta);
                }
                tunerSamples++;
            }
            thresholds();
            if (before == Mode.OPERATIONAL) {
                if (r >= breakPoint) {
                    mode = Mode.CIRCUIT_BREAKER;
                }
            } else if ((s < sigma && SpecMath.norm(p) < pCrit) || r < recoveryPoint) {
                mode = Mode.OPERATIONAL;
            }
        }
        prevP = p;
        return expected(voltage, p);
    }

    private void thresholds() {
        double staticBreak = rBase * gamma;
        if (tuner == null) {
            breakPoint = staticBreak;
            recoveryPoint = (0.5 * rBase) * gamma;
        } else {
            if (tunerSamples < tuner.warmupTicks()) {
                breakPoint = staticBreak;
            } else {
                double tuned = tunerMean + tuner.sensitivity() * StrictMath.sqrt(Math.max(0, tunerVar));
                breakPoint = Math.min(Math.max(tuned, tuner.minFloor()), tuner.hardCeiling());
            }
            recoveryPoint = Math.max(0.5 * tuner.minFloor(), breakPoint * tuner.recoveryMultiplier());
        }
    }

    private Expected expected(double voltage, double[] p) {
        Reason reason;
        if (Double.isNaN(voltage) || Double.isInfinite(voltage) || voltage < 0) {
            reason = Reason.INVALID_VOLTAGE;
        } else if (mode == Mode.CIRCUIT_BREAKER) {
            reason = Reason.CIRCUIT_OPEN;
        } else {
            reason = voltage > r ? Reason.OK : Reason.INSUFFICIENT_VOLTAGE;
        }
        return new Expected(mode, r, s, m, tick, reason, last, breakPoint, recoveryPoint, SpecMath.norm(p));
    }
}
