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
import io.atrion.lab.sim.Outcome;
import io.atrion.lab.sim.Retry;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Service;
import io.atrion.lab.sim.Simulation;
import io.atrion.lab.sim.Source;
import io.atrion.lab.sim.Tier;
import io.atrion.lab.sim.Timeline;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/** The simulator's parts: scripts, virtual time for the peers, the model of a service, retries, tenants. */
class SimulatorTest {

    static Tier one(String endpoint) {
        return Tier.volts("all", 100, 1.0, 1, endpoint);
    }

    static Scenario scenario(int durationS, List<Source> sources, Call entry) {
        return new Scenario("t", "t", "t", durationS, 10, durationS / 2.0, sources, entry, List.of(), Double.NaN);
    }

    static Call call(Service s) {
        return new Call("x", s, 1, 1000, true, 1000, 100);
    }

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
        assertEquals(Timeline.starting(2).hold(5), Timeline.from(0, 2).rampTo(5, 2));
        assertEquals(Timeline.starting(0.005).replaceValue(0.005, 0.0), Timeline.constant(0.0));
    }

    @Test
    void resilience4jOpensAndHalfOpensOnSimulatedTime() {
        SimClock clock = new SimClock();
        CircuitBreaker cb = CircuitBreaker.of("t", PolicyKind.defaultCircuitBreakerConfig(clock));
        for (int i = 0; i < 100; i++) {
            clock.set(i);
            assertTrue(cb.tryAcquirePermission());
            cb.onError(1, TimeUnit.MILLISECONDS, new RuntimeException());
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
        Gate g = PolicyKind.RATE_LIMIT.create(Engine.FAST).gate(new Call("x", s, 1, 1000, true, 100, 10), "");
        int admitted = 0;
        for (long ms = 0; ms < 10_000; ms++) { // 1000 attempts per second for 10 s
            if (g.acquire(ms, 1) != null) {
                admitted++;
            }
        }
        assertTrue(admitted >= 990 && admitted <= 1010, "about 100/s for 10 s, got " + admitted);
    }

    @Test
    void anOverloadedServiceQueuesAndItsCallersTimeOut() {
        // 10 workers, 100 ms per request: 100 requests/s. Offer 200/s with no protection.
        Service s = Service.leaf("x", 10, 1_000_000, Timeline.constant(100), Timeline.constant(0));
        Scenario sc = new Scenario("t", "t", "t", 60, 10, 50, Timeline.constant(200), List.of(one("")), call(s), List.of());
        RunResult r = Lab.run(sc, PolicyKind.NONE, Engine.FAST, 1);
        int[] ok = r.succeededSeries();
        int[] failed = r.failedSeries();
        assertTrue(ok[0] > 150, "in the first second the queue is still short: " + ok[0]);
        assertTrue(ok[40] < 10 && failed[40] > 150, "later everyone waits past the timeout: ok " + ok[40]
                + ", failed " + failed[40]);
    }

    /**
     * A worker count that drops to 0 from 20 s to 30 s: nothing is served then, the requests of
     * those seconds wait past the 1 s timeout (all fail), and the queue drains when the workers
     * come back. 100 workers at 10 ms serve 10 000/s, so at 100/s nothing else ever waits.
     */
    @Test
    void capacityFollowsItsScript() {
        Timeline workers = Timeline.constant(100).jumpTo(20, 0).jumpTo(30, 100);
        Service s = new Service("x", workers, 1_000_000, Timeline.constant(10), Timeline.constant(0), null);
        Scenario sc = scenario(60, List.of(new Source("c", Timeline.constant(100), List.of(one("")), null)), call(s));
        RunResult r = Lab.run(sc, PolicyKind.NONE, Engine.FAST, 3);
        int[] ok = r.succeededSeries();
        int[] failed = r.failedSeries();
        for (int sec = 0; sec < 60; sec++) {
            if (sec >= 20 && sec <= 28) {
                assertEquals(0, ok[sec], "second " + sec + ": no worker, every request times out");
                assertTrue(failed[sec] > 0, "second " + sec);
            } else if (sec < 19 || sec > 30) {
                assertEquals(0, failed[sec], "second " + sec + ": 100 workers, nothing waits");
            }
        }
        // Requests of 29 s are still queued at 30 s, when the workers return: served in time.
        assertTrue(ok[29] > 0, "the queue drains when the workers come back: " + ok[29]);
    }

    /**
     * A dependency that always fails, clients that retry 3 times: every request makes 1 + 3 = 4
     * attempts and none succeeds; one that never fails: 1 attempt each.
     */
    @Test
    void retriesAmplifyTheLoadOfAFailingDependency() {
        Retry retry = new Retry(3, 100, 2, 0.5);
        for (double errors : new double[] {1.0, 0.0}) {
            Service s = Service.leaf("x", 100, 1000, Timeline.constant(5), Timeline.constant(errors));
            Scenario sc = scenario(30, List.of(new Source("c", Timeline.constant(50), List.of(one("")), retry)), call(s));
            RunResult r = Lab.run(sc, PolicyKind.NONE, Engine.FAST, 1);
            assertEquals(errors == 1.0 ? 4.0 : 1.0, r.attemptsPerRequest(), "errors " + errors);
            assertEquals(errors == 1.0 ? 0 : r.offered(), r.succeeded());
            assertEquals(r.offered(), r.succeeded() + r.failed() + r.shed(), "every request ends once");
        }
    }

    /** Backoff n = backoffMs · multiplier^(n−1) · (1 − jitter·u), by hand. */
    @Test
    void retryBackoffIsExponentialWithJitter() {
        Retry r = new Retry(3, 100, 2, 0.5);
        assertEquals(100, r.delayMs(1, 0.0));
        assertEquals(200, r.delayMs(2, 0.0));
        assertEquals(300, r.delayMs(3, 0.5)); // 400 · (1 − 0.25)
        assertEquals(700, r.maxTotalBackoffMs()); // 100 + 200 + 400
        assertThrows(IllegalArgumentException.class, () -> new Retry(0, 100, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Retry(1, 100, 2, 1.5));
    }

    /** Two sources at 100/s and 300/s for 60 s: 6000 and 18 000 requests expected (Poisson, ± 4 σ). */
    @Test
    void everySourceIsItsOwnArrivalProcess() {
        Service s = Service.leaf("x", 100, 1000, Timeline.constant(5), Timeline.constant(0));
        Scenario sc = scenario(60, List.of(
                new Source("a", Timeline.constant(100), List.of(Tier.volts("a", 100, 1, 1, "a")), null),
                new Source("b", Timeline.constant(300), List.of(Tier.volts("b", 10, 1, 1, "b")), null)), call(s));
        RunResult r = Lab.run(sc, PolicyKind.NONE, Engine.FAST, 11);
        long a = r.tierOffered(0);
        long b = r.tierOffered(1);
        assertTrue(Math.abs(a - 6000) < 4 * Math.sqrt(6000), "source a: " + a);
        assertTrue(Math.abs(b - 18000) < 4 * Math.sqrt(18000), "source b: " + b);
        assertEquals(r.tierSuccessRate(0), r.criticalSuccessRate(), "critical = the highest voltage = a");
    }

    @Test
    void resilience4jTunedKeepsOneBreakerPerEndpointTheOthersOnePerCall() {
        Service s = Service.leaf("x", 100, 1000, Timeline.constant(5), Timeline.constant(0));
        Scenario sc = scenario(20, List.of(new Source("c", Timeline.constant(50),
                List.of(Tier.volts("a", 100, 0.5, 1, "left"), Tier.volts("b", 10, 0.5, 1, "right")), null)), call(s));
        assertEquals(List.of("x/left", "x/right"), Lab.run(sc, PolicyKind.R4J_TUNED, Engine.FAST, 1).gateRoutes());
        for (PolicyKind p : PolicyKind.values()) {
            if (p != PolicyKind.R4J_TUNED && p != PolicyKind.NONE) {
                assertEquals(List.of("x"), Lab.run(sc, p, Engine.FAST, 1).gateRoutes(), p.id());
            }
        }
    }

    /**
     * "Fully shed while closed": a gate that refuses every call from 10 s to 20 s with its breaker
     * closed, and from 30 s to 40 s with its breaker open, at 100 requests/s: 10 seconds count
     * (10..19), the open ones do not.
     */
    @Test
    void fullyShedWhileClosedCountsOnlySecondsWithTheBreakerClosed() {
        LongPredicate shedding = t -> (t >= 10_000 && t < 20_000) || (t >= 30_000 && t < 40_000);
        Policy p = (c, endpoint) -> new Gate() {
            long now;

            @Override
            public Object acquire(long nowMs, double voltage) {
                now = nowMs;
                return shedding.test(nowMs) ? null : Boolean.TRUE;
            }

            @Override
            public void complete(long nowMs, Object token, long durationMs, Outcome outcome) {
                now = nowMs;
            }

            @Override
            public boolean open() {
                return now >= 30_000 && now < 40_000;
            }
        };
        Service s = Service.leaf("x", 100, 1000, Timeline.constant(5), Timeline.constant(0));
        Scenario sc = scenario(60, List.of(new Source("c", Timeline.constant(100), List.of(one("")), null)), call(s));
        RunResult r = new Simulation(sc, p, 5).run().result("test", "FAST", 5);
        assertEquals(10, r.fullyShedClosedS());
        assertEquals(2, r.transitions()); // opened at 30 s, closed at 40 s
    }

    @Test
    void gatesSeeEveryCallStartAndEndInTimeOrder() {
        Scenario sc = Scenarios.byId("cascading");
        long[] last = {Long.MIN_VALUE};
        int[] open = {0};
        Policy recording = (c, endpoint) -> new Gate() {
            @Override
            public Object acquire(long nowMs, double voltage) {
                check(nowMs);
                open[0]++;
                return Boolean.TRUE;
            }

            @Override
            public void complete(long nowMs, Object token, long durationMs, Outcome outcome) {
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
        };
        new Simulation(sc, recording, 3).run();
        assertEquals(0, open[0], "every admitted call was completed exactly once");
    }
}
