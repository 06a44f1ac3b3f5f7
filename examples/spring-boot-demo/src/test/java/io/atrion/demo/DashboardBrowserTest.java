package io.atrion.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Mode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard of the running demo in headless Chromium: traffic through a storm trips the
 * inventory route, its row turns red; the storm ends and the row recovers; the console stays
 * clean. Screenshots go to {@code target/dashboard/}.
 *
 * <p>Faster physics than the demo's defaults so the run is short: scar decays at λ = 1/s, the
 * guard updates every 50 ms and probes every 200 ms. The AutoTuner is on, as in the demo: after
 * its warm-up (50 updates past bootstrap, SPEC §2.7) a calm route's learned break point is the
 * tuner's floor, 30 Ω, below the inventory calls' 50 V (HIGH), so the storm opens the breaker
 * before voltage sheds those calls. (With the static break point of 100 Ω it would not: once R
 * passes 50 every inventory call is shed, only failed probes update the route — guard v3 — and
 * their scar settles near σ/(1 − e^(−λ·200 ms)) ≈ 28 Ω, so R stays near 50.) Healed, the scar falls
 * below the recovery point within a couple of seconds.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "atrion.physics.decay-rate=1",
        "atrion.guard.update-interval=50ms",
        "atrion.guard.probe-interval=200ms",
        "atrion.stream.interval=200ms",
        "shop.storm.error-rate=0.9",
        "shop.storm.latency-ms=5",
})
class DashboardBrowserTest {

    private static final Path REPORT = Path.of("target", "dashboard");

    @LocalServerPort
    int port;
    @Autowired
    Atrion atrion;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private void post(String path) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void theTrippedRouteTurnsRedAndRecovers() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        // Bounded loopback traffic: at most 60 s or 30,000 requests, whichever comes first.
        Thread traffic = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (int i = 0; i < 30_000 && running.get() && System.nanoTime() < end; i++) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/products/sku-" + (i % 7)))
                            .header("X-Atrion-Voltage", "critical").build(), HttpResponse.BodyHandlers.discarding());
                    Thread.sleep(2);
                } catch (Exception e) {
                    return;
                }
            }
        }, "demo-traffic");
        traffic.setDaemon(true);
        traffic.start();
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.driver.get("http://127.0.0.1:" + port + "/actuator/atrion/dashboard/");
            await(browser, "the dashboard lists the inventory route",
                    () -> "OPERATIONAL".equals(rowMode(browser, "inventory")) || "BOOTSTRAP".equals(rowMode(browser, "inventory")));
            await(browser, "inventory operational", () -> "OPERATIONAL".equals(rowMode(browser, "inventory")));
            await(browser, "recommendations operational", () -> "OPERATIONAL".equals(rowMode(browser, "recommendations")));
            // Bootstrap (10 updates), the update that ends it, then the AutoTuner's 50 samples.
            await(browser, "the inventory route's AutoTuner is warm",
                    () -> atrion.state("inventory").orElseThrow().tickCount() > 61);
            browser.screenshot(REPORT.resolve("1-calm.png"));

            post("/admin/storm/on");
            await(browser, "the inventory row turns red", () -> "CIRCUIT_BREAKER".equals(rowMode(browser, "inventory")));
            assertEquals(Mode.CIRCUIT_BREAKER, atrion.state("inventory").orElseThrow().mode());
            String background = (String) browser.js("return getComputedStyle(document.querySelector("
                    + "'.list .row[data-route=\"inventory\"]')).backgroundColor");
            assertEquals("rgb(74, 26, 29)", background, "an open route's row is red");
            browser.js("document.querySelector('.list .row[data-route=\"inventory\"]').click()");
            Thread.sleep(600);
            browser.screenshot(REPORT.resolve("2-storm.png"));

            post("/admin/storm/off");
            await(browser, "the inventory row recovers", () -> "OPERATIONAL".equals(rowMode(browser, "inventory")));
            // LOW-tier calls (15 V) probe too: every caller may probe (GuardConfig.probeMinVoltage 0).
            await(browser, "the recommendations row recovers", () -> "OPERATIONAL".equals(rowMode(browser, "recommendations")));
            Thread.sleep(600);
            browser.screenshot(REPORT.resolve("3-healed.png"));

            long frames = Long.parseLong((String) browser.js("return document.body.dataset.frames"));
            assertTrue(frames > 5, "frames received: " + frames);

            // A thousand more routes: the list renders only the rows in view and frames keep coming.
            for (int i = 0; i < 1_000; i++) {
                atrion.route(String.format("synthetic/%04d", i), io.atrion.Telemetry.of(20 + i % 200, 0, 0.2), 100);
            }
            int total = atrion.routes().size();
            assertTrue(total >= 1_004, "routes: " + total);
            await(browser, "the dashboard lists every route", () -> ((Number) browser.js(
                    "return window.atrionDashboard.routes.size")).intValue() == total);
            long rendered = Long.parseLong((String) browser.js("return document.body.dataset.renderedRows"));
            assertTrue(rendered > 0 && rendered < 60, "rows in the DOM: " + rendered);
            long before = Long.parseLong((String) browser.js("return document.body.dataset.frames"));
            await(browser, "frames keep arriving with over 1,000 routes", () -> Long.parseLong(
                    (String) browser.js("return document.body.dataset.frames")) >= before + 5);
            // Sorted by route id, "GET /products/{sku}" comes first.
            browser.js("document.querySelector('#head [data-sort=\"id\"]').click()");
            await(browser, "sorted by id", () -> "GET /products/{sku}".equals(browser.js(
                    "return document.querySelector('.list .row:not([style*=\"display: none\"])').dataset.route")));
            browser.screenshot(REPORT.resolve("4-thousand-routes.png"));
            List<String> errors = browser.consoleErrors();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        } finally {
            running.set(false);
            post("/admin/storm/off");
            traffic.join(10_000);
        }
    }

    private static String rowMode(HeadlessChromium browser, String route) {
        return (String) browser.js("const r = document.querySelector('.list .row[data-route=\"' + arguments[0] + '\"]');"
                + " return r ? r.dataset.mode : null;", route);
    }

    private static void await(HeadlessChromium browser, String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                browser.screenshot(REPORT.resolve("failed.png"));
                throw new AssertionError("timed out waiting until " + what + " (screenshot target/dashboard/failed.png)");
            }
            Thread.sleep(100);
        }
    }
}
