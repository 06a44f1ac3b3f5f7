package io.atrion.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.Atrion;
import io.atrion.Telemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The Micrometer example of README.md, verbatim, so that it keeps compiling and doing what it says. */
class ReadmeExampleTest {

    @Test
    void readmeMetricsExampleExportsToPrometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // ---- README example begins ----
        Atrion atrion = Atrion.builder().decisionCounters(true).build();  // the binder needs the counters
        AtrionMetrics metrics = AtrionMetrics.builder(atrion).tags("service", "shop").build();
        metrics.bindTo(registry);      // any MeterRegistry, e.g. a PrometheusMeterRegistry
        // ---- README example ends ----
        atrion.route("api/checkout", Telemetry.of(80.0, 0.0, 0.4), 50);
        metrics.refresh();
        Scrape s = new Scrape(registry.scrape());
        assertEquals(1, s.value("atrion_decisions_total", "route", "api/checkout", "service", "shop",
                "outcome", "admitted", "reason", "ok"));
        assertEquals(12.0, s.value("atrion_route_resistance_ohms", "route", "api/checkout"));
        metrics.close();
        atrion.close();
        registry.close();
    }
}
