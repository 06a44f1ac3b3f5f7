package io.atrion.internal.engine;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Reason;
import io.atrion.RouteHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A FAST handle remembers its last lock-free decision's inputs under the row's version
 * ({@code FastEngine.decide}). Here the handle has remembered a healthy route that admits V; a
 * writer, through another handle, makes one update after which R &gt; V; a thread decides
 * through the remembering handle meanwhile (and remembers what it read), and once both are done
 * the arbiter decides through it again. The racing decision may see the route before or after
 * the update; the arbiter's must see it after (a remembered decision outliving the write it
 * predates is forbidden). (Two racing deciders would need a third CPU, which jcstress requires
 * for three actors.)
 */
@JCStressTest
@Description("FAST handle decision memory: a write of the row makes every later decision read it again")
@Outcome(id = {"0, 1", "1, 1"}, expect = Expect.ACCEPTABLE,
        desc = "the racing decision before or after the update; the final one after it")
@Outcome(expect = Expect.FORBIDDEN, desc = "a decision remembered from before the update after it ended")
@State
public class HandleDecisionCacheTest {

    /** The stressed update: slow and failing, which raises R well above its healthy value. */
    private static final double BAD_LATENCY_MS = 5_000.0;
    private static final double BAD_ERROR_RATE = 0.5;

    private final RouteHandle decider;
    private final RouteHandle writer;
    private final double voltage;

    public HandleDecisionCacheTest() {
        Atrion atrion = build();
        decider = atrion.handle("r");
        writer = atrion.handle("r");
        healthy(writer);
        // V halfway between the healthy R and the R after one stressed update, found on a twin.
        Atrion twin = build();
        RouteHandle t = twin.handle("r");
        healthy(t);
        double before = t.resistance();
        t.update(BAD_LATENCY_MS, BAD_ERROR_RATE, 0.5, 1_000.0);
        double after = t.resistance();
        if (!(after > before)) {
            throw new IllegalStateException("the stressed update did not raise R: " + before + " -> " + after);
        }
        voltage = before + (after - before) / 2;
        if (decider.decide(voltage) != Reason.OK) { // remembered: the healthy route admits V
            throw new IllegalStateException("the healthy route must admit V = " + voltage);
        }
    }

    private static Atrion build() {
        return Atrion.builder().engine(Engine.FAST).clock(new ManualClock(1_700_000_000_000L)).build();
    }

    /** Past BOOTSTRAP (SPEC §2.6: N = 5 updates by default) on healthy telemetry. */
    private static void healthy(RouteHandle h) {
        for (int i = 0; i < 10; i++) {
            h.update(1.0, 0.0, 0.1, 1_000.0);
        }
    }

    @Actor
    public void write() {
        writer.update(BAD_LATENCY_MS, BAD_ERROR_RATE, 0.5, 1_000.0);
    }

    @Actor
    public void decide(II_Result r) {
        r.r1 = decider.decide(voltage) == Reason.OK ? 0 : 1;
    }

    @Arbiter
    public void after(II_Result r) {
        r.r2 = decider.decide(voltage) == Reason.OK ? 0 : 1;
    }
}
