package io.atrion.lease;

import static io.atrion.lease.LeaseTesting.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.RouteState;
import io.atrion.WorkloadProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC §4: an outcome adds its scar at once, σ·multiplier for FAILED, 1.5·σ·multiplier for
 * TIMEOUT, nothing for COMPLETED and ABORTED; both engines alike.
 *
 * <p>Derivation (defaults: σ = 5, R_base = 10, μ = 20). Every route is warmed up at its
 * baselines (S = 0, R = 10). Each lease heartbeats every 5 s (HEAVY's interval, and below every
 * other baseline used here), so its pace is at most its profile's baseline... except LIGHT, whose
 * lease ends after 10 ms with no heartbeat: pace 10 ms = LIGHT's baseline. The outcome update
 * therefore sees p_lat ≤ 0, p_err = p_sat = tanh(0) = 0: ‖P⁺‖ = 0, no trauma; S stays 0 (0·decay
 * + 0). The outcome then adds k·σ·m:
 * <ul>
 *   <li>HEAVY (m = 0.5, σ_route = 2.5): FAILED 2.5, TIMEOUT 1.5·2.5 = 3.75;</li>
 *   <li>EXTREME (m = 0.2, σ_route = 5·0.2 = 1.0 in double): FAILED 1.0, TIMEOUT 1.5;</li>
 *   <li>LIGHT (m = 2, σ_route = 10): FAILED 10;</li>
 *   <li>STANDARD (m = 1, σ_route = 5): FAILED 5.</li>
 * </ul>
 * Where the pace equals the baseline (HEAVY: 5 s; LIGHT: 10 ms), P = 0 as in the warm-up, so
 * M = ‖ΔP‖/Δt = 0 and R = max(10, ((10 + 0) + 20·0) + S) = 10 + S.
 */
class LeaseScarTest {

    private final ManualClock clock = new ManualClock(T0);

    private double scarAfter(Engine engine, WorkloadProfile profile, LeaseOutcome outcome, long durationMs) {
        Atrion a = LeaseTesting.atrion(engine, clock);
        try {
            LeaseTesting.warmUp(a, clock, "r", profile);
            assertEquals(0.0, a.state("r").orElseThrow().scar());
            TaskOptions.Builder o = TaskOptions.builder().onCancel(() -> { });
            if (outcome == LeaseOutcome.TIMEOUT) {
                o.maxDurationMillis(durationMs);
            }
            Lease lease = a.startTask("r", o.build());
            long elapsed = 0;
            while (elapsed + 5_000 <= durationMs) {
                clock.advance(5_000);
                elapsed += 5_000;
                lease.heartbeat(elapsed / (double) durationMs);
            }
            if (outcome == LeaseOutcome.TIMEOUT) {
                clock.advance(1); // one ms past the maximum duration
                a.leases().sweep();
                assertEquals(LeaseOutcome.TIMEOUT, lease.outcome().orElseThrow());
            } else {
                clock.advance(durationMs - elapsed);
                lease.release(outcome);
            }
            RouteState s = a.state("r").orElseThrow();
            assertEquals(Mode.OPERATIONAL, s.mode());
            if (profile.latencyBaselineMs(a.slo()) == 5_000 || profile == WorkloadProfile.LIGHT) {
                // pace = baseline: P = 0 as in the warm-up, so ΔP = 0, M = 0 and R = R_base + S.
                assertEquals(0.0, s.momentum());
                assertEquals(10.0 + s.scar(), s.resistance());
            }
            return s.scar();
        } finally {
            a.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "REFERENCE"})
    void heavyOutcomes(Engine engine) {
        assertEquals(0.0, scarAfter(engine, WorkloadProfile.HEAVY, LeaseOutcome.COMPLETED, 60_000));
        assertEquals(0.0, scarAfter(engine, WorkloadProfile.HEAVY, LeaseOutcome.ABORTED, 60_000));
        assertEquals(2.5, scarAfter(engine, WorkloadProfile.HEAVY, LeaseOutcome.FAILED, 60_000));
        assertEquals(3.75, scarAfter(engine, WorkloadProfile.HEAVY, LeaseOutcome.TIMEOUT, 60_000));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "REFERENCE"})
    void extremeOutcomes(Engine engine) {
        assertEquals(0.0, scarAfter(engine, WorkloadProfile.EXTREME, LeaseOutcome.COMPLETED, 600_000));
        assertEquals(1.0, scarAfter(engine, WorkloadProfile.EXTREME, LeaseOutcome.FAILED, 600_000));
        assertEquals(1.5, scarAfter(engine, WorkloadProfile.EXTREME, LeaseOutcome.TIMEOUT, 600_000));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "REFERENCE"})
    void lightAndStandardOutcomes(Engine engine) {
        assertEquals(10.0, scarAfter(engine, WorkloadProfile.LIGHT, LeaseOutcome.FAILED, 10));
        assertEquals(0.0, scarAfter(engine, WorkloadProfile.LIGHT, LeaseOutcome.COMPLETED, 10));
        assertEquals(5.0, scarAfter(engine, WorkloadProfile.STANDARD, LeaseOutcome.FAILED, 100));
    }

    /**
     * An outcome on a route with scar already: the outcome update decays it first. Two FAILED
     * HEAVY leases 60 s apart: after the first S = 2.5; the second's update decays it over
     * Δt = 60 s, S = 2.5·e^(−0.1·60) (no trauma), then adds 2.5.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "REFERENCE"})
    void scarDecaysBetweenOutcomes(Engine engine) {
        Atrion a = LeaseTesting.atrion(engine, clock);
        LeaseTesting.warmUp(a, clock, "r", WorkloadProfile.HEAVY);
        for (int i = 0; i < 2; i++) {
            Lease lease = a.startTask("r", TaskOptions.builder().onCancel(() -> { }).build());
            for (int beat = 0; beat < 12; beat++) {
                clock.advance(5_000);
                lease.heartbeat();
            }
            lease.release(LeaseOutcome.FAILED);
        }
        assertEquals(2.5 * StrictMath.exp(-0.1 * 60.0) + 2.5, a.state("r").orElseThrow().scar());
        a.close();
    }
}
