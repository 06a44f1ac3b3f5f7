package io.atrion.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the static site that the atrion-web build assembles on the class path under
 * {@value #SITE} (the demo, the parity page and the TeaVM output) with the JDK's built-in HTTP
 * server, on the loopback interface only. This is what {@code ./atrion web} runs, and what the
 * browser tests load the pages from.
 *
 * <p>GET and HEAD of files with a known extension only: no directory listings, no paths with
 * {@code ..}; {@code /} is {@code index.html}. {@code .wasm} is served as {@code application/wasm},
 * which streaming compilation requires.
 *
 * <p>Every response carries {@code Cross-Origin-Opener-Policy: same-origin} and
 * {@code Cross-Origin-Embedder-Policy: require-corp} (and {@code Cross-Origin-Resource-Policy:
 * same-origin}), which make the pages cross-origin isolated: the browser then gives them
 * {@code SharedArrayBuffer}, which the demo uses to share route state between its worker and the
 * page. The site loads nothing from other origins, so the policies cost it nothing.
 */
public final class WebServer implements AutoCloseable {

    /** Class-path folder of the site. */
    public static final String SITE = "/atrion-web/";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "wasm", "application/wasm",
            "json", "application/json",
            "jsonl", "text/plain; charset=utf-8",
            "ts", "text/plain; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService executor;

    private WebServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code 127.0.0.1:port} ({@code 0} picks a free port), with the
     * cross-origin isolation headers.
     *
     * @throws IOException when the port is taken
     * @throws IllegalStateException when the site is not on the class path (atrion-web not built)
     */
    public static WebServer start(int port) throws IOException {
        return start(port, true);
    }

    /**
     * Starts serving on {@code 127.0.0.1:port}; {@code crossOriginIsolated} false leaves the
     * isolation headers out, so pages run as on an ordinary server (the demo then falls back to
     * posting snapshots; the browser tests check that path).
     *
     * @throws IOException when the port is taken
     * @throws IllegalStateException when the site is not on the class path (atrion-web not built)
     */
    public static WebServer start(int port, boolean crossOriginIsolated) throws IOException {
        if (WebServer.class.getResource(SITE + "index.html") == null
                || WebServer.class.getResource(SITE + "teavm/atrion-engine.wasm") == null) {
            throw new IllegalStateException("the web site is not on the class path: build atrion-web first "
                    + "(mvn -pl atrion-cli -am package)");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "atrion-web");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, crossOriginIsolated));
        server.start();
        return new WebServer(server, executor);
    }

    /** The site's root, e.g. {@code http://127.0.0.1:8787/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(HttpExchange exchange, boolean crossOriginIsolated) throws IOException {
        try (exchange) {
            if (crossOriginIsolated) {
                exchange.getResponseHeaders().set("Cross-Origin-Opener-Policy", "same-origin");
                exchange.getResponseHeaders().set("Cross-Origin-Embedder-Policy", "require-corp");
                exchange.getResponseHeaders().set("Cross-Origin-Resource-Policy", "same-origin");
            }
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(), false);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/")) {
                path = "/index.html";
            }
            String type = type(path);
            byte[] body = type == null ? null : read(path);
            if (body == null) {
                send(exchange, 404, "text/plain; charset=utf-8", ("not found: " + path + "\n").getBytes(), head);
                return;
            }
            send(exchange, 200, type, body, head);
        }
    }

    /** The content type for a servable path, or null. */
    static String type(String path) {
        if (!path.startsWith("/") || path.contains("..") || path.contains("\\") || path.contains("//")) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash + 1) {
            return null;
        }
        return TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static byte[] read(String path) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream(SITE + path.substring(1))) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
