package io.atrion.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for one test: its own free loopback port and temporary directory,
 * no persistence, stopped (and its directory deleted) by {@link #close()}. Tests never touch a
 * Redis they did not start. {@link #kill()} sends SIGKILL; {@link #start()} starts it again on the
 * same port. Needs Debian's {@code redis-server} ({@code .ci/run} installs it when missing).
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final String BINARY = System.getProperty("atrion.redis.server", "redis-server");

    private final Path dir;
    private final int port;
    private final boolean tls;
    private final List<String> extraArgs;
    private Process process;

    private RedisServerProcess(int port, boolean tls, List<String> extraArgs) throws IOException {
        this.dir = Files.createTempDirectory("atrion-redis-test");
        this.port = port;
        this.tls = tls;
        this.extraArgs = extraArgs;
    }

    /** Starts a plain server on a free loopback port. */
    public static RedisServerProcess startNew(String... extraArgs) throws IOException {
        RedisServerProcess r = new RedisServerProcess(freePort(), false, List.of(extraArgs));
        r.start();
        return r;
    }

    /** A server that is not started yet (its port is free now): for "unreachable at first". */
    public static RedisServerProcess notStarted() throws IOException {
        return new RedisServerProcess(freePort(), false, List.of());
    }

    /** A TLS-only server ({@code --port 0 --tls-port P}); {@code extraArgs} add the certificate options. */
    public static RedisServerProcess startTls(String... extraArgs) throws IOException {
        RedisServerProcess r = new RedisServerProcess(freePort(), true, List.of(extraArgs));
        r.start();
        return r;
    }

    /** A free TCP port on 127.0.0.1 (free when asked; the server binds it right after). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** Starts (or restarts, after {@link #kill()}) the server and waits until it accepts connections. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server already running on port " + port);
        }
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        if (tls) {
            cmd.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
        } else {
            cmd.addAll(List.of("--port", Integer.toString(port)));
        }
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Process started = process; // a test JVM that dies without close() must not leave it running
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "redis-test-stop"));
        } catch (IOException e) {
            throw new IOException("cannot run " + BINARY + " (Debian: apt-get install redis-server): "
                    + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + log());
            }
            if (listening()) {
                return;
            }
            sleep(20);
        }
        throw new IOException("redis-server did not listen on " + port + ": " + log());
    }

    /** True once the port accepts connections (and, without TLS, answers PING). */
    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            if (tls) {
                return true;
            }
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n = in.read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: the server dies at once, connections drop, its in-memory data is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT} (or {@code rediss://} for a TLS server). */
    public String uri() {
        return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    /** The server's temporary directory (for certificates and logs). */
    public Path dir() {
        return dir;
    }

    private String log() {
        try {
            Path f = dir.resolve("redis.log");
            Path o = dir.resolve("stdout.log");
            return (Files.exists(o) ? Files.readString(o) : "") + (Files.exists(f) ? Files.readString(f) : "");
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL) and deletes its directory. */
    @Override
    public synchronized void close() throws IOException {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
