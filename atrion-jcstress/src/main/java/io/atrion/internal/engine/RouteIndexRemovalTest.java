package io.atrion.internal.engine;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * A lock-free lookup racing a removal sees the id with its value or absent; another id in the
 * same table is unaffected; after both, the id is absent (the arbiter's third value).
 */
@JCStressTest
@Description("RouteIndex: removal leaves a tombstone; a racing lookup sees the value or nothing")
@Outcome(id = "7, 8, -1", expect = Expect.ACCEPTABLE, desc = "lookup before the removal")
@Outcome(id = "-1, 8, -1", expect = Expect.ACCEPTABLE, desc = "lookup after the removal")
@Outcome(expect = Expect.FORBIDDEN, desc = "a wrong value, a neighbour lost, or the id still present")
@State
public class RouteIndexRemovalTest {

    private final RouteIndex index = new RouteIndex();

    public RouteIndexRemovalTest() {
        index.getOrInsert("gone", () -> 7L);
        index.getOrInsert("stays", () -> 8L);
    }

    @Actor
    public void remover() {
        index.remove("gone");
    }

    @Actor
    public void reader(JJJ_Result r) {
        r.r1 = index.get("gone");
        r.r2 = index.get("stays");
    }

    @Arbiter
    public void arbiter(JJJ_Result r) {
        r.r3 = index.get("gone");
    }
}
