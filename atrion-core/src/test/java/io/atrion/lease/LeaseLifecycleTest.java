package io.atrion.lease;

import static io.atrion.lease.LeaseTesting.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Reason;
import io.atrion.Telemetry;
import io.atrion.WorkloadProfile;
import io.atrion.guard.AtrionRejectedException;
import org.junit.jupiter.api.Test;

/** Closing with leases open, bad options, rejected starts, profile registration. */
class LeaseLifecycleTest {

    private final ManualClock clock = new ManualClock(T0);

    @Test
    void closingAnAtrionWithLeasesOpenTimesNothingOut() {
        Atrion atrion = LeaseTesting.atrion(Engine.FAST, clock);
        LeaseTesting.CountingHook hook = new LeaseTesting.CountingHook();
        Lease heavy = atrion.startTask("reports", TaskOptions.builder().profile(WorkloadProfile.HEAVY).onCancel(hook).build());
        Lease standard = atrion.startTask("api");
        assertTrue(atrion.leases().schedulerRunning());
        atrion.close();
        assertFalse(atrion.leases().schedulerRunning());
        clock.advance(3_600_000); // an hour: both past every deadline
        atrion.leases().sweep();  // returns at once: no scheduler
        assertTrue(heavy.isActive());
        assertTrue(standard.isActive());
        assertEquals(0, hook.calls.get());
        assertEquals(0, atrion.leases().counts("reports").orElseThrow().timedOut());
        // Holders can still end them, and the route records it.
        assertTrue(heavy.release(LeaseOutcome.COMPLETED));
        assertTrue(standard.release(LeaseOutcome.FAILED));
        assertEquals(1, atrion.leases().counts("api").orElseThrow().failed());
        assertEquals(0, atrion.leases().activeTotal());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> atrion.startTask("api"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void badOptionsAreRejectedNamingTheField() {
        assertMessage("TaskOptions.maxDurationMillis", () -> TaskOptions.builder().maxDurationMillis(-1));
        assertMessage("TaskOptions.maxDurationMillis", () -> TaskOptions.builder().maxDurationMillis(0));
        assertMessage("TaskOptions.voltage", () -> TaskOptions.builder().voltage(-1).build());
        assertMessage("TaskOptions.voltage", () -> TaskOptions.builder().voltage(Double.NaN).build());
        assertMessage("TaskOptions.cancellation", () -> TaskOptions.builder().onCancel(() -> { })
                .cancel(new java.util.concurrent.CompletableFuture<>()).build());
        assertMessage("WorkloadProfile.maxDurationMillis", () -> WorkloadProfile.custom("x", 10, -5, 0, 1));
        assertMessage("WorkloadProfile.heartbeatIntervalMillis", () -> WorkloadProfile.custom("x", 10, 5, -1, 1));
        assertMessage("WorkloadProfile.latencyBaselineMs", () -> WorkloadProfile.custom("x", 0, 5, 0, 1));
        assertMessage("WorkloadProfile.scarMultiplier", () -> WorkloadProfile.custom("x", 10, 5, 0, -0.5));
        assertMessage("WorkloadProfile.name", () -> WorkloadProfile.custom("HEAVY", 10, 5, 0, 1));
        assertThrows(NullPointerException.class, () -> TaskOptions.builder().onCancel(null));

        Atrion atrion = LeaseTesting.atrion(Engine.REFERENCE, clock);
        IllegalArgumentException noHook = assertThrows(IllegalArgumentException.class,
                () -> atrion.startTask("reports", TaskOptions.builder().profile(WorkloadProfile.HEAVY).build()));
        assertTrue(noHook.getMessage().contains("TaskOptions.cancellation") && noHook.getMessage().contains("HEAVY"),
                noHook.getMessage());
        atrion.registerProfile("batch", WorkloadProfile.EXTREME);
        assertMessage("TaskOptions.cancellation", () -> atrion.startTask("batch"));
        assertMessage("TaskOptions.profile", () -> atrion.startTask("batch",
                TaskOptions.builder().profile(WorkloadProfile.HEAVY).onCancel(() -> { }).build()));
        assertEquals(0, atrion.leases().activeTotal(), "nothing started");
        atrion.close();
    }

    private static void assertMessage(String field, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void aRejectedStartSaysWhy() {
        Atrion atrion = LeaseTesting.atrion(Engine.FAST, clock);
        // Ten updates at 450 ms, 20 % errors, 0.9 saturation: the worked example's stress (SPEC §9)
        // after bootstrap; R rises above 20 V within a few updates.
        for (int i = 0; i < 14; i++) {
            clock.advance(100);
            atrion.route("api", Telemetry.of(450, 0.2, 0.9));
        }
        double r = atrion.state("api").orElseThrow().resistance();
        assertTrue(r > 20, "R = " + r);
        AtrionRejectedException e = assertThrows(AtrionRejectedException.class,
                () -> atrion.startTask("api", TaskOptions.builder().voltage(20).build()));
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, e.decision().reason());
        assertEquals(r, e.decision().resistance());
        LeaseCounts c = atrion.leases().counts("api").orElseThrow();
        assertEquals(1, c.rejected());
        assertEquals(0, c.started());
        // A critical start passes the same route.
        try (Lease critical = atrion.startTask("api", TaskOptions.builder().voltage(100).build())) {
            assertTrue(critical.isActive());
        }
        atrion.close();
    }

    @Test
    void optionsProfileRegistersAnUnprofiledRoute() {
        Atrion atrion = LeaseTesting.atrion(Engine.FAST, clock);
        assertEquals(WorkloadProfile.STANDARD, atrion.profile("reports"));
        Lease l = atrion.startTask("reports", TaskOptions.builder().profile(WorkloadProfile.HEAVY).onCancel(() -> { })
                .build());
        assertEquals(WorkloadProfile.HEAVY, atrion.profile("reports"));
        assertEquals(5_000.0, atrion.latencyBaselineMs("reports"));
        assertEquals(2.5, atrion.scarFactor("reports"));
        l.close();
        // A second lease without a profile takes the route's.
        Lease again = atrion.startTask("reports", TaskOptions.builder().onCancel(() -> { }).build());
        assertEquals(WorkloadProfile.HEAVY, again.profile());
        assertEquals(300_000, again.maxDurationMillis());
        again.release(LeaseOutcome.ABORTED);
        assertThrows(IllegalArgumentException.class, () -> again.release(LeaseOutcome.TIMEOUT));
        atrion.close();
    }
}
