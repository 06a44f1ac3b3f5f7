package io.atrion.internal.engine;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * Two writers of one row never lose an update: each increments two words under the row's lock
 * (plain read-modify-write, as an engine update does), so both end at 2 and the sequence at 4
 * (two lock/unlock pairs).
 */
@JCStressTest
@Description("FAST engine row sequence lock: writers of one row are serialized, no update is lost")
@Outcome(id = "2, 4", expect = Expect.ACCEPTABLE, desc = "both updates applied, lock released twice")
@Outcome(expect = Expect.FORBIDDEN, desc = "an update lost or the lock left held")
@State
public class RowLockMutualExclusionTest {

    private final long[] row = new long[3];

    private void update() {
        RowLock.lock(row, 0);
        row[1] = row[1] + 1;
        row[2] = row[1];
        RowLock.unlock(row, 0);
    }

    @Actor
    public void writer1() {
        update();
    }

    @Actor
    public void writer2() {
        update();
    }

    @Arbiter
    public void arbiter(JJ_Result r) {
        r.r1 = row[1] == row[2] ? row[1] : -1;
        r.r2 = RowLock.lvVersion(row, 0) >>> 32; // the sequence: two lock/unlock pairs
    }
}
