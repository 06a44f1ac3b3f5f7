package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Engine;
import io.atrion.lab.policy.Gate;
import io.atrion.lab.policy.Policy;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.policy.SimClock;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Service;
import io.atrion.lab.sim.Tier;
import io.atrion.lab.sim.Timeline;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's parts: scripts, virtual time for the peers, the model of a service. */
class SimulatorTest {

    @Test
    void timelineRampsHoldsAndJumps() {
        Timeline t = Timeline.starting(1).hold(10).rampTo(20, 3).jumpTo(30, 7);
        assertEquals(1, t.at(0));
        assertEquals(1, t.at(10_000));
        assertEquals(2, t.at(15_000), 1e-12);
        assertEquals(3, t.at(29_998));
        assertEquals(7, t.at(30_000));
        assertEquals(7, t.at(99_000));
        Timeline jumpAfterRamp = Timeline.starting(0).rampTo(10, 5).jumpTo(10, 1);
        assertEquals(2.5, jumpAfterRamp.at(5_000), 1e-12);
        assertEquals(1, jumpAfterRamp.at(10_000));
        assertThrows(IllegalArgumentException.class, () -> Timeline.starting(0).hold(10).rampTo(5, 1));
    }

    @Test
    void resilience4jOpensAndHalfOpensOnSimulatedTime() {
        SimClock clock = new SimClock();
        CircuitBreaker cb = CircuitBreaker.of("t", PolicyKind.defaultCircuitBreakerConfig(clock));
        for (int i = 0; i < 100; i++) {
            clock.set(i);
            assertTrue(cb.tryAcquirePermission());
            cb.onError(1, java.util.concurrent.TimeUnit.MILLISECONDS, new RuntimeException());
        }
        assertEquals(CircuitBreaker.State.OPEN, cb.getState());
        clock.set(100 + 59_000);
        assertTrue(!cb.tryAcquirePermission(), "still open 59 s later in simulated time");
        clock.set(100 + 60_001);
        assertTrue(cb.tryAcquirePermission(), "half-open after the 60 s wait, without any real waiting");
        assertEquals(CircuitBreaker.State.HALF_OPEN, cb.getState());
    }

    @Test
    void rateLimiterAdmitsItsLimitPerSimulatedSecond() {
        Service s = Service.leaf("x", 10, 10, Timeline.constant(10), Timeline.constant(0));
        Call call = new Call("x", s, 1, 1000, true, 100);
        Gate g = PolicyKind.RATE_LIMIT.create(Engine.FAST).gate(call);
        int admitted = 0;
        for (long ms = 0; ms < 10_000; ms++) { // 1000 attempts per second for 10 s
            if (g.acquire(ms, 1) != Gate.SHED) {
                admitted++;
            }
        }
        assertTrue(admitted >= 990 && admitted <= 1010, "about 100/s for 10 s, got " + admitted);
    }

    @Test
    void anOverloadedServiceQueuesAndItsCallersTimeOut() {
        // 10 workers, 100 ms per request: 100 requests/s. Offer 200/s with no protection.
        Service s = Service.leaf("x", 10, 1_000_000, Timeline.constant(100), Timeline.constant(0));
        Call call = new Call("x", s, 1, 1000, true, 1000);
        Scenario sc = new Scenario("t", "t", "t", 60, 10, 50, Timeline.constant(200),
                List.of(new Tier("all", 100, 1.0, 1)), call, List.of());
        RunResult r = Lab.run(sc, PolicyKind.NONE, Engine.FAST, 1);
        int[] ok = r.succeededSeries();
        int[] failed = r.failedSeries();
        assertTrue(ok[0] > 150, "in the first second the queue is still short: " + ok[0]);
        assertTrue(ok[40] < 10 && failed[40] > 150, "later everyone waits past the timeout: ok " + ok[40]
                + ", failed " + failed[40]);
    }

    @Test
    void gatesSeeEveryCallStartAndEndInTimeOrder() {
        Scenario sc = Scenarios.byId("cascading");
        long[] last = {Long.MIN_VALUE};
        int[] open = {0};
        Policy recording = c -> new Gate() {
            @Override
            public int acquire(long nowMs, double voltage) {
                check(nowMs);
                open[0]++;
                return ADMITTED;
            }

            @Override
            public void complete(long nowMs, int token, long durationMs, boolean success) {
                check(nowMs);
                assertTrue(durationMs >= 0 && durationMs <= c.timeoutMs(), "duration " + durationMs);
                open[0]--;
            }

            private void check(long nowMs) {
                assertTrue(nowMs >= last[0], "time went back: " + nowMs + " after " + last[0]);
                last[0] = nowMs;
            }

            @Override
            public boolean open() {
                return false;
            }

            @Override
            public double resistance() {
                return Double.NaN;
            }
        };
        new io.atrion.lab.sim.Simulation(sc, recording, 3).run();
        assertTrue(open[0] >= 0 && open[0] < 1000, "calls still open at the end: " + open[0]);
    }
}
