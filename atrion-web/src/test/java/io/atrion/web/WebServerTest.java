package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The static server behind {@code ./atrion web}, without a browser. */
class WebServerTest {

    private static WebServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = WebServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void listensOnLoopbackOnly() {
        assertEquals("127.0.0.1", server.uri().getHost());
    }

    @Test
    void rootIsTheDemo() throws Exception {
        HttpResponse<byte[]> r = get("");
        assertEquals(200, r.statusCode());
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElse(null));
        assertTrue(new String(r.body()).contains("demo.js"));
    }

    @Test
    void servesBothBuildsWithTheirTypes() throws Exception {
        HttpResponse<byte[]> wasm = get("teavm/atrion-engine.wasm");
        assertEquals(200, wasm.statusCode());
        assertEquals("application/wasm", wasm.headers().firstValue("content-type").orElse(null));
        assertEquals(0x6d736100, (wasm.body()[0] & 0xff) | (wasm.body()[1] & 0xff) << 8
                | (wasm.body()[2] & 0xff) << 16 | (wasm.body()[3] & 0xff) << 24, "\\0asm magic");
        for (String js : new String[] {"teavm/atrion-engine.js", "teavm/atrion-engine.wasm-runtime.js", "atrion.js",
            "demo.js", "demo-worker.js", "bench.js", "bench-worker.js"}) {
            HttpResponse<byte[]> r = get(js);
            assertEquals(200, r.statusCode(), js);
            assertEquals("text/javascript; charset=utf-8", r.headers().firstValue("content-type").orElse(null), js);
        }
        assertEquals(200, get("parity/basic.in.jsonl").statusCode());
        assertEquals(200, get("parity/basic.out.jsonl").statusCode());
    }

    @Test
    void theJsPackageIsServedWithItsTypes() throws Exception {
        HttpResponse<byte[]> types = get("atrion.d.ts");
        assertEquals(200, types.statusCode());
        assertTrue(new String(types.body()).contains("export class Engine"));
        assertEquals(200, get("package.json").statusCode());
    }

    @Test
    void everyResponseMakesThePageCrossOriginIsolated() throws Exception {
        for (String path : new String[] {"", "demo-worker.js", "teavm/atrion-engine.wasm", "missing.html"}) {
            HttpResponse<byte[]> r = get(path);
            assertEquals("same-origin", r.headers().firstValue("cross-origin-opener-policy").orElse(null), path);
            assertEquals("require-corp", r.headers().firstValue("cross-origin-embedder-policy").orElse(null), path);
        }
    }

    @Test
    void withoutIsolationTheHeadersAreLeftOut() throws Exception {
        try (WebServer plain = WebServer.start(0, false)) {
            HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(plain.uri()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("cross-origin-opener-policy").isEmpty());
            assertTrue(r.headers().firstValue("cross-origin-embedder-policy").isEmpty());
        }
    }

    @Test
    void refusesDirectoriesTraversalAndUnknownFiles() throws Exception {
        assertEquals(404, get("parity/").statusCode());
        assertEquals(404, get("teavm").statusCode());
        assertEquals(404, get("%2e%2e/%2e%2e/pom.xml").statusCode());
        assertEquals(404, get("io/atrion/web/WebServer.class").statusCode());
        assertEquals(404, get("missing.html").statusCode());
        assertNull(WebServer.type("/a/../b.html"));
        assertNull(WebServer.type("/parity/"));
    }

    @Test
    void headHasNoBodyAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<byte[]> head = CLIENT.send(HttpRequest.newBuilder(URI.create(server.uri() + "index.html"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        HttpResponse<byte[]> post = CLIENT.send(HttpRequest.newBuilder(URI.create(server.uri() + "index.html"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, post.statusCode());
    }
}
