package io.atrion.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.ManualClock;
import io.atrion.WorkloadProfile;
import io.atrion.lease.Lease;
import io.atrion.lease.LeaseOutcome;
import io.atrion.lease.TaskOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** Lease meters (SPEC §4, §6) in a real Prometheus scrape: active, oldest age, outcomes, misses. */
class LeaseMetricsTest {

    @Test
    void leaseMetersAreScraped() {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Atrion atrion = Atrion.builder().clock(clock).decisionCounters(true).build();
             AtrionMetrics metrics = AtrionMetrics.builder(atrion).build()) {
            metrics.bindTo(registry);
            TaskOptions heavy = TaskOptions.builder().profile(WorkloadProfile.HEAVY).onCancel(() -> { }).build();
            Lease done = atrion.startTask("reports", heavy);
            Lease failed = atrion.startTask("reports", heavy);
            Lease hung = atrion.startTask("reports", heavy);
            clock.advance(4_000);
            done.heartbeat(1.0);
            done.release(LeaseOutcome.COMPLETED);
            failed.release(LeaseOutcome.FAILED);
            clock.advance(6_001); // hung: 10,001 ms silent, more than two 5 s intervals: two missed
            atrion.leases().sweep();
            metrics.refresh();
            Scrape s = new Scrape(registry.scrape());
            assertTrue(s.declares("atrion_leases_active", "gauge"), s.text);
            assertEquals(1, s.value("atrion_leases_active", "route", "reports"));
            assertEquals(10.001, s.value("atrion_lease_oldest_age_seconds", "route", "reports"));
            assertEquals(1, s.value("atrion_lease_outcomes_total", "route", "reports", "outcome", "completed"));
            assertEquals(1, s.value("atrion_lease_outcomes_total", "route", "reports", "outcome", "failed"));
            assertEquals(0, s.value("atrion_lease_outcomes_total", "route", "reports", "outcome", "timeout"));
            assertEquals(2, s.value("atrion_lease_heartbeat_misses_total", "route", "reports"));
            clock.advance(5_000); // 15,001 ms silent: timeout
            atrion.leases().sweep();
            s = new Scrape(registry.scrape());
            assertEquals(0, s.value("atrion_leases_active", "route", "reports"));
            assertEquals(1, s.value("atrion_lease_outcomes_total", "route", "reports", "outcome", "timeout"));
            assertEquals(0, s.value("atrion_lease_rejected_total", "route", "reports"));
            assertTrue(!hung.isActive());
        } finally {
            registry.close();
        }
    }

    @Test
    void aRoutesLeaseMetersAppearWithItsFirstLeaseWithoutARefresh() throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Atrion atrion = Atrion.builder().clock(clock).decisionCounters(true).build();
             AtrionMetrics metrics = AtrionMetrics.builder(atrion).build()) {
            metrics.bindTo(registry);
            assertTrue(registry.find("atrion.leases.active").gauges().isEmpty(), "no lease yet, no lease meters");
            Lease lease = atrion.startTask("imports", TaskOptions.builder().build());
            // The STARTED event reaches the binder on the lease scheduler's thread, moments later.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (registry.find("atrion.leases.active").tag("route", "imports").gauge() == null
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1.0, registry.find("atrion.leases.active").tag("route", "imports").gauge().value());
            lease.release(LeaseOutcome.COMPLETED);
            assertEquals(0.0, registry.find("atrion.leases.active").tag("route", "imports").gauge().value());
        } finally {
            registry.close();
        }
    }
}
