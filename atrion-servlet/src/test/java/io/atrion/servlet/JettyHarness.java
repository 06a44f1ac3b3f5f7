package io.atrion.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty 12 (ee10) on a loopback port, with one filter in front of some servlets. */
final class JettyHarness {

    /** A servlet body as a lambda. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    private final Server server;
    private final ServerConnector connector;
    private final String contextPath;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private JettyHarness(Builder b) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath(b.contextPath);
        this.contextPath = b.contextPath.equals("/") ? "" : b.contextPath;
        for (Map.Entry<String, Handler> e : b.servlets.entrySet()) {
            ServletHolder holder = new ServletHolder(servlet(e.getValue()));
            holder.setAsyncSupported(true);
            context.addServlet(holder, e.getKey());
        }
        FilterHolder filter = new FilterHolder(b.filter);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD,
                DispatcherType.ASYNC, DispatcherType.ERROR));
        server.setHandler(context);
        server.start();
    }

    static Builder builder(Filter filter) {
        return new Builder(filter);
    }

    private static HttpServlet servlet(Handler h) {
        return new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                try {
                    h.handle(req, resp);
                } catch (Exception e) {
                    throw JettyHarness.<RuntimeException>sneaky(e); // as thrown, undeclared checked ones too
                }
            }
        };
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** GET {@code path} (below the context path), with the voltage header when {@code voltage} is not null. */
    HttpResponse<String> get(String path, String voltage) throws IOException, InterruptedException {
        return send("GET", path, voltage);
    }

    HttpResponse<String> send(String method, String path, String voltage) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort()
                        + contextPath + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (voltage != null) {
            r.header(AtrionFilter.DEFAULT_VOLTAGE_HEADER, voltage);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    void stop() throws Exception {
        server.stop();
    }

    static final class Builder {
        private final Filter filter;
        private final Map<String, Handler> servlets = new LinkedHashMap<>();
        private String contextPath = "/";

        private Builder(Filter filter) {
            this.filter = filter;
        }

        Builder contextPath(String path) {
            this.contextPath = path;
            return this;
        }

        Builder servlet(String mapping, Handler handler) {
            servlets.put(mapping, handler);
            return this;
        }

        JettyHarness start() throws Exception {
            return new JettyHarness(this);
        }
    }
}
