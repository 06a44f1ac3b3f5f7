package io.atrion.internal.engine;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * A lock-free lookup racing an insert sees the id absent or with its value, never the key
 * without its value (the value is stored before the key is released). The insert is the ninth
 * id of a 16-position table, so it also resizes: a lookup of an id inserted before must find it
 * in the old table or in the new one, never miss it.
 */
@JCStressTest
@Description("RouteIndex: insert (with a resize) publishes key and value together; existing ids stay visible")
@Outcome(id = "-1, 1", expect = Expect.ACCEPTABLE, desc = "lookup before the insert")
@Outcome(id = "42, 1", expect = Expect.ACCEPTABLE, desc = "lookup after the insert")
@Outcome(expect = Expect.FORBIDDEN, desc = "a key without its value, or an existing id missed")
@State
public class RouteIndexPublicationTest {

    private final RouteIndex index = new RouteIndex();

    public RouteIndexPublicationTest() {
        for (int i = 0; i < 8; i++) {
            long v = 100 + i;
            index.getOrInsert("old-" + i, () -> v);
        }
    }

    @Actor
    public void inserter() {
        index.getOrInsert("new", () -> 42L);
    }

    @Actor
    public void reader(JJ_Result r) {
        r.r1 = index.get("new");
        r.r2 = index.get("old-3") == 103 ? 1 : 0;
    }
}
