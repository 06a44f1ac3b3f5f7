package io.atrion.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.PhysicsConfig;
import io.atrion.VoltageTier;
import io.atrion.RouteCounters;
import io.atrion.RouteState;
import io.atrion.Telemetry;
import io.atrion.guard.GuardConfig;
import io.atrion.guard.RouteGuard;
import jakarta.servlet.AsyncContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The filter over real HTTP: an embedded Jetty 12 on a loopback port, {@link java.net.http.HttpClient}
 * requests, and Atrion on a {@link ManualClock} that the servlets advance to simulate their latency,
 * so the physics runs on virtual time and the tests take about a second of real time.
 */
class AtrionFilterJettyTest {

    /** Weight of one call in the guard's averages with the default window of 50. */
    private static final double ALPHA = 2.0 / 101.0; // GuardConfig's default window of 100 calls

    private final ManualClock clock = new ManualClock(1_000_000);
    private JettyHarness jetty;
    private Atrion atrion;

    @AfterEach
    void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
        if (atrion != null) {
            atrion.close();
        }
    }

    // ------------------------------------------------------------------ the scenario of the issue

    private volatile boolean healthy = true;
    private final AtomicInteger handled = new AtomicInteger();

    private record Round(int normal, int critical, String normalBody, String criticalBody) {
    }

    /** One request at normal (20 V) and one at critical (100 V) voltage, 100 ms of virtual time apart. */
    private Round round() throws Exception {
        clock.advance(100);
        HttpResponse<String> n = jetty.get("/orders/42", "normal");
        clock.advance(100);
        HttpResponse<String> c = jetty.get("/orders/42", "critical");
        return new Round(n.statusCode(), c.statusCode(), n.body(), c.body());
    }

    private Mode mode() {
        return atrion.state("GET /orders").orElseThrow().mode();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"REFERENCE", "FAST"})
    void failingHandlerTripsTheRouteShedsLowVoltageFirstAndTheRouteRecoversAfterItHeals(Engine engine)
            throws Exception {
        // Static break point R_base·γ = 100 (SPEC §2.6): the climb from 20 V to the break point
        // spans several requests, so "normal is shed while critical still flows" is visible.
        atrion = Atrion.builder().engine(engine).clock(clock).autoTunerDisabled().build();
        jetty = JettyHarness.builder(AtrionFilter.of(atrion))
                .servlet("/orders/*", (req, resp) -> {
                    handled.incrementAndGet();
                    if (healthy) {
                        clock.advance(40);
                        resp.getWriter().write("ok");
                    } else {
                        clock.advance(200);
                        resp.setStatus(500);
                        resp.getWriter().write("database down");
                    }
                })
                .start();

        // 1. Healthy traffic: everything flows.
        for (int i = 0; i < 40; i++) {
            Round r = round();
            assertEquals(200, r.normal, r.normalBody);
            assertEquals(200, r.critical, r.criticalBody);
        }
        assertEquals(Mode.OPERATIONAL, mode());

        // 2. The handler starts failing.
        healthy = false;
        int firstNormalShed = -1;
        int firstCriticalShed = -1;
        int criticalServedWhileNormalShed = 0;
        String circuitOpenBody = null;
        HttpResponse<String> circuitOpen = null;
        for (int i = 0; i < 100 && firstCriticalShed < 0; i++) {
            Round r = round();
            if (r.normal == 503 && firstNormalShed < 0) {
                firstNormalShed = i;
                assertEquals("insufficient_voltage", field(r.normalBody, "reason"), r.normalBody);
            }
            if (r.normal == 503 && r.critical == 500) {
                criticalServedWhileNormalShed++; // reached the (failing) handler: admitted
            }
            if (r.critical == 503) {
                firstCriticalShed = i;
                circuitOpenBody = r.criticalBody;
            }
        }
        assertTrue(firstNormalShed >= 0, "normal traffic was shed");
        assertTrue(firstCriticalShed > firstNormalShed,
                "normal shed at round " + firstNormalShed + ", critical at " + firstCriticalShed);
        assertTrue(criticalServedWhileNormalShed >= 3,
                "critical requests kept flowing while normal ones were shed: " + criticalServedWhileNormalShed);
        assertEquals(Mode.CIRCUIT_BREAKER, mode(), "the failing handler opened the breaker");
        assertEquals("circuit_open", field(circuitOpenBody, "reason"), circuitOpenBody);
        assertEquals("CIRCUIT_BREAKER", field(circuitOpenBody, "mode"));

        // While open, requests are answered by the filter; at most one probe a second reaches the handler.
        int before = handled.get();
        clock.advance(100);
        circuitOpen = jetty.get("/orders/42", "bulk");
        assertEquals(503, circuitOpen.statusCode());
        long retryAfter = Long.parseLong(circuitOpen.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= AtrionFilter.DEFAULT_MAX_RETRY_AFTER_SECONDS, "" + retryAfter);
        assertEquals(String.valueOf(retryAfter), field(circuitOpen.body(), "retryAfterSeconds"));
        assertEquals("application/json", circuitOpen.headers().firstValue("Content-Type").orElseThrow()
                .split(";")[0]);
        assertTrue(Double.parseDouble(field(circuitOpen.body(), "resistance")) >= 10.0);
        for (int i = 0; i < 10; i++) {
            round();
        }
        assertTrue(handled.get() - before <= 3, "≈ 2 s of traffic, probes only: " + (handled.get() - before));

        // 3. The handler heals: a probe sees it, the scar decays, the breaker closes by itself.
        healthy = true;
        long healedAt = clock.millis();
        while (mode() == Mode.CIRCUIT_BREAKER && clock.millis() - healedAt < 60_000) {
            round();
        }
        assertEquals(Mode.OPERATIONAL, mode(), "closed within 60 s of virtual time");
        Round afterClose = round();
        assertEquals(200, afterClose.critical, afterClose.criticalBody);
        // Normal traffic returns once the remaining scar has decayed below 20 V.
        Round r = afterClose;
        while (r.normal != 200 && clock.millis() - healedAt < 120_000) {
            r = round();
        }
        assertEquals(200, r.normal, "normal traffic flows again: " + r.normalBody);
        assertEquals(200, r.critical);
        assertTrue(clock.millis() - healedAt < 120_000);
    }

    // ------------------------------------------------------------------ voltage header

    private Atrion bootstrapOnly() {
        // The route boots for the whole test: R stays at 1.2·R_base = 12, and the guard decides a
        // booting route on R_base = 10 (V > 10 flows): a fixed bar to compare voltages with.
        return Atrion.builder().clock(clock).physics(PhysicsConfig.builder().bootstrapTicks(1_000_000).build()).build();
    }

    @Test
    void voltageHeaderTakesNumbersAndTierNamesAndFallsBackToTheDefaultWhenInvalid() throws Exception {
        atrion = bootstrapOnly();
        AtrionFilter filter = AtrionFilter.builder(atrion).defaultVoltage(VoltageTier.NORMAL).build();
        jetty = JettyHarness.builder(filter).servlet("/orders/*", (req, resp) -> resp.getWriter().write("ok")).start();
        // Admitted iff V > 10.
        assertEquals(200, jetty.get("/orders", null).statusCode(), "no header: default 20 V");
        assertEquals(200, jetty.get("/orders", "critical").statusCode());
        assertEquals(200, jetty.get("/orders", " High ").statusCode(), "case and spaces do not matter");
        assertEquals(200, jetty.get("/orders", "LOW").statusCode(), "15 V (1.5·R_base)");
        assertEquals(200, jetty.get("/orders", "bulk").statusCode(), "12 V (1.2·R_base): every tier passes a booting route");
        assertEquals(200, jetty.get("/orders", "10.5").statusCode());
        assertEquals(503, jetty.get("/orders", "10").statusCode(), "V ≤ R_base is shed");
        assertEquals(0, filter.invalidVoltageHeaders());
        for (String invalid : List.of("urgent", "-1", "NaN", "Infinity", "1e999", "0x")) {
            HttpResponse<String> resp = jetty.get("/orders", invalid);
            assertEquals(200, resp.statusCode(), "'" + invalid + "' → default 20 V, no error: " + resp.body());
        }
        assertEquals(6, filter.invalidVoltageHeaders());
        assertEquals(200, jetty.get("/orders", "").statusCode(), "blank = absent");
        assertEquals(6, filter.invalidVoltageHeaders());
    }

    @Test
    void defaultVoltageIsTheInstancesUnlessConfigured() throws Exception {
        atrion = bootstrapOnly();
        AtrionFilter bulkByDefault = AtrionFilter.builder(atrion).defaultVoltage(1).voltageHeader("X-Priority").build();
        assertEquals(100.0, AtrionFilter.of(atrion).defaultVoltage());
        jetty = JettyHarness.builder(bulkByDefault).servlet("/", (req, resp) -> resp.getWriter().write("ok")).start();
        assertEquals(503, jetty.get("/x", null).statusCode(), "1 V ≤ R_base");
        assertEquals(503, jetty.get("/x", "critical").statusCode(), "X-Atrion-Voltage is not the configured header");
    }

    @Test
    void shedRequestGetsA503WithRetryAfterAndAJsonBodyAndNeverReachesTheServlet() throws Exception {
        atrion = bootstrapOnly();
        AtomicInteger calls = new AtomicInteger();
        jetty = JettyHarness.builder(AtrionFilter.of(atrion))
                .servlet("/orders/*", (req, resp) -> calls.incrementAndGet()).start();
        // 5 V never beats R ≥ R_base = 10: no wait brings it through, so Retry-After is the cap (30 s).
        HttpResponse<String> shed = jetty.get("/orders/7", "5");
        assertEquals(503, shed.statusCode());
        assertEquals("30", shed.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("no-store", shed.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(shed.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("{\"route\":\"GET /orders\",\"reason\":\"insufficient_voltage\",\"mode\":\"BOOTSTRAP\","
                + "\"resistance\":12.0,\"retryAfterSeconds\":30}", shed.body());
        assertEquals(0, calls.get());
    }

    // ------------------------------------------------------------------ route ids

    @Test
    void defaultRouteIdIsMethodAndServletPathWithoutTheContextPath() throws Exception {
        atrion = Atrion.builder().clock(clock).build();
        jetty = JettyHarness.builder(AtrionFilter.of(atrion))
                .contextPath("/shop")
                .servlet("/orders/*", (req, resp) -> resp.getWriter().write("orders"))
                .servlet("/health", (req, resp) -> resp.getWriter().write("up"))
                .servlet("*.jsp", (req, resp) -> resp.getWriter().write("page"))
                .servlet("/", (req, resp) -> resp.getWriter().write("default"))
                .servlet("/forward", (req, resp) -> req.getRequestDispatcher("/orders/1").forward(req, resp))
                .start();
        assertEquals(200, jetty.get("/orders/42", null).statusCode());
        assertEquals(200, jetty.get("/orders/43/items", null).statusCode());
        assertEquals(200, jetty.send("POST", "/orders", null).statusCode());
        assertEquals(200, jetty.get("/health", null).statusCode());
        assertEquals(200, jetty.get("/a/page.jsp", null).statusCode());
        assertEquals(200, jetty.get("/some/other/path", null).statusCode());
        assertEquals(200, jetty.get("/yet/another", null).statusCode());
        assertEquals(200, jetty.send("BREW", "/orders/1", null).statusCode());
        HttpResponse<String> fwd = jetty.get("/forward", null);
        assertEquals("orders", fwd.body());
        assertEquals(Set.of("GET /orders", "POST /orders", "GET /health", "GET *.jsp", "GET /", "OTHER /orders",
                "GET /forward"), Set.copyOf(atrion.routes()));
        assertEquals(2, atrion.guards().find("GET /orders").orElseThrow().completedCalls(),
                "the forward dispatch to /orders/1 was not counted again");
        assertEquals(2, atrion.guards().find("GET /").orElseThrow().completedCalls());
    }

    @Test
    void customRouteIdFunctionAndUnguardedRequests() throws Exception {
        atrion = bootstrapOnly();
        AtrionFilter filter = AtrionFilter.builder(atrion)
                .routeId(req -> req.getRequestURI().startsWith("/health") ? null : "api " + req.getMethod())
                .build();
        jetty = JettyHarness.builder(filter).servlet("/", (req, resp) -> resp.getWriter().write("ok")).start();
        assertEquals(200, jetty.get("/health", "5").statusCode(), "unguarded: never shed");
        assertEquals(503, jetty.get("/anything", "5").statusCode());
        assertEquals(List.of("api GET"), atrion.routes());
    }

    // ------------------------------------------------------------------ telemetry

    @Test
    void statusLatencyAndExceptionsBecomeTelemetry() throws Exception {
        atrion = Atrion.builder().clock(clock).build();
        AtrionFilter filter = AtrionFilter.builder(atrion).errorStatus(s -> s >= 500 || s == 429).build();
        jetty = JettyHarness.builder(filter)
                .servlet("/status/*", (req, resp) -> {
                    clock.advance(250);
                    resp.setStatus(Integer.parseInt(req.getPathInfo().substring(1)));
                })
                .servlet("/boom", (req, resp) -> {
                    clock.advance(30);
                    throw new IllegalStateException("handler bug");
                })
                .start();
        RouteGuard status = atrion.guard("GET /status");
        assertEquals(404, jetty.get("/status/404", null).statusCode());
        assertEquals(0.0, status.averageErrorRate(), "4xx is the client's problem");
        assertEquals(100 + ALPHA * 150, status.averageLatencyMs(), 1e-9, "250 ms on the Atrion clock");
        assertEquals(503, jetty.get("/status/503", null).statusCode());
        assertEquals(ALPHA, status.averageErrorRate(), 1e-15, "5xx is an error");
        assertEquals(429, jetty.get("/status/429", null).statusCode());
        assertEquals(1 - (1 - ALPHA) * (1 - ALPHA), status.averageErrorRate(), 1e-15, "429 is, as configured");
        assertEquals(3, status.completedCalls());
        assertEquals(0, status.inFlight());

        RouteGuard boom = atrion.guard("GET /boom");
        assertEquals(500, jetty.get("/boom", null).statusCode());
        assertEquals(ALPHA, boom.averageErrorRate(), 1e-15, "the exception was recorded");
        assertEquals(100 + ALPHA * (30 - 100), boom.averageLatencyMs(), 1e-9);
        assertEquals(0, boom.inFlight());
    }

    @Test
    void asynchronousRequestsAreRecordedWhenTheyComplete() throws Exception {
        atrion = Atrion.builder().clock(clock).build();
        jetty = JettyHarness.builder(AtrionFilter.of(atrion))
                .servlet("/async/*", (req, resp) -> {
                    AsyncContext ctx = req.startAsync();
                    new Thread(() -> {
                        clock.advance(300);
                        ((jakarta.servlet.http.HttpServletResponse) ctx.getResponse()).setStatus(502);
                        ctx.complete();
                    }).start();
                })
                .servlet("/hang/*", (req, resp) -> req.startAsync().setTimeout(100))
                .start();
        RouteGuard async = atrion.guard("GET /async");
        assertEquals(502, jetty.get("/async/1", null).statusCode());
        waitFor(() -> async.completedCalls() == 1);
        assertEquals(ALPHA, async.averageErrorRate(), 1e-15, "the final status 502 counted");
        assertEquals(100 + ALPHA * 200, async.averageLatencyMs(), 1e-9, "timed until complete()");
        assertEquals(0, async.inFlight());

        RouteGuard hang = atrion.guard("GET /hang");
        HttpResponse<String> timedOut = jetty.get("/hang/1", null);
        assertTrue(timedOut.statusCode() >= 500, "container answers the timeout: " + timedOut.statusCode());
        waitFor(() -> hang.completedCalls() == 1);
        assertEquals(ALPHA, hang.averageErrorRate(), 1e-15, "a timeout is an error");
        assertEquals(0, hang.inFlight());
        Thread.sleep(50);
        assertEquals(1, hang.completedCalls(), "recorded once, although onTimeout and onComplete both fire");
    }

    // ------------------------------------------------------------------ permits end, counters tell the truth

    /** Neither an Exception nor an Error. */
    static final class CustomThrowable extends Throwable {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void everyThrowableFromTheChainEndsTheRequestsPermit() throws Exception {
        atrion = Atrion.builder().clock(clock).build();
        jetty = JettyHarness.builder(AtrionFilter.of(atrion))
                .servlet("/checked/*", (req, resp) -> {
                    clock.advance(20);
                    throw new java.util.concurrent.TimeoutException("undeclared by doFilter: thrown as is");
                })
                .servlet("/custom/*", (req, resp) -> {
                    clock.advance(20);
                    throw JettyHarness.<RuntimeException>sneaky(new CustomThrowable());
                })
                .servlet("/error/*", (req, resp) -> {
                    clock.advance(20);
                    throw new AssertionError("an Error");
                })
                .start();
        for (String path : List.of("/checked", "/custom", "/error")) {
            HttpResponse<String> r = jetty.get(path + "/1", null);
            assertTrue(r.statusCode() >= 500, path + ": " + r.statusCode());
            RouteGuard g = atrion.guards().find("GET " + path).orElseThrow();
            assertEquals(0, g.inFlight(), path + " left nothing in flight");
            assertEquals(1, g.completedCalls(), path);
            assertEquals(ALPHA, g.averageErrorRate(), 1e-15, path + " was recorded as an error");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"REFERENCE", "FAST"})
    void decisionCountersEqualWhatClientsSawProbesIncluded(Engine engine) throws Exception {
        atrion = Atrion.builder().engine(engine).clock(clock).decisionCounters(true).build();
        jetty = JettyHarness.builder(AtrionFilter.of(atrion))
                .servlet("/orders/*", (req, resp) -> {
                    handled.incrementAndGet();
                    clock.advance(healthy ? 40 : 200);
                    if (!healthy) {
                        resp.setStatus(500);
                    }
                })
                .start();
        int filterAnswered = 0;
        int reachedTheServlet = 0;
        // 4 s calm, 12 s failing, 20 s healed; a normal and a critical request every 200 ms.
        for (int i = 0; i < 90; i++) {
            healthy = i < 10 || i >= 40;
            Round r = round();
            for (String body : List.of(r.normalBody, r.criticalBody)) {
                if (body.startsWith("{\"route\"")) {
                    filterAnswered++; // the filter's 503 body
                } else {
                    reachedTheServlet++;
                }
            }
        }
        RouteCounters c = atrion.counters("GET /orders").orElseThrow();
        assertEquals(handled.get(), reachedTheServlet);
        assertTrue(c.probes() > 0, "the outage made the guard probe");
        assertEquals(reachedTheServlet, c.admitted(), "admitted = requests served, probes included");
        assertEquals(filterAnswered, c.rejected(), "rejected = 503s from the filter");
        assertEquals(atrion.guard("GET /orders").probesStarted(), c.probes());
    }

    @Test
    void retryAfterForInsufficientVoltageIsTheScarsDecayTime() throws Exception {
        atrion = Atrion.builder().clock(clock).autoTunerDisabled().build();
        // A probe floor above "low" (15 V), so that its request is shed rather than let through as a probe.
        GuardConfig noLowProbes = GuardConfig.builder().probeMinVoltage(20).build();
        jetty = JettyHarness.builder(AtrionFilter.builder(atrion).guardConfig(noLowProbes).build())
                .servlet("/orders/*", (req, resp) -> { }).start();
        // Scar the route with updates of its own: 10 calm (bootstrap), 8 stressed (trauma, σ each).
        for (int i = 0; i < 18; i++) {
            clock.advance(100);
            atrion.route("GET /orders", i < 10 ? Telemetry.of(80, 0, 0.4) : Telemetry.of(450, 0.2, 0.9));
        }
        clock.advance(100);
        // "low" (15 V) is below the probe floor (20 V), so it is shed, not let through as a probe.
        HttpResponse<String> shed = jetty.get("/orders/1", "low");
        assertEquals(503, shed.statusCode(), shed.body());
        assertEquals("insufficient_voltage", field(shed.body(), "reason"));
        // The admission updated the route at this instant, so S is the scar now. Healthy from now on,
        // R ≤ R_base + S·e^(−λt), and 15 V passes once S·e^(−λt) < 15 − 10: t = ln(S/5)/λ s, rounded up.
        RouteState s = atrion.state("GET /orders").orElseThrow();
        assertEquals(clock.millis(), s.lastUpdatedMillis());
        long expected = (long) Math.ceil(Math.log(s.scar() / 5) / 0.1);
        assertTrue(expected > 1, "a scar of " + s.scar() + " takes seconds to decay, not 1");
        assertEquals(String.valueOf(expected), shed.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(String.valueOf(expected), field(shed.body(), "retryAfterSeconds"));
        assertEquals(200, jetty.get("/orders/1", "critical").statusCode(), "100 V still flows");
    }

    @Test
    void guardsOfTheFilterTakeItsGuardConfig() throws Exception {
        atrion = Atrion.builder().clock(clock).build();
        GuardConfig limits = GuardConfig.builder().limits(500, 0.25).build();
        jetty = JettyHarness.builder(AtrionFilter.builder(atrion).guardConfig(limits).build())
                .servlet("/orders/*", (req, resp) -> { }).start();
        assertEquals(200, jetty.get("/orders/1", null).statusCode());
        assertSame(limits, atrion.guards().find("GET /orders").orElseThrow().config());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean(), "condition not met within 5 s");
    }

    /** A field of the filter's flat JSON body, as text (strings unquoted). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    @Test
    void bodyEscapesTheRouteId() {
        assertEquals("\"GET /a\\\"b\\\\c\\n\\u0001\"", AtrionFilter.jsonString("GET /a\"b\\c\n\u0001"));
        assertFalse(AtrionFilter.jsonString("plain").contains("\\"));
    }
}
