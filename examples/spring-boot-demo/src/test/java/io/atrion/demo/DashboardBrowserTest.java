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
 * <p>Physics for a short run: the guard updates every 50 ms and probes every 200 ms, the break
 * point is the static 100 Ω, scar decays at λ = 0.2/s, and in the storm every call fails. The
 * inventory calls are HIGH (50 V): once R passes 50 Ω they are shed by voltage, which teaches the
 * guard nothing, and only its probes (one per 200 ms, each failing) still scar the route, so the
 * scar climbs toward σ/(1 − e^(−λ·0.2 s)) = 5/(1 − e^(−0.04)) ≈ 127 Ω, past the break point (at
 * λ = 1/s it would settle near 28 Ω, and a storm that lets a probe pass restarts the averages, so
 * the breaker might never open). Healed, the first passed probe restarts the averages and the scar
 * falls below recovery − R_base = 40 Ω in at most ln(127/40)/0.2 ≈ 6 s.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "atrion.physics.decay-rate=0.2",
        "atrion.auto-tuner.enabled=false",
        "atrion.guard.update-interval=50ms",
        "atrion.guard.probe-interval=200ms",
        "atrion.stream.interval=200ms",
        "shop.storm.error-rate=1",
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
            // LOW-tier calls (15 V) probe too: the demo lowers this route's probe floor below them.
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
