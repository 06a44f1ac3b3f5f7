package io.atrion.guard;

import static io.atrion.guard.GuardTesting.noProbes;
import static io.atrion.guard.GuardTesting.trip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.RouteDecision;
import io.atrion.RouteState;
import io.atrion.VoltageTier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The guard's decorators, rejection, classification, probes and pacing, on both engines, with a virtual clock. */
class RouteGuardTest {

    /** Weight of one call with the default window of 100: α = 2/101. */
    private static final double ALPHA = 2.0 / 101.0;

    private final ManualClock clock = new ManualClock(5_000_000);

    private Atrion atrion(Engine engine) {
        return Atrion.builder().engine(engine).clock(clock).build();
    }

    /** A call that takes {@code ms} of virtual time. */
    private <T> Supplier<T> taking(long ms, T value) {
        return () -> {
            clock.advance(ms);
            return value;
        };
    }

    // ---------------------------------------------------------------- call shapes

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void supplierRunsAndIsTimedWithTheInjectedClock(Engine engine) {
        RouteGuard g = atrion(engine).guard("s");
        Supplier<String> guarded = g.decorateSupplier(50, taking(250, "ok"));
        assertEquals("ok", guarded.get());
        // Average starts at the SLO baseline 100 ms: 100 + α·(250 − 100).
        assertEquals(100 + ALPHA * 150, g.averageLatencyMs(), 1e-12);
        assertEquals(0.0, g.averageErrorRate());
        assertEquals(1, g.completedCalls());
        assertEquals(0, g.inFlight());
        assertEquals(1, g.handle().tickCount(), "one admission = one physics update");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void supplierExceptionPropagatesAndCountsAsAnError(Engine engine) {
        RouteGuard g = atrion(engine).guard("s");
        Supplier<String> failing = g.decorateSupplier(VoltageTier.HIGH, () -> {
            clock.advance(30);
            throw new IllegalStateException("boom");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, failing::get);
        assertEquals("boom", e.getMessage());
        assertEquals(ALPHA, g.averageErrorRate(), 1e-15, "error indicator 1 averaged in from 0");
        assertEquals(100 + ALPHA * (30 - 100), g.averageLatencyMs(), 1e-12, "failed calls are timed too");
        assertEquals(0, g.inFlight());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void callableWithCheckedException(Engine engine) throws Exception {
        RouteGuard g = atrion(engine).guard("c");
        Callable<Integer> ok = g.decorateCallable(50, () -> 42);
        assertEquals(42, ok.call());
        Callable<Integer> bad = g.decorateCallable(VoltageTier.CRITICAL, () -> {
            throw new IOException("disk");
        });
        assertThrows(IOException.class, bad::call);
        assertEquals(2, g.completedCalls());
        assertEquals(ALPHA, g.averageErrorRate(), 1e-15);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void runnable(Engine engine) {
        RouteGuard g = atrion(engine).guard("r");
        AtomicInteger runs = new AtomicInteger();
        g.decorateRunnable(50, runs::incrementAndGet).run();
        g.decorateRunnable(runs::incrementAndGet).run(); // default voltage 100
        assertEquals(2, runs.get());
        Runnable failing = g.decorateRunnable(50, () -> {
            throw new UnsupportedOperationException();
        });
        assertThrows(UnsupportedOperationException.class, failing::run);
        assertEquals(3, g.completedCalls());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void slowCallWithoutTimeoutIsMeasuredInFull(Engine engine) {
        RouteGuard g = atrion(engine).guard("slow");
        assertEquals("late", g.executeSupplier(50, taking(60_000, "late")));
        assertEquals(100 + ALPHA * (60_000 - 100), g.averageLatencyMs(), 1e-9);
        // The next admission sees the slow average: p_lat = tanh((lat − 100)/100) ≈ 1.
        assertTrue(g.handle().tickCount() == 1);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void completionStageIsTimedUntilItCompletes(Engine engine) throws Exception {
        RouteGuard g = atrion(engine).guard("async");
        CompletableFuture<String> pending = new CompletableFuture<>();
        Supplier<CompletionStage<String>> guarded = g.decorateCompletionStage(50, () -> pending);
        CompletionStage<String> stage = guarded.get();
        assertEquals(1, g.inFlight(), "in flight until the stage completes");
        clock.advance(400);
        pending.complete("done");
        assertEquals("done", stage.toCompletableFuture().get());
        assertEquals(0, g.inFlight());
        assertEquals(100 + ALPHA * 300, g.averageLatencyMs(), 1e-12);

        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletionStage<String> s2 = g.executeCompletionStage(VoltageTier.HIGH.voltage(), () -> failing);
        failing.completeExceptionally(new IllegalStateException("remote"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> s2.toCompletableFuture().get());
        assertTrue(e.getCause() instanceof IllegalStateException);
        assertEquals(ALPHA, g.averageErrorRate(), 1e-15);
        assertEquals(2, g.completedCalls());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void completionStageSupplierThatThrowsCountsAnErrorAndFailsTheStage(Engine engine) {
        RouteGuard g = atrion(engine).guard("async");
        CompletionStage<String> s = g.executeCompletionStage(50, () -> {
            throw new IllegalArgumentException("bad request built");
        });
        CompletionException e = assertThrows(CompletionException.class, () -> s.toCompletableFuture().join());
        assertTrue(e.getCause() instanceof IllegalArgumentException);
        assertEquals(0, g.inFlight());
        assertEquals(1, g.completedCalls());
    }

    // ---------------------------------------------------------------- rejection

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void rejectedCallDoesNotRunAndTheExceptionCarriesTheDecision(Engine engine) {
        Atrion a = atrion(engine);
        RouteGuard g = a.guards().guard("dep", noProbes());
        trip(g, clock);
        AtomicInteger runs = new AtomicInteger();
        AtrionRejectedException e = assertThrows(AtrionRejectedException.class,
                () -> g.executeSupplier(100, runs::incrementAndGet));
        assertEquals(0, runs.get(), "a rejected call does not run");
        RouteDecision d = e.decision();
        assertEquals("dep", d.routeId());
        assertFalse(d.allowed());
        assertEquals(Reason.CIRCUIT_OPEN, d.reason());
        assertEquals(Mode.CIRCUIT_BREAKER, d.mode());
        assertEquals(a.state("dep").orElseThrow().resistance(), d.resistance());
        assertTrue(e.getMessage().contains("circuit open"), e.getMessage());
        assertEquals(0, e.getStackTrace().length, "no stack trace: shedding must be cheap");
        assertEquals(0, g.inFlight());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void tryCallNeverThrowsAndReturnsTheDecision(Engine engine) {
        RouteGuard g = atrion(engine).guards().guard("dep", noProbes());
        GuardResult<String> ok = g.tryCall(50, () -> "v");
        assertTrue(ok.isSuccess());
        assertTrue(ok.permit().granted());
        assertFalse(ok.isProbe());
        assertTrue(ok.permit().isEnded(), "the call ended with tryCall");
        assertEquals("v", ok.getOrThrow());

        GuardResult<String> failed = g.tryCall(50, () -> {
            throw new IOException("io");
        });
        assertFalse(failed.isSuccess());
        assertTrue(failed.failure().orElseThrow() instanceof IOException);
        assertThrows(RuntimeException.class, failed::getOrThrow);

        trip(g, clock);
        GuardResult<String> rejected = g.tryCall(100, () -> "never");
        assertTrue(rejected.isRejected());
        assertEquals(Reason.CIRCUIT_OPEN, rejected.rejection().orElseThrow().reason());
        assertTrue(rejected.value().isEmpty());
        assertThrows(AtrionRejectedException.class, rejected::getOrThrow);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void lowVoltageIsShedBeforeHighVoltageOnAStressedRoute(Engine engine) {
        RouteGuard g = atrion(engine).guard("busy");
        // Slow calls (300 ms vs a 100 ms baseline) raise R above the low tiers but not to the break point.
        for (int i = 0; i < 40; i++) {
            clock.advance(100);
            g.tryCall(100, () -> {
                clock.advance(300);
                return "slow";
            });
        }
        double r = g.handle().resistance();
        assertEquals(Mode.OPERATIONAL, g.handle().mode(), "R = " + r);
        assertTrue(r > VoltageTier.NORMAL.voltage() && r < VoltageTier.CRITICAL.voltage(), "R = " + r);
        GuardResult<String> low = g.tryCall(VoltageTier.LOW.voltage(), () -> "x");
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, low.rejection().orElseThrow().reason());
        assertTrue(g.tryCall(VoltageTier.CRITICAL.voltage(), () -> "x").isSuccess());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void completionStageRejectionFailsTheStageWithoutRunningTheSupplier(Engine engine) {
        RouteGuard g = atrion(engine).guards().guard("dep", noProbes());
        trip(g, clock);
        AtomicInteger runs = new AtomicInteger();
        CompletionStage<String> s = g.executeCompletionStage(100, () -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture("x");
        });
        CompletionException e = assertThrows(CompletionException.class, () -> s.toCompletableFuture().join());
        assertTrue(e.getCause() instanceof AtrionRejectedException);
        assertEquals(0, runs.get());
    }

    // ---------------------------------------------------------------- classification

    record HttpResponse(int status) {
    }

    static final class ClientError extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void pluggableClassificationOfResultsAndExceptions(Engine engine) {
        GuardConfig http = GuardConfig.builder()
                .recordResult(r -> r instanceof HttpResponse && ((HttpResponse) r).status() >= 500)
                .recordException(t -> !(t instanceof ClientError))
                .build();
        RouteGuard g = atrion(engine).guards().guard("http", http);
        g.executeSupplier(50, () -> new HttpResponse(404));
        assertEquals(0.0, g.averageErrorRate(), "4xx is not an error of the route");
        g.executeSupplier(50, () -> new HttpResponse(503));
        assertEquals(ALPHA, g.averageErrorRate(), 1e-15, "5xx is");
        double afterServerError = g.averageErrorRate();
        assertThrows(ClientError.class, () -> g.executeSupplier(50, () -> {
            throw new ClientError();
        }));
        assertEquals(afterServerError * (1 - ALPHA), g.averageErrorRate(), 1e-15, "ignored exception counts as 0");
        assertEquals(3, g.completedCalls());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void permitApiPairsAcquisitionWithCompletion(Engine engine) {
        RouteGuard g = atrion(engine).guard("low-level");
        Permit p = g.tryAcquirePermission(50);
        assertTrue(p.granted());
        assertFalse(p.isProbe());
        assertFalse(p.isEnded());
        assertEquals(1, g.inFlight());
        assertEquals(0.01, g.saturation(), 1e-15, "1 in flight of 100");
        g.onResult(p, 120, "x");
        assertTrue(p.isEnded());
        assertEquals(0, g.inFlight());
        assertThrows(IllegalArgumentException.class, () -> g.onSuccess(Permit.REJECTED, 1));
        assertThrows(IllegalArgumentException.class, () -> g.onSuccess(null, 1));
        assertThrows(IllegalStateException.class, () -> g.onError(p, 1), "a permit ends once");
        assertEquals(0, g.inFlight(), "the refused second end changed nothing");
        assertEquals(1, g.completedCalls());
    }

    // ---------------------------------------------------------------- self-healing

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void healedDependencyClosesTheBreakerWithinTheDocumentedBound(Engine engine) {
        for (long periodMs : new long[] {100, 10}) { // ≈ 10 and ≈ 100 calls per second
            SelfHealingScenario s = new SelfHealingScenario(engine);
            s.drive(20_000, periodMs, 50);
            assertEquals(Mode.OPERATIONAL, s.guard.handle().mode());
            s.healthy = false;
            s.drive(60_000, periodMs, 50);
            assertEquals(Mode.CIRCUIT_BREAKER, s.guard.handle().mode(), "the outage opened the breaker");
            s.healthy = true;
            long healedAt = s.clock.millis();
            // While open only failed probes scarred the route, σ per probe interval at most, so the
            // scar is at most S_h (below) plus one more σ for a probe already in flight. Healthy from
            // now on, R ≤ R_base + S(t) with S(t) = S·e^(−λt) (pressure ≤ 0 at the baselines), and the
            // breaker closes once R < recoveryPoint: t = ln(S / (recoveryPoint − R_base)) / λ, plus one
            // probe interval for the healthy probe and one update interval for the closing update.
            RouteState st = s.guard.handle().state().orElseThrow();
            double scarNow = st.scar() * Math.exp(-0.1 * (healedAt - st.lastUpdatedMillis()) / 1000.0) + 5;
            long boundMs = (long) Math.ceil(1000 * Math.log(scarNow / (st.recoveryPoint() - 10)) / 0.1) + 1_000 + 100;
            assertTrue(boundMs < 30_000, "the scar of an outage stays near σ/(1 − e^(−λ·1 s)) = 52.5: " + scarNow);
            while (s.guard.handle().mode() == Mode.CIRCUIT_BREAKER && s.clock.millis() - healedAt <= boundMs) {
                s.drive(periodMs, periodMs, 50);
            }
            assertEquals(Mode.OPERATIONAL, s.guard.handle().mode(),
                    "closed within " + boundMs + " ms at one call per " + periodMs + " ms");
            s.atrion.close();
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void lowVoltageCallersAloneAlsoHealTheRoute(Engine engine) {
        // Only 20 V callers: after the breaker closes, R stays above 20 V for a while; without
        // probes on INSUFFICIENT_VOLTAGE their stale averages would keep the route shed forever.
        SelfHealingScenario s = new SelfHealingScenario(engine);
        s.drive(20_000, 100, 20);
        s.healthy = false;
        s.drive(60_000, 100, 20);
        assertTrue(s.guard.handle().resistance() > 20, "shedding 20 V calls");
        s.healthy = true;
        long healedAt = s.clock.millis();
        boolean flowing = false;
        while (!flowing && s.clock.millis() - healedAt <= 50_000) {
            long probes = s.guard.probesStarted();
            boolean ran = s.call(20);
            flowing = ran && s.guard.probesStarted() == probes; // admitted, not as a probe
            s.clock.advance(100);
        }
        assertTrue(flowing, "20 V calls flow again within 50 s of the heal; R = " + s.guard.handle().resistance());
        assertEquals(Mode.OPERATIONAL, s.guard.handle().mode());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aRouteServingSomeTrafficDoesNotProbe(Engine engine) {
        RouteGuard g = atrion(engine).guard("busy");
        for (int i = 0; i < 40; i++) { // slow calls: R between the tiers
            clock.advance(100);
            g.tryCall(100, () -> {
                clock.advance(300);
                return "slow";
            });
        }
        assertTrue(g.handle().resistance() > 20);
        long probes = g.probesStarted();
        for (int i = 0; i < 50; i++) {
            clock.advance(100);
            g.tryCall(100, () -> "critical flows, so the averages stay fresh");
            assertTrue(g.tryCall(VoltageTier.NORMAL.voltage(), () -> "x").isRejected());
        }
        assertEquals(probes, g.probesStarted(), "no normal-voltage call leaked through as a probe");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void brokenDependencyStaysShedAndSeesAtMostOneProbePerInterval(Engine engine) {
        SelfHealingScenario s = new SelfHealingScenario(engine);
        s.drive(20_000, 100, 50);
        s.healthy = false;
        s.drive(10_000, 100, 50);
        assertEquals(Mode.CIRCUIT_BREAKER, s.guard.handle().mode());
        int runsBefore = s.callsRun;
        long probesBefore = s.guard.probesStarted();
        long windowMs = 120_000;
        s.drive(windowMs, 100, 50);
        assertEquals(Mode.CIRCUIT_BREAKER, s.guard.handle().mode(), "still broken: still shed");
        int ran = s.callsRun - runsBefore;
        long interval = s.guard.config().probeIntervalMillis();
        assertTrue(ran <= windowMs / interval + 1, ran + " calls reached the broken dependency in " + windowMs + " ms");
        assertTrue(ran >= windowMs / interval / 2, "probes keep trickling: " + ran);
        assertEquals(ran, s.guard.probesStarted() - probesBefore, "every call that ran was a probe");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void probesNeedTheVoltageFloorAndOnlyOneRunsAtATime(Engine engine) throws Exception {
        Atrion a = atrion(engine);
        RouteGuard g = a.guards().guard("dep", GuardConfig.builder().probeMinVoltage(VoltageTier.NORMAL.voltage()).build());
        trip(g, clock);
        long probesBefore = g.probesStarted();
        double staleErrors = g.averageErrorRate();
        double staleLatency = g.averageLatencyMs();
        clock.advance(1_000);
        // Below the configured 20 V floor: never a probe.
        assertTrue(g.tryCall(VoltageTier.LOW.voltage(), () -> "x").isRejected());
        // At the floor: one probe, which stays in flight.
        Permit probe = g.tryAcquirePermission(VoltageTier.NORMAL.voltage());
        assertTrue(probe.isProbe());
        assertTrue(g.probeInFlight());
        clock.advance(1_500);
        assertEquals(Mode.CIRCUIT_BREAKER, g.handle().mode());
        assertEquals(Permit.REJECTED, g.tryAcquirePermission(100), "a second probe waits for the first");
        g.onError(probe, 1_500);
        assertFalse(g.probeInFlight());
        assertEquals(staleErrors, g.averageErrorRate(), "a failed probe is not averaged in as a one-sample rate");
        assertEquals(staleLatency, g.averageLatencyMs());
        assertEquals(Permit.REJECTED, g.tryAcquirePermission(100),
                "a call just ended: the averages are fresh, no probe until they are a probe interval old");
        clock.advance(1_000);
        Permit second = g.tryAcquirePermission(100);
        assertTrue(second.isProbe(), "a probe interval since the last measurement and the last probe start");
        g.onError(second, 0);
        clock.advance(999);
        assertEquals(Permit.REJECTED, g.tryAcquirePermission(100), "999 ms after the last measurement");
        clock.advance(1);
        Permit third = g.tryAcquirePermission(100);
        assertTrue(third.isProbe());
        g.onSuccess(third, 5);
        assertEquals(0.0, g.averageErrorRate(), "a passed probe restarts the averages from itself");
        assertEquals(5.0, g.averageLatencyMs());
        assertEquals(0, g.inFlight());
        assertEquals(3, g.probesStarted() - probesBefore);
    }

    // ---------------------------------------------------------------- pacing and the error estimate

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void physicsUpdatesArePacedToOnePerInterval(Engine engine) {
        RouteGuard g = atrion(engine).guard("paced");
        for (int i = 0; i < 10; i++) {
            g.tryCall(50, () -> "same instant");
        }
        assertEquals(1, g.handle().tickCount(), "ten admissions in one instant: one update");
        assertEquals(10, g.completedCalls(), "but every call is measured");
        clock.advance(99);
        g.tryCall(50, () -> "x");
        assertEquals(1, g.handle().tickCount(), "99 ms later: still inside the 100 ms interval");
        clock.advance(1);
        g.tryCall(50, () -> "x");
        assertEquals(2, g.handle().tickCount(), "100 ms after the first: the next update");
        clock.set(clock.millis() - 10_000); // the clock went back by more than an interval
        g.tryCall(50, () -> "x");
        assertEquals(3, g.handle().tickCount(), "a clock that went back does not stall updates");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void admissionsBetweenUpdatesUseTheCurrentState(Engine engine) {
        RouteGuard g = atrion(engine).guards().guard("dep", noProbes());
        trip(g, clock);
        long ticks = g.handle().tickCount();
        GuardResult<String> r = g.tryCall(100, () -> "x");
        assertEquals(Reason.CIRCUIT_OPEN, r.rejection().orElseThrow().reason(), "decided on the open breaker");
        assertEquals(ticks, g.handle().tickCount(), "without an update");
        // A voltage that does not beat R is refused on the current state too: R_base = 10 V never does.
        RouteGuard fresh = atrion(engine).guard("fresh");
        fresh.tryCall(50, () -> "first call updates: R = 1.2·R_base = 12 (BOOTSTRAP)");
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, fresh.tryCall(10, () -> "x").rejection().orElseThrow().reason());
        assertEquals(Reason.INVALID_VOLTAGE, fresh.tryCall(Double.NaN, () -> "x").rejection().orElseThrow().reason());
        // 12 V (bulk) flows: the guard decides a booting route on R_base (BootstrapAdmissionTest).
        assertTrue(fresh.tryCall(12, () -> "x").isSuccess());
        assertTrue(fresh.tryCall(12.5, () -> "x").isSuccess());
        assertEquals(1, fresh.handle().tickCount());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void updateIntervalZeroMakesEveryAdmissionAnUpdate(Engine engine) {
        RouteGuard g = atrion(engine).guards().guard("every", GuardConfig.builder().updateIntervalMillis(0).build());
        for (int i = 0; i < 7; i++) {
            g.tryCall(50, () -> "x");
        }
        assertEquals(7, g.handle().tickCount());
    }

    @org.junit.jupiter.api.Test
    void wilsonLowerBoundByHand() {
        // 50 errors in 100 calls, z = 1.96: the textbook Wilson interval is (0.4038, 0.5962).
        assertEquals(0.40383, CallStats.wilsonLowerBound(0.5, 100, 1.96), 1e-5);
        // p = 0: the bound is 0; no trial yet: 0; z = 0: the plain average.
        assertEquals(0.0, CallStats.wilsonLowerBound(0.0, 100, 1.96), 1e-15);
        assertEquals(0.0, CallStats.wilsonLowerBound(0.3, 0, 1.96));
        assertEquals(0.3, CallStats.wilsonLowerBound(0.3, 10, 0));
        // p = 1 over n = 1: (1 + z²/2 − z·√(z²/4)) / (1 + z²) = 1 / (1 + z²) = 1/4.8416.
        assertEquals(1 / (1 + 1.96 * 1.96), CallStats.wilsonLowerBound(1.0, 1, 1.96), 1e-12);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void anIsolatedErrorInAHealthyStreamIsNotReportedAsAnErrorRate(Engine engine) {
        RouteGuard g = atrion(engine).guard("healthy");
        for (int i = 0; i < 300; i++) {
            clock.advance(10);
            g.tryCall(50, () -> "ok");
        }
        g.tryCall(50, () -> {
            throw new IllegalStateException("one unlucky error");
        });
        // Plain average: α = 2/101 ≈ 2 %, twice the 1 % SLO target; the estimate stays below 1 %.
        assertEquals(ALPHA, g.averageErrorRate(), 1e-12);
        assertTrue(g.estimatedErrorRate() < 0.01, "estimate " + g.estimatedErrorRate());
        for (int i = 0; i < 20; i++) {
            clock.advance(10);
            g.tryCall(50, () -> "ok");
        }
        assertEquals(0.0, g.handle().scar(), "no trauma from one error");
        // A real outage is seen within a handful of failed calls.
        int failed = 0;
        while (g.estimatedErrorRate() < 0.02) {
            clock.advance(10);
            g.tryCall(50, () -> {
                throw new IllegalStateException("down");
            });
            failed++;
        }
        assertTrue(failed <= 6, failed + " failed calls before the estimate passed 2 %");
    }

    // ---------------------------------------------------------------- concurrency

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void manyThreadsThroughOneGuardLoseNoTelemetry(Engine engine) throws Exception {
        Atrion a = Atrion.builder().engine(engine).build(); // wall clock: real threads
        RouteGuard g = a.guards().guard("shared",
                GuardConfig.builder().maxConcurrentCalls(1_000).updateIntervalMillis(0).build());
        int threads = 8;
        int calls = 5_000;
        AtomicLong admitted = new AtomicLong();
        AtomicLong maxInFlightSeen = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    GuardResult<Integer> r = g.tryCall(100, () -> {
                        maxInFlightSeen.accumulateAndGet(g.inFlight(), Math::max);
                        return 1;
                    });
                    if (!r.isRejected()) {
                        admitted.incrementAndGet();
                    }
                }
            }));
        }
        ts.forEach(Thread::start);
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(0, g.inFlight(), "in-flight returns to 0");
        assertEquals(admitted.get(), g.completedCalls(), "every admitted call was measured once");
        assertTrue(admitted.get() > 0);
        assertTrue(maxInFlightSeen.get() >= 1);
        assertEquals(0.0, g.averageErrorRate(), "no call failed");
        // Interval 0: an update whenever an admission finds fresh evidence (a call started or ended
        // since the previous update): at most one per attempt; fewer when threads race past the
        // same evidence. EvidencePacingTest checks the rule on one thread.
        long ticks = g.handle().tickCount();
        assertTrue(ticks > 0 && ticks <= (long) threads * calls, "updates: " + ticks);
    }

    // ---------------------------------------------------------------- registry and config

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void registryKeepsOneGuardPerRoute(Engine engine) {
        Atrion a = atrion(engine);
        GuardConfig small = GuardConfig.builder().maxConcurrentCalls(3).build();
        a.guards().configure("configured", small);
        assertSame(a.guard("x"), a.guard("x"));
        assertNotSame(a.guard("x"), a.guard("y"));
        assertSame(small, a.guard("configured").config());
        assertSame(GuardConfig.defaults(), a.guard("x").config());
        assertSame(a.guard("x"), a.guards().guard("x", small), "existing guard returned unchanged");
        assertTrue(a.guards().find("y").isPresent());
        assertTrue(a.guards().find("never").isEmpty());
        assertEquals(3, a.guards().guards().size());
        assertThrows(IllegalArgumentException.class, () -> a.guard(""));
        assertThrows(IllegalArgumentException.class, () -> a.guard(null));
        assertSame(a, a.guards().atrion());
    }

    @org.junit.jupiter.api.Test
    void guardsExistOnlyThroughTheInstancesRegistry() {
        // No public factory: a second registry or a second guard for a route would keep its own
        // averages for the same physics.
        for (java.lang.reflect.Method m : GuardRegistry.class.getMethods()) {
            assertFalse(java.lang.reflect.Modifier.isStatic(m.getModifiers()), "public static " + m);
        }
        for (java.lang.reflect.Method m : RouteGuard.class.getMethods()) {
            assertFalse(java.lang.reflect.Modifier.isStatic(m.getModifiers()), "public static " + m);
        }
        assertEquals(0, GuardRegistry.class.getConstructors().length);
        assertEquals(0, RouteGuard.class.getConstructors().length);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void builderGuardConfigAppliesToInstanceGuards(Engine engine) {
        GuardConfig cfg = GuardConfig.builder().telemetryWindow(9).build();
        Atrion a = Atrion.builder().engine(engine).clock(clock).guardConfig(cfg).build();
        assertSame(cfg, a.guard("q").config());
        assertEquals(0.2, cfg.alpha(), 1e-15, "α = 2/(9+1)");
    }
}
