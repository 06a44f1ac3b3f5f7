import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the extra replay traces of examples/replay (SPEC §8) used by the browser parity check,
 * from fixed seeds, so they can be regenerated bit for bit:
 *
 * <pre>
 *   java atrion-web/tools/GenerateTraces.java examples/replay
 *   for t in tuner-random config-random extremes; do
 *     ./atrion replay examples/replay/$t.in.jsonl > examples/replay/$t.out.jsonl
 *   done
 * </pre>
 *
 * <ul>
 *   <li>{@code tuner-random}: AutoTuner on, 4 routes wandering between healthy, degraded and
 *       storm telemetry, irregular Δt (0 included), the clock going back now and then, every
 *       voltage tier plus random, NaN, infinite and negative voltages and telemetry.</li>
 *   <li>{@code config-random}: every config and SLO field away from its default, AutoTuner on,
 *       20 routes, Δt from 0 ms to hours (the scar's decay factor reaching exactly 0).</li>
 *   <li>{@code extremes}: AutoTuner off, telemetry at the edges of the double range (±0,
 *       subnormals, 1e308, values a few ulps from the baseline) and voltages equal to R.</li>
 * </ul>
 */
public final class GenerateTraces {

    private static final long T0 = 1767225600000L; // 2026-01-01T00:00:00Z
    private static final double[] TIERS = {100, 50, 20, 5, 1};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "examples/replay");
        tunerRandom(dir.resolve("tuner-random.in.jsonl"));
        configRandom(dir.resolve("config-random.in.jsonl"));
        extremes(dir.resolve("extremes.in.jsonl"));
    }

    private static void tunerRandom(Path file) throws IOException {
        SplittableRandom r = new SplittableRandom(20260101L);
        try (PrintWriter out = writer(file)) {
            out.print("{\"config\": {}, \"autoTuner\": true}\n");
            String[] routes = {"api/checkout", "api/search", "db/orders", "queue/mail"};
            int[] regime = new int[routes.length]; // 0 healthy, 1 degraded, 2 storm
            long t = T0;
            for (int i = 0; i < 4000; i++) {
                int k = r.nextInt(routes.length);
                if (r.nextInt(60) == 0) {
                    regime[k] = r.nextInt(3);
                }
                long step = r.nextInt(8) == 0 ? 0 : r.nextLong(1, 250);
                t += step;
                long callT = r.nextInt(150) == 0 ? t - r.nextLong(1, 2000) : t; // the clock goes back
                double lat;
                double err;
                double sat;
                switch (regime[k]) {
                    case 0:
                        lat = 80 + r.nextDouble(-40, 40);
                        err = r.nextDouble(0, 0.012);
                        sat = r.nextDouble(0.1, 0.6);
                        break;
                    case 1:
                        lat = r.nextDouble(150, 450);
                        err = r.nextDouble(0.01, 0.1);
                        sat = r.nextDouble(0.5, 0.9);
                        break;
                    default:
                        lat = r.nextDouble(400, 3000);
                        err = r.nextDouble(0.1, 1);
                        sat = r.nextDouble(0.9, 1);
                }
                String latS = number(lat);
                String errS = number(err);
                String satS = number(sat);
                int odd = r.nextInt(200);
                if (odd == 0) {
                    latS = "NaN";
                } else if (odd == 1) {
                    errS = "Infinity";
                } else if (odd == 2) {
                    satS = "-Infinity";
                } else if (odd == 3) {
                    latS = number(-lat);
                }
                String v;
                int vk = r.nextInt(100);
                if (vk < 70) {
                    v = number(TIERS[r.nextInt(TIERS.length)]);
                } else if (vk < 97) {
                    v = number(r.nextDouble(0, 120));
                } else if (vk == 97) {
                    v = "NaN";
                } else if (vk == 98) {
                    v = "-1";
                } else {
                    v = "Infinity";
                }
                out.printf("{\"t\": %d, \"route\": \"%s\", \"latencyMs\": %s, \"errorRate\": %s, \"saturation\": %s, \"voltage\": %s}\n",
                        callT, routes[k], latS, errS, satS, v);
            }
        }
    }

    private static void configRandom(Path file) throws IOException {
        SplittableRandom r = new SplittableRandom(73L);
        try (PrintWriter out = writer(file)) {
            out.print("{\"config\": {\"baseResistance\": 3.5, \"decayRate\": 0.37, \"scarFactor\": 2.25,"
                    + " \"dampingFactor\": 55, \"criticalPressure\": 0.45, \"breakMultiplier\": 7,"
                    + " \"bootstrapTicks\": 4, \"tanhScale\": 1.7},"
                    + " \"slo\": {\"baselineLatencyMs\": 35, \"maxAcceptableLatencyMs\": 200, \"targetErrorRate\": 0.002,"
                    + " \"criticality\": {\"latency\": 7.5, \"error\": 10, \"saturation\": 0.5}}, \"autoTuner\": true}\n");
            long t = T0;
            for (int i = 0; i < 3000; i++) {
                String route = "svc/" + r.nextInt(20);
                // Δt log-uniform from 1 ms to ~3 hours, sometimes 0.
                long step = r.nextInt(10) == 0 ? 0 : (long) Math.pow(10, r.nextDouble(0, 7));
                t += step;
                double lat = Math.pow(10, r.nextDouble(0, 3.5));
                double err = r.nextInt(4) == 0 ? 0 : Math.pow(10, r.nextDouble(-5, 0));
                double sat = r.nextDouble(0, 1.2);
                double v = r.nextInt(3) == 0 ? TIERS[r.nextInt(TIERS.length)] : Math.pow(10, r.nextDouble(-1, 2.5));
                out.printf("{\"t\": %d, \"route\": \"%s\", \"latencyMs\": %s, \"errorRate\": %s, \"saturation\": %s, \"voltage\": %s}\n",
                        t, route, number(lat), number(err), number(sat), number(v));
            }
        }
    }

    private static void extremes(Path file) throws IOException {
        SplittableRandom r = new SplittableRandom(4924L);
        double[] values = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 1e-17,
            1e-9, 0.5, 0.5000000000000001, 0.49999999999999994, 0.01, 0.010000000000000002, 100, 100.00000000000001,
            99.99999999999999, 2300, 2199.99, 1e15, 1e300, Double.MAX_VALUE, -Double.MAX_VALUE, -1e300, -5, 1e-5};
        double[] voltages = {0, 10, 12, 12.000000000000002, 11.999999999999998, 100, 1e-300, Double.MAX_VALUE, 1e6};
        try (PrintWriter out = writer(file)) {
            out.print("{\"config\": {\"decayRate\": 2.5}, \"autoTuner\": false}\n");
            long t = T0;
            for (int i = 0; i < 600; i++) {
                String route = "edge/" + r.nextInt(3);
                long step = r.nextInt(5) == 0 ? 0 : r.nextInt(6) == 0 ? 400_000 + r.nextInt(1000) : r.nextLong(1, 1000);
                t += step;
                double lat = values[r.nextInt(values.length)];
                double err = r.nextBoolean() ? values[r.nextInt(values.length)] : r.nextDouble(0, 0.05);
                double sat = r.nextBoolean() ? values[r.nextInt(values.length)] : r.nextDouble(0, 1);
                double v = voltages[r.nextInt(voltages.length)];
                out.printf("{\"t\": %d, \"route\": \"%s\", \"latencyMs\": %s, \"errorRate\": %s, \"saturation\": %s, \"voltage\": %s}\n",
                        t, route, number(lat), number(err), number(sat), number(v));
            }
        }
    }

    /** Java's shortest round-trip form; valid JSON for finite values. */
    private static String number(double d) {
        return Double.toString(d);
    }

    private static PrintWriter writer(Path file) throws IOException {
        return new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }
}
