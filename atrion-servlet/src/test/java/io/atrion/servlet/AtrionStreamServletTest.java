package io.atrion.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.Telemetry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SSE stream over real HTTP (embedded Jetty on a loopback port, JDK HttpClient and a raw socket). */
class AtrionStreamServletTest {

    private Server server;
    private int port;

    private void start(AtrionStreamServlet stream) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(stream);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/atrion/stream");
        context.addServlet(new ServletHolder(new AtrionDashboardServlet()), "/atrion/dashboard/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRealClientReadsFramesWithEveryRoute() throws Exception {
        ManualClock clock = new ManualClock(1_000);
        Atrion atrion = Atrion.builder().clock(clock).autoTunerDisabled().decisionCounters(true).build();
        // One update: BOOTSTRAP (tick 1 < N = 10), R held at 1.2·R_base = 12 (SPEC §2.6); with the
        // tuner off the break point is R_base·γ = 100 and the recovery point half of it, 50 (§2.6).
        atrion.route("api/a", Telemetry.of(50, 0, 0.1), 100);
        TierCounters tiers = new TierCounters(atrion);
        tiers.record("api/a", 50, true);  // 50 V reaches HIGH (5·R_base = 50), not CRITICAL (100)
        tiers.record("api/a", 13, false); // 13 V is below LOW (15) and above BULK (12): bulk
        AtrionStreamServlet stream = AtrionStreamServlet.builder(atrion).interval(Duration.ofMillis(50))
                .tierCounters(tiers).build();
        start(stream);

        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<java.util.stream.Stream<String>> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/atrion/stream")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        String data;
        try (java.util.stream.Stream<String> lines = response.body()) {
            data = lines.filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
        }
        assertTrue(data.contains("\"t\":1000,\"intervalMs\":50"), data);
        assertTrue(data.contains("{\"id\":\"api/a\",\"mode\":\"BOOTSTRAP\",\"r\":12,\"s\":0,\"m\":0,\"bp\":100,\"rp\":50,"
                + "\"ticks\":1,\"updated\":1000,\"admitted\":1,"), data);
        assertTrue(data.contains("\"tierAdmitted\":[0,1,0,0,0],\"tierShed\":[0,0,0,0,1]"), data);
        assertTrue(data.contains("\"tierVoltages\":[100,50,20,15,12]"), data);

        // The dashboard's files are served beside it.
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/atrion/dashboard/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("dashboard.js"));
        stream.close();
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileOthersKeepStreaming() throws Exception {
        Atrion atrion = Atrion.builder().decisionCounters(true).build();
        String pad = "x".repeat(120);
        for (int i = 0; i < 2_000; i++) {
            atrion.route("route-" + i + "-" + pad, Telemetry.of(100, 0, 0.5), 100);
        }
        int maxQueued = 4;
        AtrionStreamServlet stream = AtrionStreamServlet.builder(atrion).interval(Duration.ofMillis(40))
                .maxQueuedFrames(maxQueued).build();
        start(stream);

        // A reader that keeps up, on its own thread.
        AtomicInteger fastFrames = new AtomicInteger();
        AtomicLong frameBytes = new AtomicLong();
        Thread fast = new Thread(() -> {
            try (java.util.stream.Stream<String> lines = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/atrion/stream")).build(),
                    HttpResponse.BodyHandlers.ofLines()).body()) {
                lines.takeWhile(l -> !Thread.currentThread().isInterrupted())
                        .filter(l -> l.startsWith("data: "))
                        .forEach(l -> {
                            frameBytes.accumulateAndGet(l.length() + 40L, Math::max);
                            fastFrames.incrementAndGet();
                        });
            } catch (Exception e) {
                // closed at the end of the test
            }
        }, "fast-reader");
        fast.setDaemon(true);
        fast.start();

        // A client that sends its request and never reads: a tiny receive window fills at once.
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = slow.getOutputStream();
            out.write("GET /atrion/stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            long maxQueuedBytes = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (stream.droppedClients() == 0 && System.nanoTime() < deadline) {
                maxQueuedBytes = Math.max(maxQueuedBytes, stream.queuedBytes());
                Thread.sleep(5);
            }
            assertEquals(1, stream.droppedClients(), "the stalled client was not dropped within 30 s");
            // Bounded: never more than maxQueuedFrames frames per client (two clients here).
            long frame = frameBytes.get();
            assertTrue(frame > 100_000, "frames are large: " + frame);
            assertTrue(maxQueuedBytes <= 2L * maxQueued * frame,
                    "queued " + maxQueuedBytes + " bytes, bound " + 2L * maxQueued * frame);
        }
        int before = fastFrames.get();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fastFrames.get() < before + 3 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertTrue(fastFrames.get() >= before + 3, "the reader that keeps up still gets frames");
        assertEquals(1, stream.clients());
        stream.close();
        fast.interrupt();
    }

    @Test
    void modeIsReadWithoutUpdatingTheRoute() {
        Atrion atrion = Atrion.builder().build();
        atrion.route("x", Telemetry.of(100, 0, 0.5), 100);
        SnapshotEncoder encoder = new SnapshotEncoder(atrion, null, 500);
        encoder.encode(0);
        encoder.encode(0);
        assertEquals(1, atrion.state("x").orElseThrow().tickCount());
        assertEquals(Mode.BOOTSTRAP, atrion.state("x").orElseThrow().mode());
    }

    @Test
    void numbersHaveThreeDecimalsAndNoExponent() {
        StringBuilder b = new StringBuilder();
        for (double v : new double[] {0, 12, 12.5, 0.0005, 0.05, -3.25, 1e6, Double.NaN, 1.23456}) {
            SnapshotEncoder.number(b, v);
            b.append(' ');
        }
        assertEquals("0 12 12.5 0.001 0.05 -3.25 1000000 null 1.235 ", b.toString());
    }
}
