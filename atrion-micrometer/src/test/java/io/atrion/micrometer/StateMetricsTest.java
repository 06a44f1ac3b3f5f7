package io.atrion.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.Telemetry;
import io.atrion.state.InMemoryStateProvider;
import io.atrion.state.InMemoryStateStore;
import io.atrion.state.RouteVector;
import io.atrion.state.StateSyncConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The state-sharing counters (SPEC §5) in a Prometheus scrape, present only with a state provider. */
class StateMetricsTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void exportsTheSharingCountersAndTheConnectionState() {
        ManualClock clock = new ManualClock(T0);
        InMemoryStateStore store = InMemoryStateStore.create();
        InMemoryStateProvider peer = store.provider("peer");
        peer.connect();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Atrion a = Atrion.builder().clock(clock).decisionCounters(true).stateProvider(store.provider("self"))
                .stateSync(StateSyncConfig.defaults().withPublisherThread(false)).build();
             AtrionMetrics metrics = AtrionMetrics.builder(a).build()) {
            metrics.bindTo(registry);
            for (int i = 0; i < 3; i++) {
                clock.advance(10);
                a.route("db", Telemetry.of(80, 0, 0.4)); // queued once, then coalesced twice
            }
            a.flushState(); // published 1; our own vector comes back: received 1, ignored 1
            peer.update(new RouteVector("db", 2.0, 0, 12, Mode.BOOTSTRAP, 1, "peer", T0, 1)); // merged
            peer.update(new RouteVector("db", 2.0, 0, 12, Mode.BOOTSTRAP, 1, "peer", T0 + 86_400_000L, 2)); // rejected
            Scrape s = new Scrape(registry.scrape());
            assertEquals(1.0, s.value("atrion_state_vectors_total", "event", "published"));
            assertEquals(2.0, s.value("atrion_state_vectors_total", "event", "coalesced"));
            assertEquals(3.0, s.value("atrion_state_vectors_total", "event", "received"));
            assertEquals(1.0, s.value("atrion_state_vectors_total", "event", "merged"));
            assertEquals(1.0, s.value("atrion_state_vectors_total", "event", "ignored"));
            assertEquals(1.0, s.value("atrion_state_vectors_total", "event", "rejected"));
            assertEquals(0.0, s.value("atrion_state_vectors_total", "event", "dropped"));
            assertEquals(0.0, s.value("atrion_state_provider_errors_total"));
            assertEquals(1.0, s.value("atrion_state_resyncs_total"));
            assertEquals(0.0, s.value("atrion_state_queued"));
            assertEquals(1.0, s.value("atrion_state_connection", "state", "connected"));
            assertEquals(0.0, s.value("atrion_state_connection", "state", "disconnected"));
        } finally {
            registry.close();
        }
    }

    @Test
    void noStateMetersWithoutAProvider() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Atrion a = Atrion.builder().decisionCounters(true).build();
             AtrionMetrics metrics = AtrionMetrics.builder(a).build()) {
            metrics.bindTo(registry);
            assertTrue(new Scrape(registry.scrape()).find("atrion_state_vectors_total").isEmpty());
        } finally {
            registry.close();
        }
    }
}
