package io.atrion.internal.engine;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * A reader of a row never sees a torn row. The writer changes two words of one row from (1, 1)
 * to (2, 2) under the row's lock; the reader reads them the way {@code FastEngine.read} does
 * (version, words, {@link RowLock#validate}, retry). It must see one update's words: (1, 1) or
 * (2, 2), never a mix.
 */
@JCStressTest
@Description("FAST engine row sequence lock: a lock-free reader sees both words of one update or neither")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "read before the update")
@Outcome(id = "2, 2", expect = Expect.ACCEPTABLE, desc = "read after the update")
@Outcome(expect = Expect.FORBIDDEN, desc = "torn: words of two different updates")
@State
public class RowLockTornReadTest {

    // Lock word at 0 (its version even: free), then the row's words; the same shape as a FastEngine row.
    private final long[] row = {0L, 1L, 1L};

    @Actor
    public void writer() {
        RowLock.lock(row, 0);
        row[1] = 2L;
        row[2] = 2L;
        RowLock.unlock(row, 0);
    }

    @Actor
    public void reader(JJ_Result r) {
        for (int attempt = 0; ; attempt++) {
            long v = RowLock.lvVersion(row, 0);
            if (!RowLock.isLocked(v)) {
                long a = row[1];
                long b = row[2];
                if (RowLock.validate(row, 0, v)) {
                    r.r1 = a;
                    r.r2 = b;
                    return;
                }
            }
            RowLock.backOff(attempt);
        }
    }
}
