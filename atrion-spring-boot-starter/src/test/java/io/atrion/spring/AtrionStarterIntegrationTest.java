package io.atrion.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Mode;
import io.atrion.guard.AtrionRejectedException;
import io.atrion.micrometer.AtrionMetrics;
import io.atrion.spring.app.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The starter in a real application on Tomcat at a random port: properties bind, the annotation
 * sheds and falls back, the filter answers 503 with Retry-After, the endpoint and the health
 * indicator report a route tripped by real failing requests, the reset is off by default, and the
 * stream and the dashboard are served under the actuator's base path.
 *
 * <p>Settings that make tripping deterministic in few calls: every call that starts or ends is
 * fresh evidence and each admission with fresh evidence is a physics update
 * ({@code update-interval=0}), the break point is the static R_base·γ = 100 Ω (tuner off), and
 * probes never start within a test ({@code probe-interval=1h}). A route whose R rises above a
 * tier's voltage sheds that tier and, with no call flowing, gets no new evidence: its R stays
 * (the guard updates the physics only on fresh evidence). So the breaker is opened with
 * critical calls (100 V = the break point), which keep flowing until it opens.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "atrion.auto-tuner.enabled=false",
        "atrion.guard.update-interval=0",
        "atrion.guard.probe-interval=1h",
        "atrion.physics.scar-factor=6",
        "atrion.slo.max-latency-ms=500",
        "atrion.slo.max-error-rate=0.05",
        "atrion.routes.inventory.guard.max-concurrent-calls=7",
        "atrion.filter.enabled=true",
        "atrion.filter.default-tier=normal",
        "atrion.stream.interval=100ms",
        "management.endpoints.web.exposure.include=health,atrion",
        "management.endpoint.health.show-details=always",
})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AtrionStarterIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    Atrion atrion;
    @Autowired
    TestApplication.Inventory inventory;
    @Autowired
    TestApplication.Payments payments;
    @Autowired
    TestApplication.Orders orders;
    @Autowired
    MeterRegistry registry;
    @Autowired
    AtrionMetrics metrics;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(String method, String path) throws Exception {
        return send(method, path, null);
    }

    private HttpResponse<String> send(String method, String path, String voltageHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (voltageHeader != null) {
            b.header("X-Atrion-Voltage", voltageHeader);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void propertiesBind() {
        assertEquals(6.0, atrion.physicsConfig().scarFactor());
        assertTrue(atrion.autoTunerConfig().isEmpty());
        // Limits (Slo.fromLimits): baseline = limit / (1 + atanh(P_crit)/k); with P_crit = 0.7, k = 1:
        // atanh(0.7) = ½·ln(1.7/0.3) = 0.867301, so 500 ms → 500/1.867301 = 267.766 ms, 5 % → 2.6777 %.
        assertEquals(267.766, atrion.slo().baselineLatencyMs(), 1e-3);
        assertEquals(0.026777, atrion.slo().targetErrorRate(), 1e-6);
        assertEquals(0, atrion.guards().defaultConfig().updateIntervalMillis());
        assertEquals(3_600_000, atrion.guards().defaultConfig().probeIntervalMillis());
        // The route's own capacity over the global guard settings.
        assertEquals(7, atrion.guard("inventory").config().maxConcurrentCalls());
        assertEquals(3_600_000, atrion.guard("inventory").config().probeIntervalMillis());
        assertEquals(100, atrion.guard("payments").config().maxConcurrentCalls());
    }

    @Test
    @Order(2)
    void annotatedSyncMethodFailsThenShedsAndFallsBack() {
        assertEquals("stock:a", inventory.stock("a"));
        inventory.failing(true);
        int failed = 0;
        String r = inventory.stock("a");
        for (int i = 0; i < 300 && !r.startsWith("shed:"); i++) {
            // A failed call goes to the Throwable fallback; each one adds scar.
            assertEquals("failed:a", r);
            failed++;
            r = inventory.stock("a");
        }
        assertTrue(failed > 0);
        // The calls are HIGH (50 V): they are shed once R ≥ 50 (SPEC §2.8), by voltage while the
        // breaker is still closed, or by the open breaker if the update that crossed 50 Ω also
        // crossed the break point (100 Ω); either way into the rejection's fallback.
        double resistance = atrion.state("inventory").orElseThrow().resistance();
        assertTrue(resistance >= 50, "R = " + resistance);
        assertTrue(r.equals("shed:a:INSUFFICIENT_VOLTAGE") || r.equals("shed:a:CIRCUIT_OPEN"), r);
        int before = inventory.calls();
        assertTrue(inventory.stock("a").startsWith("shed:a:"), "a shed call goes to the most specific fallback");
        assertEquals(before, inventory.calls(), "a shed call does not run");
        inventory.failing(false);
    }

    @Test
    @Order(3)
    void withoutFallbackAShedCallThrows() {
        inventory.failing(true);
        AtrionRejectedException shed = null;
        for (int i = 0; i < 300 && shed == null; i++) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> inventory.raw("b"));
            if (e instanceof AtrionRejectedException r) {
                shed = r;
            } else {
                assertEquals(IllegalStateException.class, e.getClass(), "the method's own exception, unchanged");
            }
        }
        assertNotNull(shed, "shed within 300 failing calls");
        // No tier: the instance's default voltage, 100 V = the static break point, so only the open breaker sheds.
        assertEquals("inventory-raw", shed.decision().routeId());
        assertEquals(io.atrion.Reason.CIRCUIT_OPEN, shed.decision().reason());
        inventory.failing(false);
    }

    @Test
    @Order(4)
    void annotatedCompletionStageFailsThenShedsAndFallsBack() throws Exception {
        assertEquals("paid:1", payments.pay("1").toCompletableFuture().get());
        payments.failing(true);
        String r = null;
        for (int i = 0; i < 300 && !"shed:1".equals(r); i++) {
            r = payments.pay("1").toCompletableFuture().get();
            assertTrue(r.equals("failed:1") || r.equals("shed:1"), r);
        }
        assertEquals("shed:1", r);
        assertEquals(Mode.CIRCUIT_BREAKER, atrion.state("payments").orElseThrow().mode());
        int before = payments.calls();
        assertEquals("shed:1", payments.pay("1").toCompletableFuture().get());
        assertEquals(before, payments.calls(), "a shed call does not run");
        payments.failing(false);
    }

    @Test
    @Order(5)
    void filterShedsWith503AndRetryAfterAndTheEndpointAndHealthReportIt() throws Exception {
        assertEquals(200, send("GET", "/orders/1").statusCode());
        orders.failing(true);
        HttpResponse<String> r = null;
        // Requests of the default tier (normal, 20 V) are shed once R ≥ 20 Ω, before the breaker opens.
        for (int i = 0; i < 300; i++) {
            r = send("GET", "/orders/" + i);
            if (r.statusCode() == 503) {
                break;
            }
            assertEquals(500, r.statusCode(), r.body());
        }
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("\"reason\":\"insufficient_voltage\""), r.body());
        // Critical requests (100 V, the static break point) flow until the breaker opens.
        for (int i = 0; i < 300; i++) {
            r = send("GET", "/orders/" + i, "critical");
            if (r.statusCode() == 503 && r.body().contains("circuit_open")) {
                break;
            }
            assertEquals(500, r.statusCode(), r.body());
        }
        assertEquals(503, r.statusCode());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);
        assertTrue(r.body().contains("\"route\":\"GET /orders/{id}\""), r.body());
        assertTrue(r.body().contains("\"reason\":\"circuit_open\""), r.body());

        HttpResponse<String> all = send("GET", "/actuator/atrion");
        assertEquals(200, all.statusCode());
        assertTrue(all.body().contains("\"id\":\"GET /orders/{id}\",\"mode\":\"CIRCUIT_BREAKER\""), all.body());
        assertTrue(all.body().contains("\"breakPoint\":100.0"), all.body());

        HttpResponse<String> one = send("GET", "/actuator/atrion/GET%20/orders/%7Bid%7D");
        assertEquals(200, one.statusCode(), one.body());
        assertTrue(one.body().contains("\"mode\":\"CIRCUIT_BREAKER\""), one.body());
        assertTrue(one.body().contains("\"rejectedCircuitOpen\":"), one.body());
        assertEquals(404, send("GET", "/actuator/atrion/no-such-route").statusCode());

        HttpResponse<String> health = send("GET", "/actuator/health");
        assertTrue(health.body().matches(".*\"atrion\":\\{\"details\":\\{[^}]*\"GET /orders/\\{id\\}\"[^}]*\\},\"status\":\"UNKNOWN\".*"),
                health.body());
        assertTrue(health.body().contains("GET /orders/{id}"), health.body());

        // Micrometer: the route's meters after a refresh.
        metrics.refresh();
        assertNotNull(registry.find("atrion.route.resistance").tag("route", "GET /orders/{id}").gauge());
        orders.failing(false);
    }

    @Test
    @Order(6)
    void resetIsOffByDefault() throws Exception {
        HttpResponse<String> r = send("POST", "/actuator/atrion/GET%20/orders/%7Bid%7D/reset");
        assertNotEquals(200, r.statusCode(), r.body());
        assertTrue(r.statusCode() >= 400, "status " + r.statusCode());
        assertTrue(atrion.state("GET /orders/{id}").isPresent(), "the route was not reset");
    }

    @Test
    @Order(7)
    void streamAndDashboardAreServedUnderTheActuatorPath() throws Exception {
        HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/atrion/stream")).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        String data;
        try (Stream<String> lines = r.body()) {
            data = lines.filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
        }
        assertTrue(data.contains("{\"id\":\"inventory-raw\",\"mode\":\"CIRCUIT_BREAKER\""), data);
        // Per tier: the inventory calls are HIGH (index 1); some were admitted, one at least shed.
        assertTrue(data.matches(".*\"id\":\"inventory\".*?\"tierShed\":\\[0,[1-9][0-9]*,0,0,0\\].*"), data);
        HttpResponse<String> page = send("GET", "/actuator/atrion/dashboard/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("dashboard.js"));
        assertEquals(200, send("GET", "/actuator/atrion/dashboard/charts.js").statusCode());
    }
}
