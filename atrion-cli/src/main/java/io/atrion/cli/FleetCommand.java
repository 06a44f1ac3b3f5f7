package io.atrion.cli;

import io.atrion.VoltageTier;
import io.lettuce.core.RedisURI;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code atrion fleet --redis URI}: N instances in separate JVMs share one route through Redis
 * (SPEC §5); the dependency breaks for one of them only, and the table shows, second by second,
 * each instance's R and scar and when each starts shedding normal-tier traffic.
 */
final class FleetCommand {

    static final String USAGE = String.join("\n",
            "usage: atrion fleet --redis URI [--nodes N] [--seconds S] [--break-at S] [--heal-at S] [--hz N] [--route ID]",
            "",
            "Starts N Atrion instances (default 3) in separate JVMs sharing one route through Redis, breaks the",
            "simulated dependency for instance 1 only (from --break-at, default 5 s, to --heal-at, default 15 s),",
            "and prints each second every instance's resistance R, scar S, mode and share of normal-tier (20 V)",
            "traffic it shed, and when each one starts shedding. Each instance observes the dependency --hz times",
            "a second (default 10) for --seconds (default 40). Needs a running Redis, e.g. `redis-server --port 6379`.",
            "");

    private FleetCommand() {
    }

    static int run(List<String> args, PrintStream stdout, PrintStream stderr) {
        String uri = null;
        int nodes = 3;
        int seconds = 40;
        double breakAt = 5;
        double healAt = 15;
        int hz = 10;
        String route = "inventory";
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--help") || a.equals("-h")) {
                    stdout.print(USAGE);
                    return 0;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args.get(++i);
                switch (a) {
                    case "--redis": uri = v; break;
                    case "--nodes": nodes = Integer.parseInt(v); break;
                    case "--seconds": seconds = Integer.parseInt(v); break;
                    case "--break-at": breakAt = Double.parseDouble(v); break;
                    case "--heal-at": healAt = Double.parseDouble(v); break;
                    case "--hz": hz = Integer.parseInt(v); break;
                    case "--route": route = v; break;
                    default: throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (uri == null) {
                throw new IllegalArgumentException("--redis URI is required, e.g. --redis redis://127.0.0.1:6379");
            }
            if (nodes < 1 || nodes > 16 || seconds < 1 || hz < 1 || hz > 1000 || !(breakAt >= 0) || !(healAt >= breakAt)) {
                throw new IllegalArgumentException("need 1 <= --nodes <= 16, --seconds >= 1, 1 <= --hz <= 1000, "
                        + "0 <= --break-at <= --heal-at");
            }
        } catch (IllegalArgumentException e) {
            stderr.println("atrion fleet: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri);
        } catch (RuntimeException e) {
            stderr.println("atrion fleet: not a Redis URI: " + uri);
            return 2;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(parsed.getHost(), parsed.getPort()), 2_000);
        } catch (IOException e) {
            stderr.println("atrion fleet: cannot reach Redis at " + parsed.getHost() + ":" + parsed.getPort()
                    + " (" + e.getMessage() + "); start one with: redis-server --port " + parsed.getPort());
            return 2;
        }
        return new Fleet(uri, nodes, seconds, breakAt, healAt, hz, route, stdout, stderr).run();
    }

    /** One run: the child processes, their reports, the table. */
    private static final class Fleet {
        private final String uri;
        private final int nodes;
        private final int seconds;
        private final double breakAt;
        private final double healAt;
        private final int hz;
        private final String route;
        private final PrintStream out;
        private final PrintStream err;
        /** second → node index → the node's tick line fields. */
        private final Map<Integer, Map<Integer, String[]>> ticks = new ConcurrentHashMap<>();
        private final Map<Integer, Double> firstShed = new ConcurrentHashMap<>();

        Fleet(String uri, int nodes, int seconds, double breakAt, double healAt, int hz, String route,
              PrintStream out, PrintStream err) {
            this.uri = uri;
            this.nodes = nodes;
            this.seconds = seconds;
            this.breakAt = breakAt;
            this.healAt = healAt;
            this.hz = hz;
            this.route = route;
            this.out = out;
            this.err = err;
        }

        int run() {
            long startAt = System.currentTimeMillis() + 6_000; // JVM start-up and Redis connection slack
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String tag = Long.toHexString(System.nanoTime() & 0xFFFFFF);
            List<Process> children = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            out.printf(Locale.ROOT, "atrion fleet: %d instances share route '%s' through %s; normal-tier traffic (V = %.0f), "
                    + "%d observations/s each%n", nodes, route, uri, VoltageTier.NORMAL.voltage(), hz);
            out.printf(Locale.ROOT, "the dependency fails for node-1 only, from %.0f s to %.0f s; the others learn it "
                    + "through the shared scar%n%n", breakAt, healAt);
            try {
                for (int i = 1; i <= nodes; i++) {
                    Process p = new ProcessBuilder(java, "-Xss512k", "-XX:TieredStopAtLevel=1", "-cp",
                            System.getProperty("java.class.path"), FleetNode.class.getName(), uri,
                            "fleet-" + tag + "-node-" + i, route, Long.toString(startAt), Integer.toString(seconds),
                            Double.toString(breakAt), Double.toString(healAt), Integer.toString(hz),
                            Boolean.toString(i == 1))
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    children.add(p);
                    int node = i;
                    Thread t = new Thread(() -> read(node, p), "fleet-reader-" + i);
                    t.setDaemon(true);
                    t.start();
                    readers.add(t);
                }
                header();
                int printed = 0;
                long deadline = startAt + seconds * 1000L + 20_000;
                while (printed < seconds && System.currentTimeMillis() < deadline) {
                    Map<Integer, String[]> row = ticks.get(printed + 1);
                    boolean alive = children.stream().anyMatch(Process::isAlive);
                    if (row != null && (row.size() == nodes || !alive)) {
                        printed++;
                        printRow(printed, row);
                    } else if (!alive && row == null) {
                        break;
                    } else {
                        Thread.sleep(20);
                    }
                }
                for (Process p : children) {
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                summary();
                return printed == seconds ? 0 : 1;
            } catch (IOException e) {
                err.println("atrion fleet: cannot start an instance: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            } finally {
                for (Process p : children) {
                    p.destroyForcibly();
                }
            }
        }

        private void read(int node, Process p) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] f = line.split("\t");
                    if (f[0].equals("tick") && f.length == 8) {
                        ticks.computeIfAbsent(Integer.parseInt(f[1]), k -> new ConcurrentHashMap<>()).put(node, f);
                    } else if (f[0].equals("shed") && f.length == 2) {
                        firstShed.putIfAbsent(node, Double.parseDouble(f[1]));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the child ended; what it reported is kept
            }
        }

        private void header() {
            StringBuilder h = new StringBuilder("   t");
            StringBuilder u = new StringBuilder("   s");
            for (int i = 1; i <= nodes; i++) {
                h.append(String.format(Locale.ROOT, " | %-29s", "node-" + i + (i == 1 ? " (dependency breaks)" : "")));
                u.append(String.format(Locale.ROOT, " | %7s %7s %-4s %5s  ", "R", "S", "mode", "shed"));
            }
            out.println(h);
            out.println(u);
        }

        private void printRow(int second, Map<Integer, String[]> row) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%4d", second));
            for (int i = 1; i <= nodes; i++) {
                String[] f = row.get(i);
                if (f == null) {
                    line.append(String.format(Locale.ROOT, " | %-29s", "(no report)"));
                    continue;
                }
                int admitted = Integer.parseInt(f[5]);
                int shed = Integer.parseInt(f[6]);
                int pct = admitted + shed == 0 ? 0 : Math.round(100f * shed / (admitted + shed));
                line.append(String.format(Locale.ROOT, " | %7s %7s %-4s %4d%%%s", f[2], f[3], abbreviate(f[4]), pct,
                        f[7].equals("redis") ? "  " : " *"));
            }
            if (second - 1 <= breakAt && breakAt < second) {
                line.append("   <- node-1's dependency fails");
            } else if (second - 1 <= healAt && healAt < second) {
                line.append("   <- node-1's dependency heals");
            }
            out.println(line);
        }

        private static String abbreviate(String mode) {
            switch (mode) {
                case "BOOTSTRAP": return "boot";
                case "OPERATIONAL": return "ok";
                case "CIRCUIT_BREAKER": return "OPEN";
                default: return mode;
            }
        }

        private void summary() {
            out.println();
            out.println("(* = not connected to Redis that second: deciding on local state only)");
            out.println("first shed decision of each instance:");
            Map<Integer, Double> sorted = new TreeMap<>(firstShed);
            for (int i = 1; i <= nodes; i++) {
                Double t = sorted.get(i);
                out.printf(Locale.ROOT, "  node-%d: %s%n", i, t == null ? "never shed"
                        : String.format(Locale.ROOT, "%.2f s (%+.2f s after the failure began)", t, t - breakAt));
            }
        }
    }
}
