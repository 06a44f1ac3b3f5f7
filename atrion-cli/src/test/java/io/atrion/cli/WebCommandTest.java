package io.atrion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.web.WebServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code atrion web}: options, the printed URL, and the site it serves. */
class WebCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private WebServer start(String... args) {
        return WebCommand.start(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void servesTheDemoAndPrintsItsUrl() throws Exception {
        try (WebServer server = start("--port", "0")) {
            assertNotNull(server, err.toString(StandardCharsets.UTF_8));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.startsWith("atrion web: demo at " + server.uri()), printed);
            assertTrue(printed.contains(server.uri() + "parity.html"), printed);
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.uri() + "index.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Atrion"), page.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=-1", "--port=65536", "--port=http", "--verbose"})
    void rejectsBadArguments(String arg) {
        assertNull(start(arg));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("atrion web: "), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommand() {
        assertTrue(Main.USAGE.contains("web [--port N]"), Main.USAGE);
    }
}
