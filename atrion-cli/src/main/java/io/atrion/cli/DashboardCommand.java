package io.atrion.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.atrion.servlet.DashboardFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code atrion dashboard URL [--port N]}: the live dashboard (the page atrion-servlet ships, the
 * one the Spring Boot starter serves under the actuator) for any service exposing the Atrion state
 * stream. Serves the page on 127.0.0.1 and relays the service's server-sent events at
 * {@code /stream} on the same origin, so the service needs no CORS settings.
 *
 * <p>URL: the stream itself ({@code .../stream}), or a base it is found under: a service root
 * gets {@code /actuator/atrion/stream}, an actuator base path ({@code .../actuator}) gets
 * {@code /atrion/stream}.
 */
final class DashboardCommand implements AutoCloseable {

    static final int DEFAULT_PORT = 8788;
    static final String USAGE = "usage: atrion dashboard URL [--port N]   (URL: the service's stream, its actuator "
            + "base or its root)";
    /** Streams relayed at once; each holds one thread and one upstream connection. */
    private static final int MAX_STREAMS = 16;

    private final HttpServer server;
    private final ExecutorService threads;
    private final URI upstream;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private DashboardCommand(HttpServer server, ExecutorService threads, URI upstream) {
        this.server = server;
        this.threads = threads;
        this.upstream = upstream;
    }

    /** The stream URL a user's URL stands for (see the class comment). */
    static URI streamUri(String url) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri = URI.create(u);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("not an http(s) URL: " + url);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.endsWith("/stream")) {
            return uri;
        }
        return URI.create(u + (path.endsWith("/actuator") ? "/atrion/stream" : "/actuator/atrion/stream"));
    }

    /** Parses the arguments and starts serving; null (after a message on {@code stderr}) when it cannot. */
    static DashboardCommand start(List<String> args, PrintStream stdout, PrintStream stderr) {
        int port = DEFAULT_PORT;
        String url = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--port") || a.startsWith("--port=")) {
                String value = a.equals("--port") ? (i + 1 < args.size() ? args.get(++i) : "") : a.substring(7);
                port = value.matches("\\d{1,5}") ? Integer.parseInt(value) : -1;
                if (port > 65535 || port < 0) {
                    stderr.println("atrion dashboard: --port must be 0..65535 (0 picks a free port), got " + value);
                    return null;
                }
            } else if (a.startsWith("-") || url != null) {
                stderr.println("atrion dashboard: unexpected argument " + a + "\n" + USAGE);
                return null;
            } else {
                url = a;
            }
        }
        if (url == null) {
            stderr.println("atrion dashboard: missing URL\n" + USAGE);
            return null;
        }
        URI stream;
        try {
            stream = streamUri(url);
        } catch (IllegalArgumentException e) {
            stderr.println("atrion dashboard: " + e.getMessage() + "\n" + USAGE);
            return null;
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            stderr.println("atrion dashboard: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage() + " (try --port 0)");
            return null;
        }
        ExecutorService threads = Executors.newFixedThreadPool(MAX_STREAMS + 2, r -> {
            Thread t = new Thread(r, "atrion-dashboard");
            t.setDaemon(true);
            return t;
        });
        DashboardCommand command = new DashboardCommand(server, threads, stream);
        server.createContext("/", command::handle);
        server.setExecutor(threads);
        server.start();
        stdout.println("atrion dashboard: " + command.uri() + "dashboard/  (stream of " + stream + "); Ctrl-C stops");
        stdout.flush();
        return command;
    }

    /** The server's base URI, {@code http://127.0.0.1:PORT/}. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
            } else if (path.equals("/") || path.equals("/dashboard")) {
                exchange.getResponseHeaders().set("Location", "/dashboard/");
                exchange.sendResponseHeaders(302, -1);
            } else if (path.equals("/stream")) {
                relay(exchange);
            } else if (path.startsWith("/dashboard/")) {
                file(exchange, path.equals("/dashboard/") ? "index.html" : path.substring("/dashboard/".length()));
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void file(HttpExchange exchange, String name) throws IOException {
        String type = DashboardFiles.contentType(name);
        InputStream in = DashboardFiles.open(name);
        if (in == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        byte[] body;
        try (in) {
            body = in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /**
     * Copies the upstream event stream to the browser as it arrives, until either side closes. A
     * browser that stops reading blocks only its own relay thread; the service's stream drops the
     * upstream connection when it falls behind (its own bound), which ends this relay too.
     */
    private void relay(HttpExchange exchange) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(upstream).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream;charset=UTF-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException browserOrServiceGone) {
            // either end closed: the relay ends, the try closes the upstream body
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
