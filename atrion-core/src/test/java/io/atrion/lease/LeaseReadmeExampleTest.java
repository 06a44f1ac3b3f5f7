package io.atrion.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.atrion.Atrion;
import io.atrion.ManualClock;
import io.atrion.VoltageTier;
import io.atrion.WorkloadProfile;
import io.atrion.guard.AtrionRejectedException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The README's "Long-running work" example, verbatim, so that it keeps compiling and doing what it says. */
class LeaseReadmeExampleTest {

    @Test
    void readmeExampleRunsAsDescribed() {
        boolean shedSeen = false;
        // ---- README example begins ----
        ManualClock clock = new ManualClock(0);
        Atrion atrion = Atrion.builder().clock(clock)
                .profile("reports/render", WorkloadProfile.HEAVY)       // baseline 5 s, σ × 0.5
                .build();
        CompletableFuture<String> job = new CompletableFuture<>();       // the work, e.g. on your pool
        try (Lease lease = atrion.startTask("reports/render", TaskOptions.builder()
                .cancel(job)                                              // HEAVY/EXTREME need a cancellation hook
                .voltage(atrion.voltage(VoltageTier.NORMAL))
                .build())) {
            for (int page = 1; page <= 10; page++) {
                clock.advance(3_000);                                     // render a page...
                lease.heartbeat(page / 10.0);                             // ...and say so (false once timed out)
            }
            job.complete("report.pdf");
            lease.release(LeaseOutcome.COMPLETED);                        // or FAILED; closing without one = ABORTED
        } catch (AtrionRejectedException shed) {
            // the route sheds new jobs: shed.decision() says why, as for any shed request
            shedSeen = true;
        }
        LeaseCounts counts = atrion.leases().counts("reports/render").orElseThrow();
        // ---- README example ends ----
        assertFalse(shedSeen, "a new route admits the 20 V start (R = 12 in bootstrap)");
        assertEquals(1, counts.completed());
        assertEquals(0, counts.aborted(), "closing after the release changes nothing");
        // A pace of 3 s against HEAVY's 5 s baseline: no scar.
        assertEquals(0.0, atrion.state("reports/render").orElseThrow().scar());
        atrion.close();
    }
}
