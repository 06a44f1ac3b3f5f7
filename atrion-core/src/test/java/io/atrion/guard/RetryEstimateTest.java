package io.atrion.guard;

import static io.atrion.guard.GuardTesting.noProbes;
import static io.atrion.guard.GuardTesting.trip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.RouteDecision;
import io.atrion.RouteState;
import io.atrion.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Retry-After estimate, derived by hand: healthy from now on, R ≤ R_base + S(t) with
 * S(t) = S₀·e^(−λt), so the wait for S to fall below a target T is ln(S₀/T)/λ.
 */
class RetryEstimateTest {

    private final ManualClock clock = new ManualClock(5_000_000);

    @Test
    void arithmeticByHand() {
        // Circuit open: S₀ = 80, σ = 5, recovery point 50, R_base 10 → T = max(5, 50 − 10) = 40;
        // ln(80/40)/0.1 = 10·ln 2 = 6.931 s → 6932 ms (rounded up).
        assertEquals(6932, RetryEstimate.circuitOpen(80, 5, 50, 10, 0.1, 0));
        // T = max(σ, rp − R_base) = max(5, 15 − 10) = 5 when the AutoTuner's floor makes rp 15:
        // ln(40/5)/0.1 = 10·ln 8 = 20.794 s.
        assertEquals(20795, RetryEstimate.circuitOpen(40, 5, 15, 10, 0.1, 0));
        assertEquals(0, RetryEstimate.circuitOpen(4, 5, 15, 10, 0.1, 0), "already below σ");
        assertEquals(5000, RetryEstimate.circuitOpen(4, 5, 15, 10, 0.1, 5000), "never before the next probe");
        assertEquals(RetryEstimate.NEVER, RetryEstimate.circuitOpen(40, 5, 15, 10, 0.0, 0), "λ = 0: no forgiveness");
        // Insufficient voltage: S₀ = 30, V = 20, R_base = 10 → T = V − R_base = 10; ln 3/0.1 = 10.986 s.
        assertEquals(10987, RetryEstimate.insufficientVoltage(30, 20, 10, 0.1));
        // With the interactive preset's λ = 0.3: ln 3/0.3 = 3.662 s.
        assertEquals(3663, RetryEstimate.insufficientVoltage(30, 20, 10, 0.3));
        assertEquals(0, RetryEstimate.insufficientVoltage(9, 20, 10, 0.1), "S below V − R_base: the load, not scar");
        assertEquals(RetryEstimate.NEVER, RetryEstimate.insufficientVoltage(0, 10, 10, 0.1), "V ≤ R_base never passes");
        // Decay: 80·e^(−0.1·2) = 65.498...
        assertEquals(80 * Math.exp(-0.2), RetryEstimate.decayed(80, 0.1, 2000), 1e-12);
        assertEquals(80, RetryEstimate.decayed(80, 0.1, -5), "a clock that went back: no decay");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void anOpenBreakerFromTheRoutesState(Engine engine) {
        // AutoTuner off: the static recovery point 0.5·R_base·γ = 50.
        Atrion a = Atrion.builder().engine(engine).clock(clock).autoTunerDisabled().build();
        RouteGuard g = a.guards().guard("dep", noProbes());
        trip(g, clock);
        clock.advance(2_000);
        GuardResult<String> shed = g.tryCall(100, () -> "never");
        RouteDecision d = shed.rejection().orElseThrow();
        assertEquals(Reason.CIRCUIT_OPEN, d.reason());
        RouteState s = g.handle().state().orElseThrow();
        // S now = S·e^(−λ·(now − lastUpdated)/1000); T = max(5, 50 − 10) = 40; ceil(1000·ln(S/T)/λ).
        double scarNow = s.scar() * Math.exp(-0.1 * (clock.millis() - s.lastUpdatedMillis()) / 1000.0);
        assertTrue(scarNow > 40, "the breaker opened at R ≥ 100: S ≈ 85 > 40");
        long expected = (long) Math.ceil(1000 * Math.log(scarNow / 40) / 0.1);
        assertEquals(expected, g.retryAfterMillis(d, 100));
        // Later, the estimate shrinks by the time that passed (no update in between: no evidence).
        clock.advance(3_000);
        assertEquals(expected - 3_000, g.retryAfterMillis(d, 100), 1);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void insufficientVoltageFromTheRoutesState(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).clock(clock).autoTunerDisabled().build();
        RouteGuard g = a.guard("busy");
        // Shape the route with direct updates: bootstrap, a few stressed updates that scar it, then healthy.
        for (int i = 0; i < 10; i++) {
            clock.advance(100);
            a.route("busy", Telemetry.of(80, 0, 0.4));
        }
        for (int i = 0; i < 6; i++) {
            clock.advance(100);
            a.route("busy", Telemetry.of(450, 0.2, 0.9));
        }
        clock.advance(100);
        a.route("busy", Telemetry.of(50, 0, 0.1));
        RouteState s = a.state("busy").orElseThrow();
        assertEquals(Mode.OPERATIONAL, s.mode());
        assertTrue(s.resistance() > 20, "normal (20 V) is shed: R = " + s.resistance());
        RouteDecision shed = new RouteDecision("busy", false, Reason.INSUFFICIENT_VOLTAGE, s.mode(), s.resistance(),
                s.scar(), s.momentum(), s.tickCount());
        clock.advance(500);
        double scarNow = s.scar() * Math.exp(-0.1 * 0.5);
        // T = V − R_base = 20 − 10 = 10.
        assertEquals((long) Math.ceil(1000 * Math.log(scarNow / 10) / 0.1), g.retryAfterMillis(shed, 20));
        // A critical request (100 V) is never shed by this scar: T = 90 > S.
        assertEquals(0, g.retryAfterMillis(shed, 100));
        RouteDecision invalid = new RouteDecision("busy", false, Reason.INVALID_VOLTAGE, s.mode(), s.resistance(),
                s.scar(), s.momentum(), s.tickCount());
        assertEquals(0, g.retryAfterMillis(invalid, Double.NaN), "not a matter of waiting");
    }
}
