package io.atrion.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The in-flight count is starts minus leaves, two words written apart (a start is an atomic add,
 * a leave a store under the end lock). A reader racing with one call that starts and ends sees 0
 * (before the start, or after the end) or 1 (in between, or the start seen and the end not yet),
 * never −1: it reads the leaves before the starts, and a call's leave follows its start.
 */
@JCStressTest
@Description("Guard CallStats: the in-flight count read during a call's start and end is never negative")
@Outcome(id = "0", expect = Expect.ACCEPTABLE, desc = "before the start or after the end")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "the call in flight")
@Outcome(expect = Expect.FORBIDDEN, desc = "a count below 0 (the end seen without its start)")
@State
public class CallStatsInFlightTest {

    private final CallStats stats = new CallStats(0.0, 0.5, 100, 0.0);

    @Actor
    public void call() {
        stats.started(true);
        stats.measuredAndLeft(4.0, false, 1L);
    }

    @Actor
    public void reader(I_Result r) {
        r.r1 = stats.inFlight();
    }
}
