package io.atrion.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Mode;
import io.atrion.Telemetry;
import io.atrion.spring.app.TestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With write access granted, POST atrion/{route}/reset forgets the route (Atrion.remove). */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=atrion",
        "management.endpoint.atrion.access=unrestricted",
        "atrion.stream.enabled=false",
})
class AtrionResetEndpointTest {

    @LocalServerPort
    int port;
    @Autowired
    Atrion atrion;

    @Test
    void resetForgetsTheRoute() throws Exception {
        atrion.route("db/primary", Telemetry.of(100, 0, 0.5), 100);
        assertEquals(Mode.BOOTSTRAP, atrion.state("db/primary").orElseThrow().mode());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/atrion/db/primary/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"route\":\"db/primary\""), r.body());
        assertTrue(atrion.state("db/primary").isEmpty(), "the route is gone; its next call starts a new one");
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/atrion/db/primary/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, again.statusCode(), "no such route any more");
        // The stream is off here: its path is the endpoint's, and a GET of it finds no route "stream".
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/atrion/stream"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}
