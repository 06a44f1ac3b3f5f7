package io.atrion.bench;

import io.atrion.Engine;
import java.util.Arrays;
import java.util.Locale;

/**
 * Same-process comparisons that survive a loaded machine (a {@code main}, not JMH): each
 * operation of {@link PeersBenchmark} (and the batch against a loop of handle calls) runs in
 * rounds of a fixed number of calls, the operations interleaved round by round, and the
 * <em>fastest</em> round of each is reported. Other processes only ever make a round slower, so
 * the minimum over many rounds approaches the unloaded cost, and interleaving exposes every
 * operation to the same machine. Use it to compare variants while JMH's means are noise (load
 * average above ~2 on 2 cores); JMH on a quiet machine remains the reference (docs/BENCHMARKS.md).
 *
 * <pre>java -cp atrion-bench/target/benchmarks.jar io.atrion.bench.MinOfRounds [rounds]</pre>
 */
public final class MinOfRounds {

    private static final int CALLS_PER_ROUND = 20_000;

    private MinOfRounds() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        PeersBenchmark b = new PeersBenchmark();
        b.setUp();
        String[] names = {"empty", "admitHandle", "admitById", "routeAllowed", "guardDecorated",
                "resilience4jDecorated", "resilience4jRaw", "concurrencyLimits", "failsafe"};
        Runnable[] ops = {b::empty, b::admitHandle, b::admitById, b::routeAllowed, b::guardDecorated,
                b::resilience4jDecorated, b::resilience4jRaw, b::concurrencyLimits, b::failsafe};
        long[] best = new long[ops.length];
        Arrays.fill(best, Long.MAX_VALUE);
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < ops.length; i++) {
                Runnable op = ops[i];
                long t0 = System.nanoTime();
                for (int k = 0; k < CALLS_PER_ROUND; k++) {
                    op.run();
                }
                best[i] = Math.min(best[i], System.nanoTime() - t0);
            }
        }
        System.out.printf(Locale.ROOT, "rounds=%d x %d calls, load %s%n", rounds, CALLS_PER_ROUND, load());
        for (int i = 0; i < ops.length; i++) {
            System.out.printf(Locale.ROOT, "%-22s %7.1f ns%n", names[i], best[i] / (double) CALLS_PER_ROUND);
        }
        batchVersusLoop(1000, rounds);
    }

    /** admitBatch over all routes against a loop of handle.admit over the same routes and values. */
    private static void batchVersusLoop(int routes, int rounds) {
        Fixture f = new Fixture(Engine.FAST, true, Load.HEALTHY, routes).warm().check();
        double[] lat = new double[routes];
        double[] err = new double[routes];
        double[] sat = new double[routes];
        double[] volt = new double[routes];
        boolean[] out = new boolean[routes];
        for (int r = 0; r < routes; r++) {
            int k = f.sample(r, r);
            lat[r] = f.latency[k];
            err[r] = f.errorRate[k];
            sat[r] = f.saturation[k];
            volt[r] = f.voltage[k];
        }
        long batch = Long.MAX_VALUE;
        long loop = Long.MAX_VALUE;
        int laps = Math.max(1, CALLS_PER_ROUND / routes);
        int admitted = 0;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            for (int lap = 0; lap < laps; lap++) {
                f.atrion.admitBatch(f.handles, lat, err, sat, volt, routes, out);
                f.clock.advance();
            }
            long t1 = System.nanoTime();
            for (int lap = 0; lap < laps; lap++) {
                for (int r = 0; r < routes; r++) {
                    admitted += f.handles[r].admit(lat[r], err[r], sat[r], volt[r]) ? 1 : 0;
                }
                f.clock.advance();
            }
            long t2 = System.nanoTime();
            batch = Math.min(batch, t1 - t0);
            loop = Math.min(loop, t2 - t1);
        }
        double n = (double) laps * routes;
        System.out.printf(Locale.ROOT, "admitBatch (%d routes)   %7.1f ns per update; loop of handle.admit %.1f ns (%d admitted)%n",
                routes, batch / n, loop / n, admitted);
    }

    static String load() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }
}
