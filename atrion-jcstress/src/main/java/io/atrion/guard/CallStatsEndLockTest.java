package io.atrion.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJ_Result;

/**
 * Two calls of one guard ending at once lose nothing: each end folds its latency and error into
 * the averages and counts itself (completed, evidence, leaves) under the end-of-call lock.
 *
 * <p>Derivation (α = 0.5, both averages start at 0, two calls started): the first call ends with
 * latency 4 ms and no error, the second with 12 ms and an error. In the order first, second:
 * latency 0 + ½(4 − 0) = 2, then 2 + ½(12 − 2) = 7; error 0, then 0 + ½(1 − 0) = 0.5. In the order
 * second, first: latency 6, then 6 + ½(4 − 6) = 5; error 0.5, then 0.5 + ½(0 − 0.5) = 0.25. A lost
 * step would leave one call's value (latency 2 or 6). Either way 2 completed, evidence 4 (two
 * starts, two ends), none in flight. Values below are ×100 (latency 7 → 700), r4 = evidence·10 +
 * in flight.
 */
@JCStressTest
@Description("Guard CallStats: the end-of-call lock serializes two ends, no average step or count is lost")
@Outcome(id = "700, 50, 2, 40", expect = Expect.ACCEPTABLE, desc = "first call's end, then the second's")
@Outcome(id = "500, 25, 2, 40", expect = Expect.ACCEPTABLE, desc = "second call's end, then the first's")
@Outcome(expect = Expect.FORBIDDEN, desc = "a lost or torn update of the averages or the counts")
@State
public class CallStatsEndLockTest {

    private final CallStats stats = new CallStats(0.0, 0.5, 100, 0.0);

    public CallStatsEndLockTest() {
        stats.started(true);
        stats.started(true);
    }

    @Actor
    public void first() {
        stats.measuredAndLeft(4.0, false, 1L);
    }

    @Actor
    public void second() {
        stats.measuredAndLeft(12.0, true, 2L);
    }

    @Arbiter
    public void arbiter(JJJJ_Result r) {
        r.r1 = Math.round(stats.latencyMs() * 100);
        r.r2 = Math.round(stats.errorAverage() * 100);
        r.r3 = stats.completed();
        r.r4 = stats.evidence() * 10 + stats.inFlight();
    }
}
