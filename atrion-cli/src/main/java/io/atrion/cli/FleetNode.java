package io.atrion.cli;

import io.atrion.Atrion;
import io.atrion.RouteDecision;
import io.atrion.RouteState;
import io.atrion.Telemetry;
import io.atrion.VoltageTier;
import io.atrion.redis.RedisStateProvider;
import io.atrion.state.ConnectionState;
import io.atrion.state.StateStats;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One instance of {@code atrion fleet}, in a JVM of its own (started by {@link FleetCommand}):
 * an {@code Atrion} sharing its routes through Redis, observing a simulated dependency every
 * 1/hz s and routing normal-tier traffic (V = 20) on one route. Only the node started with
 * {@code --broken} sees the dependency fail (450 ms, 20 % errors, saturation 0.9) between
 * {@code breakAt} and {@code healAt}; the others see it healthy (80 ms, no errors, 0.4) and can
 * only learn of the failure through the shared scar.
 *
 * <p>Prints one line per second of the run, tab-separated, for the parent to tabulate:
 * {@code tick <second> <R> <S> <mode> <admitted> <shed> <connection>}, and
 * {@code shed <seconds since start>} at the first shed decision.
 */
public final class FleetNode {

    static final Telemetry HEALTHY = Telemetry.of(80, 0.0, 0.4);
    static final Telemetry BROKEN = Telemetry.of(450, 0.2, 0.9);

    private FleetNode() {
    }

    /** Arguments: uri nodeId route startAtEpochMs seconds breakAtS healAtS hz broken(true|false). */
    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        String uri = args[0];
        String nodeId = args[1];
        String route = args[2];
        long startAt = Long.parseLong(args[3]);
        int seconds = Integer.parseInt(args[4]);
        double breakAt = Double.parseDouble(args[5]);
        double healAt = Double.parseDouble(args[6]);
        int hz = Integer.parseInt(args[7]);
        boolean broken = Boolean.parseBoolean(args[8]);
        double voltage = VoltageTier.NORMAL.voltage();
        try (Atrion atrion = Atrion.builder()
                .stateProvider(RedisStateProvider.builder().uri(uri).nodeId(nodeId).build()).build()) {
            long periodMs = Math.max(1, 1000 / hz);
            long now;
            while ((now = System.currentTimeMillis()) < startAt) {
                Thread.sleep(Math.min(50, startAt - now));
            }
            boolean shedSeen = false;
            int admitted = 0;
            int shed = 0;
            int second = 0;
            long next = startAt;
            while (second < seconds) {
                long t = System.currentTimeMillis();
                if (t < next) {
                    Thread.sleep(next - t);
                    continue;
                }
                next += periodMs;
                if (t - startAt >= (second + 1) * 1000L) {
                    // Second s reports the state at its end and the decisions made during [s - 1, s).
                    second++;
                    RouteState s = atrion.state(route).orElse(null); // null only if no update happened yet
                    StateStats st = atrion.stateStats().orElseThrow();
                    out.printf(Locale.ROOT, "tick\t%d\t%.1f\t%.1f\t%s\t%d\t%d\t%s%n", second,
                            s == null ? atrion.physicsConfig().baseResistance() * 1.2 : s.resistance(),
                            s == null ? 0.0 : s.scar(), s == null ? "BOOTSTRAP" : s.mode(), admitted, shed,
                            st.connectionState() == ConnectionState.CONNECTED ? "redis" : "local");
                    out.flush();
                    admitted = 0;
                    shed = 0;
                    if (second == seconds) {
                        break;
                    }
                }
                double elapsed = (t - startAt) / 1000.0;
                boolean failing = broken && elapsed >= breakAt && elapsed < healAt;
                RouteDecision d = atrion.route(route, failing ? BROKEN : HEALTHY, voltage);
                if (d.allowed()) {
                    admitted++;
                } else {
                    shed++;
                    if (!shedSeen) {
                        shedSeen = true;
                        out.printf(Locale.ROOT, "shed\t%.2f%n", elapsed);
                    }
                }
            }
        }
    }
}
