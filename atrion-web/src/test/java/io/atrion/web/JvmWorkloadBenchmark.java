package io.atrion.web;

import io.atrion.AutoTunerConfig;
import io.atrion.PhysicsConfig;
import io.atrion.Slo;
import io.atrion.internal.engine.EngineParams;
import io.atrion.internal.engine.FastEngine;
import io.atrion.internal.engine.PhysicsEngine;
import io.atrion.internal.engine.ReferenceEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The demo page's throughput workload (bench.js) on the JVM, for the comparison
 * in docs/BENCHMARKS.md: the same 1,024 telemetry rows (the same mulberry32 generator and seed),
 * 16 routes, the demo's configuration, one {@code route()} call at a time in a timed loop, after
 * a warm-up. Not a JMH benchmark; it measures the way the page does. Off by default:
 *
 * <pre>
 * mvn -B -q -pl atrion-web -am verify -Dtest=JvmWorkloadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Datrion.web.jvmBench=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "atrion.web.jvmBench", matches = "true")
class JvmWorkloadBenchmark {

    private static final long T0 = 1767225600000L;
    private static final int ROUTES = 16;

    /** mulberry32 of scenario.js. */
    private static final class Mulberry32 {
        private int a;

        Mulberry32(int seed) {
            a = seed;
        }

        double next() {
            a += 0x6D2B79F5;
            int t = a;
            t = (t ^ (t >>> 15)) * (t | 1);
            t ^= t + (t ^ (t >>> 7)) * (t | 61);
            return ((t ^ (t >>> 14)) & 0xFFFFFFFFL) / 4294967296.0;
        }
    }

    /** bench.js MIX: heal, heal, gray, storm presets with noise; the five tier voltages. */
    private static double[][] mix() {
        double[][] presets = {{80, 0.002, 0.4}, {80, 0.002, 0.4}, {160, 0.012, 0.6}, {1500, 0.35, 0.97}};
        double[] voltages = {100, 50, 20, 5, 1};
        Mulberry32 r = new Mulberry32(42);
        double[][] out = new double[1024][];
        for (int i = 0; i < out.length; i++) {
            double[] p = presets[i % 4];
            double lat = p[0] * (0.8 + 0.4 * r.next());
            double err = p[1] * (0.8 + 0.4 * r.next());
            double sat = p[2] * (0.9 + 0.2 * r.next());
            out[i] = new double[] {lat, err, sat, voltages[i % 5]};
        }
        return out;
    }

    private static PhysicsEngine engine(boolean fast) {
        // DEMO_CONFIG of scenario.js.
        EngineParams p = new EngineParams(
                PhysicsConfig.builder().baseResistance(0.5).breakMultiplier(60).decayRate(1).build(),
                Slo.defaults(), AutoTunerConfig.defaults());
        return fast ? new FastEngine(p, false, null) : new ReferenceEngine(p, false, null);
    }

    private static double run(PhysicsEngine e, double[][] mix, long nanos, long[] counter) {
        String[] ids = new String[ROUTES];
        for (int i = 0; i < ROUTES; i++) {
            ids[i] = "bench/" + i;
        }
        long calls = 0;
        long start = System.nanoTime();
        long deadline = start + nanos;
        do {
            for (int i = 0; i < 1024; i++) {
                double[] m = mix[i];
                long n = counter[0]++;
                e.route(ids[(int) (n & (ROUTES - 1))], m[0], m[1], m[2], m[3], T0 + n);
            }
            calls += 1024;
        } while (System.nanoTime() < deadline);
        return calls / ((System.nanoTime() - start) / 1e9);
    }

    @Test
    void demoWorkloadOnTheJvm() {
        double[][] mix = mix();
        for (boolean fast : new boolean[] {false, true}) {
            PhysicsEngine e = engine(fast);
            long[] counter = {0};
            run(e, mix, 2_000_000_000L, counter); // warm-up
            double best = 0;
            for (int round = 0; round < 3; round++) {
                best = Math.max(best, run(e, mix, 2_000_000_000L, counter));
            }
            System.out.printf("JVM %s (%s): %.0f updates/s (best of 3 × 2 s after 2 s warm-up)%n",
                    fast ? "FAST" : "REFERENCE", Runtime.version(), best);
        }
    }
}
