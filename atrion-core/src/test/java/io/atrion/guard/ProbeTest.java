package io.atrion.guard;

import static io.atrion.guard.GuardTesting.trip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.RouteCounters;
import io.atrion.RouteState;
import io.atrion.VoltageTier;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Probes: judged on their own terms, leased, counted as what clients saw. */
class ProbeTest {

    private final ManualClock clock = new ManualClock(3_000_000);

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aHungProbeExpiresAndTheNextProbeGoes(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).build();
        RouteGuard g = a.guard("dep"); // probeTimeoutMillis 5000
        trip(g, clock);
        clock.advance(1_000);
        CompletableFuture<String> blackHole = new CompletableFuture<>();
        CompletionStage<String> hung = g.executeCompletionStage(100, () -> blackHole);
        assertTrue(g.probeInFlight());
        assertEquals(1, g.inFlight());
        assertEquals(1, g.probesStarted());

        clock.advance(4_999);
        assertTrue(g.tryCall(100, () -> "x").isRejected(), "the lease holds for 5 s");
        assertEquals(1, g.inFlight());
        clock.advance(1);
        GuardResult<String> next = g.tryCall(100, () -> "the dependency answers again");
        assertTrue(next.isProbe(), "the expired lease let this call probe");
        assertEquals(1, g.probesExpired());
        assertEquals(2, g.probesStarted());
        assertEquals(0, g.inFlight(), "the hung probe left the in-flight count");

        long completed = g.completedCalls();
        blackHole.complete("far too late");
        assertTrue(hung.toCompletableFuture().isDone());
        assertEquals(completed, g.completedCalls(), "a probe that ends after its lease is ignored");
        assertEquals(0, g.inFlight());

        // The dependency is healthy again: the route closes its breaker by itself.
        long healedAt = clock.millis();
        while (g.isOpen() && clock.millis() - healedAt < 60_000) {
            clock.advance(100);
            g.executeCompletionStage(100, () -> CompletableFuture.completedFuture("ok"));
        }
        assertEquals(Mode.OPERATIONAL, g.handle().mode(), "healed although the first probe never came back");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aFailedProbeIsOneUpdateNotAOneSampleErrorRate(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).autoTunerDisabled().build();
        RouteGuard g = a.guard("dep");
        trip(g, clock);
        double staleErrors = g.averageErrorRate();
        double staleLatency = g.averageLatencyMs();
        for (int probe = 0; probe < 5; probe++) {
            clock.advance(1_000);
            GuardResult<String> r = g.tryCall(100, () -> {
                clock.advance(20);
                throw new IllegalStateException("still down");
            });
            assertTrue(r.isProbe());
            assertEquals(staleErrors, g.averageErrorRate(), "the averages keep the failures the probe confirmed");
            assertEquals(staleLatency, g.averageLatencyMs());
            RouteState before = g.handle().state().orElseThrow();
            // Ten callers in the next second: the first finds the probe's end as evidence and
            // updates; the others find nothing new.
            for (int i = 0; i < 9; i++) {
                clock.advance(100);
                assertTrue(g.tryCall(100, () -> "x").isRejected());
            }
            RouteState after = g.handle().state().orElseThrow();
            assertEquals(before.tickCount() + 1, after.tickCount(), "one update per failed probe");
            // That update sees the stale failing averages: trauma, σ = 5 on the decayed scar
            // (SPEC §2.4): S = S_before · e^(−λ·Δt/1000) + σ.
            double expected = before.scar()
                    * StrictMath.exp((-0.1) * ((after.lastUpdatedMillis() - before.lastUpdatedMillis()) / 1000.0)) + 5;
            assertEquals(expected, after.scar(), 1e-9);
            assertEquals(Mode.CIRCUIT_BREAKER, after.mode());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aProbeIsCountedAsAdmittedAndAsAProbe(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).decisionCounters(true).build();
        RouteGuard g = a.guard("dep");
        trip(g, clock);
        RouteCounters before = a.counters("dep").orElseThrow();
        clock.advance(1_500);
        Permit probe = g.tryAcquirePermission(100);
        assertTrue(probe.isProbe());
        RouteCounters after = a.counters("dep").orElseThrow();
        assertEquals(before.admitted() + 1, after.admitted());
        assertEquals(before.probes() + 1, after.probes());
        assertEquals(before.rejectedCircuitOpen(), after.rejectedCircuitOpen(), "served, so not a rejection");
        assertEquals(Permit.REJECTED, g.tryAcquirePermission(100));
        assertEquals(after.rejectedCircuitOpen() + 1, a.counters("dep").orElseThrow().rejectedCircuitOpen());
        assertTrue(g.releasePermission(probe));
    }

    /** What the callers of a storm and a heal saw, by outcome, against the decision counters. */
    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void decisionCountersEqualWhatCallersSaw(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).decisionCounters(true).build();
        RouteGuard g = a.guard("dep");
        Map<Reason, Long> seen = new EnumMap<>(Reason.class);
        long served = 0;
        long probes = 0;
        boolean[] healthy = {true};
        for (int i = 0; i < 1_800; i++) { // 20 s calm, 60 s outage, 100 s heal, a call every 100 ms
            healthy[0] = i < 200 || i >= 800;
            clock.advance(100);
            double voltage = i % 3 == 0 ? 100 : 20; // probes on CIRCUIT_OPEN and INSUFFICIENT_VOLTAGE
            GuardResult<String> r = g.tryCall(voltage, () -> {
                clock.advance(healthy[0] ? 30 : 200);
                if (!healthy[0]) {
                    throw new IllegalStateException("down");
                }
                return "ok";
            });
            if (r.isRejected()) {
                seen.merge(r.rejection().orElseThrow().reason(), 1L, Long::sum);
            } else {
                served++;
                probes += r.isProbe() ? 1 : 0;
            }
        }
        RouteCounters c = a.counters("dep").orElseThrow();
        assertTrue(probes > 10, "the storm made the guard probe: " + probes);
        assertEquals(served, c.admitted(), "admitted = served, probes included");
        assertEquals(probes, c.probes());
        assertEquals(probes, g.probesStarted());
        assertEquals(seen.getOrDefault(Reason.CIRCUIT_OPEN, 0L), c.rejectedCircuitOpen());
        assertEquals(seen.getOrDefault(Reason.INSUFFICIENT_VOLTAGE, 0L), c.rejectedInsufficientVoltage());
        assertEquals(0, c.rejectedInvalidVoltage());
        assertEquals(1_800, c.admitted() + c.rejected(), "one decision per caller");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aReleasedProbePermitLetsTheNextProbeGoAtOnce(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).build();
        RouteGuard g = a.guard("dep");
        trip(g, clock);
        clock.advance(1_000);
        Permit probe = g.tryAcquirePermission(100);
        assertTrue(probe.isProbe());
        long completed = g.completedCalls();
        assertTrue(g.releasePermission(probe), "the call was never made");
        assertFalse(g.releasePermission(probe), "released once");
        assertFalse(g.probeInFlight());
        assertEquals(0, g.inFlight());
        assertEquals(completed, g.completedCalls(), "nothing was measured");
        Permit again = g.tryAcquirePermission(100);
        assertTrue(again.isProbe(), "no probe interval to wait: the first probe never happened");
        g.onSuccess(again, 10);
        assertEquals(0, g.inFlight());
    }
    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aRouteCalledOnlyAtTheBottomOfTheLadderHealsByItsOwnProbes(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).build();
        RouteGuard g = a.guard("dep"); // probeMinVoltage 0: every caller above R_base may probe
        RouteGuard floored = a.guards().guard("floored", GuardConfig.builder().probeMinVoltage(20).build());
        trip(g, clock);
        trip(floored, clock);
        long flooredTicks = floored.handle().tickCount();
        double scarAtTrip = g.handle().scar();
        double bulk = a.voltage(VoltageTier.BULK); // 12 V
        long healedAt = clock.millis();
        long flowedAfterMs = -1;
        // The dependency is healthy again; only bulk callers come, one every 100 ms, 5 ms each.
        for (int i = 0; i < 6_000; i++) { // 10 minutes
            clock.advance(100);
            GuardResult<String> r = g.tryCall(bulk, () -> {
                clock.advance(5);
                return "ok";
            });
            if (flowedAfterMs < 0 && r.isSuccess() && !r.isProbe()) {
                flowedAfterMs = clock.millis() - healedAt;
            }
            assertTrue(floored.tryCall(bulk, () -> "ok").isRejected(), "below its 20 V floor: shed, never a probe");
        }
        // The route with a floor above its callers never learns: a rejected call is no evidence, so
        // without a probe nothing starts or ends, the guard never updates it, and only an update can
        // close a breaker (SPEC §2.6).
        assertEquals(0, floored.probesStarted());
        assertEquals(flooredTicks, floored.handle().tickCount());
        assertEquals(Mode.CIRCUIT_BREAKER, floored.handle().mode());
        // The other one probes with its bulk callers (one per second: no call ended for a probe
        // interval). Each passed probe restarts the averages, the next update sees a healthy route
        // (negative pressures, no trauma) and decays the scar: 12 V flows once R_base + S < 12,
        // S = S0·e^(−λt) < 2, t = ln(S0/2)/λ with λ = 0.1/s, plus up to a probe interval for the
        // first probe and one more for the update that sees the decayed scar.
        assertTrue(g.probesStarted() > 0);
        assertTrue(flowedAfterMs >= 0, "bulk traffic flows again");
        double boundMs = Math.log(scarAtTrip / 2) / 0.1 * 1000 + 2_000;
        assertTrue(flowedAfterMs <= boundMs, flowedAfterMs + " ms after the heal; bound " + boundMs + " ms");
        assertEquals(Mode.OPERATIONAL, g.handle().mode());
    }
}
