package io.atrion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code atrion dashboard}: the page from atrion-servlet's jar and the relayed stream, over real HTTP. */
class DashboardCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private DashboardCommand start(String... args) {
        return DashboardCommand.start(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void servesThePageAndRelaysTheServicesStream() throws Exception {
        // A service's stream: one event, then it holds the connection open briefly.
        HttpServer service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext("/actuator/atrion/stream", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("event: routes\ndata: {\"t\":1,\"routes\":[{\"id\":\"inventory\",\"mode\":\"CIRCUIT_BREAKER\"}]}\n\n"
                        .getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
        });
        service.start();
        String base = "http://127.0.0.1:" + service.getAddress().getPort();
        try (DashboardCommand dashboard = start(base, "--port", "0")) {
            assertNotNull(dashboard, err.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains(dashboard.uri() + "dashboard/"), out.toString());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("/dashboard/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script type=\"module\" src=\"dashboard.js\">"), page.body());
            assertEquals(200, http.send(HttpRequest.newBuilder(dashboard.uri().resolve("/dashboard/charts.js")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(404, http.send(HttpRequest.newBuilder(dashboard.uri().resolve("/dashboard/../pom.xml")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("/stream")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, stream.statusCode());
            try (Stream<String> lines = stream.body()) {
                String data = lines.filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
                assertTrue(data.contains("\"id\":\"inventory\",\"mode\":\"CIRCUIT_BREAKER\""), data);
            }
        } finally {
            service.stop(0);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:8080, http://127.0.0.1:8080/actuator/atrion/stream",
            "http://127.0.0.1:8080/, http://127.0.0.1:8080/actuator/atrion/stream",
            "http://127.0.0.1:8080/mgmt/actuator, http://127.0.0.1:8080/mgmt/actuator/atrion/stream",
            "http://127.0.0.1:9000/atrion/stream, http://127.0.0.1:9000/atrion/stream",
    })
    void findsTheStreamUnderTheUrl(String url, String expected) {
        assertEquals(URI.create(expected), DashboardCommand.streamUri(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=70000", "--verbose", "ftp://host/stream"})
    void rejectsBadArguments(String arg) {
        assertNull(start(arg));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("atrion dashboard: "), err.toString());
    }

    @Test
    void needsAUrlAndIsInTheHelp() {
        assertNull(start());
        assertTrue(Main.USAGE.contains("dashboard URL [--port N]"), Main.USAGE);
    }
}
