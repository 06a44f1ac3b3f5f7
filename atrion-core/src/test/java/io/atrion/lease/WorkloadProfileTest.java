package io.atrion.lease;

import static io.atrion.lease.LeaseTesting.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.RouteDecision;
import io.atrion.RouteState;
import io.atrion.Slo;
import io.atrion.Telemetry;
import io.atrion.WorkloadProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The profile numbers of SPEC §4 and what a profile's baseline does to the physics. */
class WorkloadProfileTest {

    private final ManualClock clock = new ManualClock(T0);

    @Test
    void numbersOfSpecSection4() {
        check(WorkloadProfile.LIGHT, 10, 1_000, 0, 2.0);
        check(WorkloadProfile.STANDARD, 100, 30_000, 0, 1.0);
        check(WorkloadProfile.HEAVY, 5_000, 300_000, 5_000, 0.5);
        check(WorkloadProfile.EXTREME, 60_000, 3_600_000, 10_000, 0.2);
        check(WorkloadProfile.custom("VIDEO", 20_000, 900_000, 15_000, 0.3), 20_000, 900_000, 15_000, 0.3);
        assertFalse(WorkloadProfile.STANDARD.requiresCancellation());
        assertFalse(WorkloadProfile.LIGHT.requiresCancellation());
        assertTrue(WorkloadProfile.HEAVY.requiresCancellation());
        assertTrue(WorkloadProfile.EXTREME.requiresCancellation());
        // STANDARD follows the instance's SLO; the others are absolute.
        Slo fifty = Slo.builder().baselineLatencyMs(50).build();
        assertEquals(50.0, WorkloadProfile.STANDARD.latencyBaselineMs(fifty));
        assertEquals(5_000.0, WorkloadProfile.HEAVY.latencyBaselineMs(fifty));
    }

    private static void check(WorkloadProfile p, double baseline, long max, long heartbeat, double multiplier) {
        assertEquals(baseline, p.latencyBaselineMs(), p.name());
        assertEquals(max, p.maxDurationMillis(), p.name());
        assertEquals(heartbeat, p.heartbeatIntervalMillis(), p.name());
        assertEquals(multiplier, p.scarMultiplier(), p.name());
    }

    /**
     * The baseline shift: a 25-minute EXTREME job that heartbeats every 10 s has a pace of 10 s,
     * p_lat = tanh((10,000 − 60,000)/60,000) = tanh(−5/6) &lt; 0: no trauma, S stays 0. The same
     * 10 s against STANDARD's 100 ms baseline is p_lat = tanh(99) = 1 &gt; P_crit = 0.7: trauma σ = 5
     * on a STANDARD route (whose lease would have timed out after 30 s anyway: the pace is
     * reported as an ordinary update here).
     */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "REFERENCE"})
    void aTwentyFiveMinuteExtremeJobIsNotStress(Engine engine) {
        Atrion a = LeaseTesting.atrion(engine, clock);
        LeaseTesting.warmUp(a, clock, "genome", WorkloadProfile.EXTREME);
        Lease job = a.startTask("genome", TaskOptions.builder().onCancel(() -> { }).build());
        for (int beat = 1; beat <= 150; beat++) { // 150 × 10 s = 25 min
            clock.advance(10_000);
            assertTrue(job.heartbeat(beat / 150.0));
            if (beat % 50 == 0) {
                a.leases().sweep();
            }
        }
        assertTrue(job.isActive());
        assertEquals(1_500_000, a.leases().oldestAgeMillis("genome"));
        assertTrue(job.release(LeaseOutcome.COMPLETED));
        RouteState s = a.state("genome").orElseThrow();
        assertEquals(0.0, s.scar(), "no trauma");
        assertTrue(s.resistance() <= 10.0 + 1e-9, "R = max(R_base, R_base + P·W + μM) with P·W < 0: " + s.resistance());

        LeaseTesting.warmUp(a, clock, "api", WorkloadProfile.STANDARD);
        clock.advance(10_000);
        RouteDecision d = a.route("api", Telemetry.of(10_000, 0.01, 0.5));
        assertEquals(5.0, d.scar(), "the same 10 s is trauma against 100 ms");
        a.close();
    }

    /**
     * A route's profile sets the baseline of ordinary updates too: 5 s on a HEAVY route is
     * tanh(0) = 0, 9.9 s is tanh(0.98) = 0.7531 &gt; 0.7 (trauma σ·0.5 = 2.5), and on LIGHT 18 ms is
     * tanh(0.8) = 0.664 (no trauma) while 19 ms is tanh(0.9) = 0.7163 (trauma σ·2 = 10).
     */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "REFERENCE"})
    void profileBaselineAndSigmaInOrdinaryUpdates(Engine engine) {
        Atrion a = LeaseTesting.atrion(engine, clock);
        LeaseTesting.warmUp(a, clock, "heavy", WorkloadProfile.HEAVY);
        clock.advance(100);
        assertEquals(0.0, a.route("heavy", Telemetry.of(5_000, 0.01, 0.5)).scar());
        clock.advance(0);
        assertEquals(2.5, a.route("heavy", Telemetry.of(9_900, 0.01, 0.5)).scar());

        LeaseTesting.warmUp(a, clock, "light", WorkloadProfile.LIGHT);
        assertEquals(0.0, a.route("light", Telemetry.of(18, 0.01, 0.5)).scar());
        assertEquals(10.0, a.route("light", Telemetry.of(19, 0.01, 0.5)).scar());
        a.close();
    }

    /** Re-profiling a live route keeps its state and changes the next update's baseline. */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "REFERENCE"})
    void reprofilingALiveRoute(Engine engine) {
        Atrion a = LeaseTesting.atrion(engine, clock);
        LeaseTesting.warmUp(a, clock, "r", WorkloadProfile.STANDARD);
        long tick = a.state("r").orElseThrow().tickCount();
        a.registerProfile("r", WorkloadProfile.HEAVY);
        assertEquals(tick, a.state("r").orElseThrow().tickCount());
        // 1 s was trauma against 100 ms; against HEAVY's 5 s it is p = tanh(−0.8) < 0.
        assertEquals(0.0, a.route("r", Telemetry.of(1_000, 0.01, 0.5)).scar());
        a.close();
    }
}
