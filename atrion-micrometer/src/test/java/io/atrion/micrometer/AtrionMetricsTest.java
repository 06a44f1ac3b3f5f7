package io.atrion.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.RouteCounters;
import io.atrion.RouteState;
import io.atrion.Telemetry;
import io.atrion.VoltageTier;
import io.atrion.guard.RouteGuard;
import io.atrion.testing.Eventually;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Micrometer binder against a real Prometheus registry: every assertion reads the scrape text. */
class AtrionMetricsTest {

    private static final Telemetry HEALTHY = Telemetry.of(80.0, 0.0, 0.4);
    private static final Telemetry STORM = Telemetry.of(450.0, 0.2, 0.9);

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Atrion atrion;
    private AtrionMetrics metrics;

    @AfterEach
    void closeAll() {
        if (metrics != null) {
            metrics.close();
        }
        if (atrion != null) {
            atrion.close();
        }
        registry.close();
    }

    private Atrion counting(Engine engine) {
        atrion = Atrion.builder().engine(engine).clock(clock).decisionCounters(true).build();
        return atrion;
    }

    private AtrionMetrics bound(AtrionMetrics.Builder b) {
        metrics = b.build();
        metrics.bindTo(registry);
        return metrics;
    }

    private Scrape scrape() {
        return new Scrape(registry.scrape());
    }

    /** One update every 100 ms of virtual time. */
    private void update(String route, Telemetry t, double voltage) {
        clock.advance(100);
        atrion.route(route, t, voltage);
    }

    /** Opens the breaker of {@code route} with a storm, then heals it until it closes. */
    private void openAndClose(String route) {
        for (int i = 0; i < 20; i++) {
            update(route, HEALTHY, 100);
        }
        for (int i = 0; i < 200 && atrion.state(route).orElseThrow().mode() != Mode.CIRCUIT_BREAKER; i++) {
            update(route, STORM, 100);
        }
        assertEquals(Mode.CIRCUIT_BREAKER, atrion.state(route).orElseThrow().mode(), "the storm opened the breaker");
        for (int i = 0; i < 2_000 && atrion.state(route).orElseThrow().mode() == Mode.CIRCUIT_BREAKER; i++) {
            update(route, HEALTHY, 100);
        }
        assertEquals(Mode.OPERATIONAL, atrion.state(route).orElseThrow().mode(), "healthy traffic closed it again");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aGuardsProbeIsScrapedAsAdmittedAndAsAProbe(Engine engine) {
        counting(engine);
        RouteGuard g = atrion.guard("dep");
        for (int i = 0; i < 500 && !g.isOpen(); i++) {
            clock.advance(10);
            g.tryCall(100, () -> {
                clock.advance(10);
                throw new IllegalStateException("down");
            });
        }
        assertTrue(g.isOpen());
        bound(AtrionMetrics.builder(atrion));
        double admitted = scrape().value("atrion_decisions_total", "route", "dep", "outcome", "admitted", "reason", "ok");
        double open = scrape().value("atrion_decisions_total", "route", "dep", "outcome", "rejected",
                "reason", "circuit_open");
        double probes = scrape().value("atrion_route_probes_total", "route", "dep");
        clock.advance(1_500);
        assertTrue(g.tryCall(100, () -> "served as the probe").isProbe());
        Scrape s = scrape();
        assertTrue(s.declares("atrion_route_probes_total", "counter"), s.text);
        assertEquals(probes + 1, s.value("atrion_route_probes_total", "route", "dep"));
        assertEquals(admitted + 1, s.value("atrion_decisions_total", "route", "dep", "outcome", "admitted",
                "reason", "ok"), "the client was served");
        assertEquals(open, s.value("atrion_decisions_total", "route", "dep", "outcome", "rejected",
                "reason", "circuit_open"), "not a rejection");
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void scrapeShowsEveryRouteGaugeAndCounterWithPrometheusNames(Engine engine) {
        counting(engine);
        for (int i = 0; i < 15; i++) {
            update("api/orders", HEALTHY, VoltageTier.NORMAL.voltage());
        }
        update("api/orders", HEALTHY, 5.0); // 5 V ≤ R_base = 10: insufficient voltage
        update("api/orders", HEALTHY, Double.NaN);                  // invalid voltage
        openAndClose("payments");
        update("payments", STORM, 100);
        bound(AtrionMetrics.builder(atrion));

        Scrape s = scrape();
        assertTrue(s.declares("atrion_route_resistance_ohms", "gauge"), s.text);
        assertTrue(s.declares("atrion_route_scar", "gauge"), s.text);
        assertTrue(s.declares("atrion_route_mode", "gauge"), s.text);
        assertTrue(s.declares("atrion_decisions_total", "counter"), s.text);
        assertTrue(s.declares("atrion_breaker_transitions_total", "counter"), s.text);
        assertTrue(s.declares("atrion_observer_events_dropped_total", "counter"), s.text);

        for (String route : List.of("api/orders", "payments")) {
            RouteState st = atrion.state(route).orElseThrow();
            RouteCounters c = atrion.counters(route).orElseThrow();
            assertEquals(st.resistance(), s.value("atrion_route_resistance_ohms", "route", route), 1e-9);
            assertEquals(st.scar(), s.value("atrion_route_scar", "route", route), 1e-9);
            assertEquals(st.momentum(), s.value("atrion_route_momentum", "route", route), 1e-12);
            assertEquals(st.breakPoint(), s.value("atrion_route_break_point_ohms", "route", route), 1e-9);
            for (Mode m : Mode.values()) {
                assertEquals(st.mode() == m ? 1.0 : 0.0,
                        s.value("atrion_route_mode", "route", route, "mode", AtrionMetrics.label(m)), route + " " + m);
            }
            assertEquals(c.admitted(), s.value("atrion_decisions_total", "route", route,
                    "outcome", "admitted", "reason", "ok"));
            assertEquals(c.rejectedCircuitOpen(), s.value("atrion_decisions_total", "route", route,
                    "outcome", "rejected", "reason", "circuit_open"));
            assertEquals(c.rejectedInsufficientVoltage(), s.value("atrion_decisions_total", "route", route,
                    "outcome", "rejected", "reason", "insufficient_voltage"));
            assertEquals(c.rejectedInvalidVoltage(), s.value("atrion_decisions_total", "route", route,
                    "outcome", "rejected", "reason", "invalid_voltage"));
            assertEquals(4, s.find("atrion_decisions_total", "route", route).size(), "one series per reason");
        }
        // What this scenario did, independently of the counters:
        assertEquals(15, s.value("atrion_decisions_total", "route", "api/orders", "outcome", "admitted", "reason", "ok"));
        assertEquals(1, s.value("atrion_decisions_total", "route", "api/orders",
                "outcome", "rejected", "reason", "insufficient_voltage"));
        assertEquals(1, s.value("atrion_decisions_total", "route", "api/orders",
                "outcome", "rejected", "reason", "invalid_voltage"));
        assertEquals(1, s.value("atrion_breaker_transitions_total", "route", "payments", "direction", "opened"));
        assertEquals(1, s.value("atrion_breaker_transitions_total", "route", "payments", "direction", "closed"));
        assertEquals(0, s.value("atrion_breaker_transitions_total", "route", "api/orders", "direction", "opened"));
        assertTrue(s.value("atrion_decisions_total", "route", "payments", "outcome", "rejected",
                "reason", "circuit_open") > 0, "the open breaker rejected calls");
        assertEquals(1.0, s.value("atrion_route_mode", "route", "payments", "mode", "operational"));
        assertEquals(2, s.value("atrion_routes"));
        assertEquals(0, s.value("atrion_observer_events_dropped_total"));
        assertEquals(0, s.value("atrion_observer_failures_total"));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void countersAndGaugesAreLiveBetweenRefreshes(Engine engine) {
        counting(engine);
        update("r", HEALTHY, 100);
        bound(AtrionMetrics.builder(atrion));
        assertEquals(1, scrape().value("atrion_decisions_total", "route", "r", "reason", "ok"));
        assertEquals(1.0, scrape().value("atrion_route_mode", "route", "r", "mode", "bootstrap"));
        for (int i = 0; i < 11; i++) {
            update("r", HEALTHY, 100);
        }
        Scrape s = scrape(); // no refresh(): the values are read at scrape time
        assertEquals(12, s.value("atrion_decisions_total", "route", "r", "reason", "ok"));
        assertEquals(1.0, s.value("atrion_route_mode", "route", "r", "mode", "operational"));
        assertEquals(0.0, s.value("atrion_route_mode", "route", "r", "mode", "bootstrap"));
        assertEquals(atrion.state("r").orElseThrow().resistance(), s.value("atrion_route_resistance_ohms", "route", "r"));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void routeEventsAddNewRoutesAndRemoveRemovedOnes(Engine engine) throws InterruptedException {
        counting(engine);
        update("a", HEALTHY, 100);
        bound(AtrionMetrics.builder(atrion));
        update("b", HEALTHY, 100); // no refresh(): the route's creation is an event
        assertTrue(Eventually.holds(() -> metrics.registeredRoutes().equals(Set.of("a", "b"))), metrics.registeredRoutes().toString());
        Scrape s = scrape();
        assertEquals(1, s.value("atrion_decisions_total", "route", "b", "reason", "ok"));
        assertEquals(2, s.value("atrion_routes"));

        assertTrue(atrion.remove("a"));
        assertTrue(Eventually.holds(() -> metrics.registeredRoutes().equals(Set.of("b"))), metrics.registeredRoutes().toString());
        s = scrape();
        assertTrue(s.find("atrion_route_resistance_ohms", "route", "a").isEmpty(), s.text);
        assertTrue(s.find("atrion_decisions_total", "route", "a").isEmpty(), s.text);
        assertTrue(s.find("atrion_route_mode", "route", "a").isEmpty(), s.text);
        assertTrue(s.find("atrion_breaker_transitions_total", "route", "a").isEmpty(), s.text);
        assertEquals(1, s.find("atrion_route_resistance_ohms", "route", "b").size());
        assertEquals(1, s.value("atrion_routes"));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void refreshBringsTheMetersUpToDateAtOnce(Engine engine) {
        counting(engine);
        bound(AtrionMetrics.builder(atrion));
        update("now", HEALTHY, 100);
        metrics.refresh(); // on this thread, whether or not the event was delivered yet
        assertEquals(1, scrape().value("atrion_decisions_total", "route", "now", "reason", "ok"));
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void aRemovedRoutesCountersNeverGoBack(Engine engine) {
        counting(engine);
        for (int i = 0; i < 3; i++) {
            update("gone", HEALTHY, 100);
        }
        bound(AtrionMetrics.builder(atrion));
        FunctionCounter ok = registry.find("atrion.decisions").tag("route", "gone").tag("reason", "ok")
                .functionCounter();
        Gauge resistance = registry.find("atrion.route.resistance").tag("route", "gone").gauge();
        assertEquals(3, ok.count());
        atrion.remove("gone");
        // Whether or not the removal's event has unregistered them yet: read through the meters held.
        assertEquals(3, ok.count(), "a counter never goes back");
        assertTrue(Double.isNaN(resistance.value()), "a gauge of nothing is NaN");
    }

    @Test
    void newRoutesGetMetersWithoutAnyRefreshAndCloseRemovesThemAll() throws InterruptedException {
        counting(Engine.AUTO);
        bound(AtrionMetrics.builder(atrion));
        assertTrue(scrape().find("atrion_route_scar").isEmpty());
        update("late", HEALTHY, 100);
        assertTrue(Eventually.holds(() -> !scrape().find("atrion_route_scar", "route", "late").isEmpty()),
                "the route's creation registered its meters");
        metrics.close();
        assertTrue(registry.getMeters().isEmpty(), "close() removes every meter");
        update("after-close", HEALTHY, 100);
        metrics.refresh(); // a no-op once closed
        assertTrue(registry.getMeters().isEmpty());
    }

    @Test
    void commonTagsAreOnEveryMeter() {
        counting(Engine.AUTO);
        update("r", HEALTHY, 100);
        bound(AtrionMetrics.builder(atrion).tags("service", "shop"));
        Scrape s = scrape();
        List<Scrape.Sample> atrionSamples = s.samples.stream().filter(x -> x.name().startsWith("atrion_")).toList();
        assertFalse(atrionSamples.isEmpty());
        for (Scrape.Sample x : atrionSamples) {
            assertEquals("shop", x.labels().get("service"), x.toString());
        }
    }

    @Test
    void observerDropsAreExported() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        atrion = Atrion.builder().clock(clock).decisionCounters(true).observerQueueCapacity(1)
                .observer(e -> {
                    blocked.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                })
                .build();
        bound(AtrionMetrics.builder(atrion));
        update("r", HEALTHY, 100);
        assertTrue(blocked.await(5, java.util.concurrent.TimeUnit.SECONDS), "the observer took the first event");
        for (int i = 0; i < 20; i++) {
            update("r", HEALTHY, 100); // one fits in the queue, the rest are dropped
        }
        long dropped = atrion.droppedEvents();
        assertTrue(dropped >= 19, "dropped " + dropped);
        assertEquals(dropped, scrape().value("atrion_observer_events_dropped_total"));
        release.countDown();
    }

    @Test
    void bindingToTwoRegistriesExportsToBoth() {
        counting(Engine.AUTO);
        update("r", HEALTHY, 100);
        PrometheusMeterRegistry second = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            bound(AtrionMetrics.builder(atrion));
            metrics.bindTo(second);
            update("s", HEALTHY, 100);
            metrics.refresh();
            assertEquals(1, new Scrape(second.scrape()).value("atrion_decisions_total", "route", "s", "reason", "ok"));
            assertEquals(1, scrape().value("atrion_decisions_total", "route", "s", "reason", "ok"));
            metrics.close();
            assertTrue(second.getMeters().isEmpty());
            assertTrue(registry.getMeters().isEmpty());
        } finally {
            second.close();
        }
    }

    @Test
    void routeIdsAreEscapedAsLabelValues() {
        counting(Engine.AUTO);
        String odd = "GET /a\"b\\c";
        update(odd, HEALTHY, 100);
        bound(AtrionMetrics.builder(atrion));
        assertEquals(1, scrape().value("atrion_decisions_total", "route", odd, "reason", "ok"));
    }

    @Test
    void configurationIsValidatedNamingTheField() {
        Atrion plain = Atrion.builder().clock(clock).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AtrionMetrics.of(plain));
        assertTrue(e.getMessage().contains("decisionCounters(true)"), e.getMessage());
        assertTrue(e.getMessage().startsWith("AtrionMetrics.atrion"), e.getMessage());

        counting(Engine.AUTO);
        e = assertThrows(IllegalArgumentException.class,
                () -> AtrionMetrics.builder(atrion).tags(List.of(Tag.of("route", "x"))).build());
        assertTrue(e.getMessage().startsWith("AtrionMetrics.tags"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AtrionMetrics.builder(atrion).tags("odd"));
        assertTrue(e.getMessage().startsWith("AtrionMetrics.tags"), e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class, () -> AtrionMetrics.builder(null));
        assertTrue(n.getMessage().contains("AtrionMetrics.atrion"), n.getMessage());

        AtrionMetrics closed = AtrionMetrics.builder(atrion).build();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.bindTo(registry));
        plain.close();
    }
}
