package io.atrion.guard;

import static io.atrion.guard.GuardTesting.trip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.RouteState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The guard updates the physics only on fresh evidence: a call started or ended since the last update. */
class EvidencePacingTest {

    private final ManualClock clock = new ManualClock(7_000_000);

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void anOpenBreakerWithoutNewCallsOnlyDecays(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).build();
        // Only 100 V calls may probe; the callers below send 50 V, so nothing starts or ends.
        RouteGuard g = a.guards().guard("dep", GuardConfig.builder().probeMinVoltage(100).build());
        trip(g, clock);
        clock.advance(200); // the call that opened the breaker ended: let that evidence be used once
        g.tryCall(50, () -> "rejected");
        RouteState open = g.handle().state().orElseThrow();
        assertEquals(Mode.CIRCUIT_BREAKER, open.mode());
        assertTrue(open.scar() > 0);

        // 30 s of callers every 100 ms, all rejected: no evidence, so no update and no trauma.
        // (Guard v2 updated every 100 ms with the stale averages of the failures: +σ each time.)
        for (int i = 0; i < 300; i++) {
            clock.advance(100);
            assertTrue(g.tryCall(50, () -> "never runs").isRejected());
        }
        RouteState silent = g.handle().state().orElseThrow();
        assertEquals(open.tickCount(), silent.tickCount(), "no update without evidence");
        assertEquals(open.scar(), silent.scar(), "no scar added by the stale averages");

        // A 100 V call probes and passes in 5 ms: the averages restart from it.
        clock.advance(100);
        GuardResult<String> probe = g.tryCall(100, () -> {
            clock.advance(5);
            return "healthy";
        });
        assertTrue(probe.isProbe());
        // The next admission updates with healthy telemetry: latency 5 ms vs the 100 ms baseline,
        // Wilson bound of 0 errors = 0 vs 0.01, nothing in flight vs 0.5: every pressure < 0, so
        // ‖P⁺‖ = 0 and no trauma. The scar decays over the whole silence since the last update
        // (SPEC §2.4): S = S_open · e^(−λ·Δt/1000) + 0, with λ = 0.1 and Δt = now − lastUpdated.
        clock.advance(100);
        long now = clock.millis();
        g.tryCall(50, () -> "whatever the decision");
        RouteState after = g.handle().state().orElseThrow();
        assertEquals(open.tickCount() + 1, after.tickCount());
        double expected = open.scar() * StrictMath.exp((-0.1) * ((now - open.lastUpdatedMillis()) / 1000.0));
        assertEquals(expected, after.scar(), "the scar only decayed");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void anUpdateNeedsACallThatStartedOrEndedSinceThePreviousOne(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).build();
        RouteGuard g = a.guard("quiet");
        // A new route's R is 1.2·R_base = 12: 50 V is admitted, 5 V is not.
        Permit call = g.tryAcquirePermission(50);
        assertEquals(1, g.handle().tickCount(), "the first admission always updates");
        clock.advance(100);
        assertTrue(g.tryCall(5, () -> "x").isRejected());
        assertEquals(2, g.handle().tickCount(), "evidence: a call started since the update");
        clock.advance(100);
        assertTrue(g.tryCall(5, () -> "x").isRejected());
        assertEquals(2, g.handle().tickCount(), "an interval passed, but nothing started or ended");
        clock.advance(100);
        g.onSuccess(call, 300);
        assertTrue(g.tryCall(5, () -> "x").isRejected());
        assertEquals(3, g.handle().tickCount(), "evidence: a call ended");
        clock.advance(10_000);
        assertTrue(g.tryCall(5, () -> "x").isRejected());
        assertEquals(3, g.handle().tickCount(), "ten silent seconds: still no update");
        assertTrue(g.tryCall(50, () -> "x").isSuccess());
        assertEquals(3, g.handle().tickCount(), "still no evidence: decided on the current state");
        assertTrue(g.tryCall(50, () -> "x").isSuccess());
        assertEquals(4, g.handle().tickCount(), "the previous call started and ended");
        assertTrue(g.tryCall(50, () -> "x").isSuccess());
        assertEquals(4, g.handle().tickCount(), "fresh evidence, but at most one update per interval");
    }
}
