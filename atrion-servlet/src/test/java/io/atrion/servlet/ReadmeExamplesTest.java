package io.atrion.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Presets;
import io.atrion.Reason;
import io.atrion.VoltageTier;
import io.atrion.guard.AtrionRejectedException;
import io.atrion.guard.GuardConfig;
import io.atrion.guard.RouteGuard;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The guard and servlet-filter examples of README.md, verbatim, so that they keep compiling and
 * doing what they say. (The guard example needs only atrion-core; it lives here so that
 * atrion-core's own tests stay untouched by the integration modules.)
 */
class ReadmeExamplesTest {

    /** The client the README's guard example calls. */
    interface InventoryClient {
        String stock(String sku);
    }

    @Test
    void readmeGuardExampleRunsAsDescribed() {
        InventoryClient client = sku -> "12 in stock";
        String result = null;
        AtrionRejectedException rejected = null;
        // ---- README example begins ----
        Atrion atrion = Presets.interactive()                  // SPEC physics, scar forgiven 3× faster (λ = 0.3/s)
                .guardConfig(GuardConfig.builder().limits(500, 0.25).build())  // trouble above 500 ms or 25 % errors
                .build();
        RouteGuard inventory = atrion.guard("inventory");
        Supplier<String> stock = inventory.decorateSupplier(VoltageTier.HIGH, () -> client.stock("sku-42"));
        try {
            String s = stock.get();            // timed; whatever it throws counts as an error and is rethrown as is
            result = s;
        } catch (AtrionRejectedException shed) {
            // not called: shed.decision() has the reason (CIRCUIT_OPEN, INSUFFICIENT_VOLTAGE), mode and R
            rejected = shed;
        }
        // ---- README example ends ----
        assertNull(rejected, "a new route admits 50 V (R = 12)");
        assertEquals("12 in stock", result);
        assertEquals(1, inventory.completedCalls());
        assertEquals(0.3, atrion.physicsConfig().decayRate());
        assertEquals(500, inventory.config().maxLatencyMs());
        // The same decorator at R_base = 10 V is shed: V ≤ R on every route, booting or not.
        AtrionRejectedException shed = null;
        try {
            inventory.decorateSupplier(10.0, () -> client.stock("sku-42")).get();
        } catch (AtrionRejectedException e) {
            shed = e;
        }
        assertNotNull(shed);
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, shed.decision().reason());
    }

    @Test
    void readmeFilterExampleGuardsRequestsOverHttp() throws Exception {
        AtomicReference<AtrionFilter> installed = new AtomicReference<>();
        ServletContainerInitializer initializer = (Set<Class<?>> classes, ServletContext servletContext) -> {
            // ---- README example begins ----
            Atrion atrion = Atrion.builder().decisionCounters(true).build();
            AtrionFilter filter = AtrionFilter.builder(atrion)
                    .guardConfig(GuardConfig.builder().limits(500, 0.25).build())  // each route's limits
                    .defaultVoltage(VoltageTier.NORMAL)      // requests without a valid X-Atrion-Voltage header
                    .build();
            FilterRegistration.Dynamic registration = servletContext.addFilter("atrion", filter);
            registration.setAsyncSupported(true);
            registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            // ---- README example ends ----
            installed.set(filter);
        };
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServletContainerInitializer(initializer);
        context.addServlet(new ServletHolder(new jakarta.servlet.http.HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                                 jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                resp.getWriter().write("orders");
            }
        }), "/orders/*");
        server.setHandler(context);
        server.start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + connector.getLocalPort();
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(base + "/orders/1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, plain.statusCode(), "20 V (the default) beats a new route's 12 ohms");
            HttpResponse<String> bulk = http.send(HttpRequest.newBuilder(URI.create(base + "/orders/1"))
                    .header("X-Atrion-Voltage", "10").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, bulk.statusCode());
            assertTrue(bulk.headers().firstValue("Retry-After").isPresent());
            Atrion atrion = installed.get().atrion();
            assertEquals(1, atrion.counters("GET /orders").orElseThrow().admitted());
            assertEquals(1, atrion.counters("GET /orders").orElseThrow().rejectedInsufficientVoltage());
        } finally {
            server.stop();
        }
    }
}
