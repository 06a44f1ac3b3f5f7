package io.atrion.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.ManualClock;
import io.atrion.WorkloadProfile;
import io.atrion.lease.Lease;
import io.atrion.lease.LeaseCounts;
import jakarta.servlet.AsyncContext;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The filter's async-lease option (SPEC §4) on a real Jetty: a lease per async request, ended with it or by its timeout. */
class AsyncLeaseJettyTest {

    /** A report profile with a one-second maximum, so the test's virtual clock reaches it at once. */
    private static final WorkloadProfile REPORT = WorkloadProfile.custom("REPORT", 500, 1_000, 200, 0.5);

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private Atrion atrion;
    private JettyHarness jetty;

    @AfterEach
    void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
        if (atrion != null) {
            atrion.close();
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1_000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }

    private LeaseCounts counts(String route) {
        return atrion.leases().counts(route).orElseThrow();
    }

    @Test
    void anAsyncRequestHoldsALeaseUntilItCompletes() throws Exception {
        atrion = Atrion.builder().clock(clock).build();
        CompletableFuture<Lease> seen = new CompletableFuture<>();
        jetty = JettyHarness.builder(AtrionFilter.builder(atrion).asyncLeases(REPORT).build())
                .servlet("/report/*", (req, resp) -> {
                    AsyncContext ctx = req.startAsync();
                    new Thread(() -> {
                        try {
                            // The filter sets the attribute when the chain returns; wait for it.
                            Lease lease = null;
                            for (int i = 0; i < 1_000 && lease == null; i++) {
                                lease = (Lease) ctx.getRequest().getAttribute(AtrionFilter.LEASE_ATTRIBUTE);
                                Thread.sleep(5);
                            }
                            seen.complete(lease);
                            lease.heartbeat(0.5);
                            ctx.getResponse().getWriter().write("report");
                        } catch (Exception e) {
                            seen.completeExceptionally(e);
                        } finally {
                            ctx.complete();
                        }
                    }).start();
                })
                .start();
        HttpResponse<String> r = jetty.get("/report/7", null);
        assertEquals(200, r.statusCode());
        assertEquals("report", r.body());
        Lease lease = seen.get(10, TimeUnit.SECONDS);
        assertEquals(0.5, lease.progress());
        waitFor(() -> !lease.isActive());
        assertEquals(1, counts("GET /report").completed());
        assertEquals(REPORT, atrion.profile("GET /report"), "the route took the filter's profile");
    }

    @Test
    void anAsyncRequestOpenPastTheMaximumDurationIsEndedWith503() throws Exception {
        atrion = Atrion.builder().clock(clock).build();
        AtrionFilter filter = AtrionFilter.builder(atrion).asyncLeases(REPORT).build();
        jetty = JettyHarness.builder(filter)
                .servlet("/stuck/*", (req, resp) -> req.startAsync().setTimeout(0)) // never completes by itself
                .start();
        CompletableFuture<HttpResponse<String>> response = CompletableFuture.supplyAsync(() -> {
            try {
                return jetty.get("/stuck/1", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waitFor(() -> atrion.leases().active("GET /stuck") == 1);
        clock.advance(1_001);
        atrion.leases().sweep();
        assertEquals(503, response.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(1, counts("GET /stuck").timedOut());
        // The guard's permit ended too: the 503 completion went through the filter's listener.
        waitFor(() -> atrion.guard("GET /stuck").inFlight() == 0);
        assertEquals(0, filter.asyncLeasesRefused());
    }
}
