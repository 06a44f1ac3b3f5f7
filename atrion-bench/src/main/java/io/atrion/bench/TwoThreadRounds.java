package io.atrion.bench;

import io.atrion.Engine;
import io.atrion.RouteDecision;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;

/**
 * {@link TwoThreadBenchmark}'s FAST operations, and one thread's {@code route()} over the same
 * routes, measured as {@link MinOfRounds} measures: rounds of a fixed number of calls per thread,
 * the two threads starting each round together (a barrier), a round's time running from the
 * earlier thread's start to the later thread's end (two threads that did not overlap take twice
 * as long, so a round where one waited does not flatter the figure), and the fastest round of
 * each operation reported. Another process only makes a round slower, so the minimum approaches
 * the cost on two free cores even while the machine is loaded.
 * Not JMH (JMH on a quiet machine remains the reference): a way to compare variants meanwhile.
 *
 * <pre>java -cp atrion-bench/target/benchmarks.jar io.atrion.bench.TwoThreadRounds [rounds [callsPerRound]]</pre>
 */
public final class TwoThreadRounds {

    private static int CALLS_PER_ROUND = 20_000;
    private static final String[] NAMES = {"routeSame", "admitSame", "routeDistinct", "admitDistinct"};

    private TwoThreadRounds() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        if (args.length > 1) {
            CALLS_PER_ROUND = Integer.parseInt(args[1]);
        }
        Fixture f = new Fixture(Engine.FAST, true, Load.HEALTHY, TwoThreadBenchmark.HOT + 1).warm().check();
        long[] best = new long[NAMES.length];
        Arrays.fill(best, Long.MAX_VALUE);
        long bestSingle = Long.MAX_VALUE;
        long[][] starts = new long[2][NAMES.length];
        long[][] ends = new long[2][NAMES.length];
        CyclicBarrier start = new CyclicBarrier(2);
        CyclicBarrier end = new CyclicBarrier(3);
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int index = t;
            threads[t] = new Thread(() -> runThread(f, index, rounds, start, end, starts[index], ends[index]),
                    "rounds-" + t);
            threads[t].start();
        }
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (int op = 0; op < NAMES.length; op++) {
                end.await();
                long wall = Math.max(ends[0][op], ends[1][op]) - Math.min(starts[0][op], starts[1][op]);
                best[op] = Math.min(best[op], wall);
            }
            // One thread, the same route() over the first thread's routes, while the others wait.
            int[] cursor = {0, 0};
            long t0 = System.nanoTime();
            for (int k = 0; k < CALLS_PER_ROUND; k++) {
                sink += step(f, 0, 2, cursor).tickCount();
            }
            bestSingle = Math.min(bestSingle, System.nanoTime() - t0);
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf(Locale.ROOT, "rounds=%d x %d calls per thread, load %s (%d)%n", rounds, CALLS_PER_ROUND,
                MinOfRounds.load(), sink & 1);
        for (int op = 0; op < NAMES.length; op++) {
            System.out.printf(Locale.ROOT, "%-14s %7.1f ns per call per thread%n", NAMES[op],
                    best[op] / (double) CALLS_PER_ROUND);
        }
        double single = bestSingle / (double) CALLS_PER_ROUND;
        System.out.printf(Locale.ROOT, "%-14s %7.1f ns per call (one thread); two threads on distinct routes: %.2f x%n",
                "routeOne", single, 2 * single / (best[2] / (double) CALLS_PER_ROUND));
    }

    private static void runThread(Fixture f, int t, int rounds, CyclicBarrier start, CyclicBarrier end, long[] t0s,
                                  long[] t1s) {
        int[] cursor = {0, 0};
        long sink = 0;
        try {
            for (int r = 0; r < rounds; r++) {
                for (int op = 0; op < NAMES.length; op++) {
                    start.await();
                    long t0 = System.nanoTime();
                    for (int k = 0; k < CALLS_PER_ROUND; k++) {
                        sink += op == 0 ? step(f, t, 0, cursor).tickCount()
                                : op == 1 ? (admit(f, t, true, cursor) ? 1 : 0)
                                : op == 2 ? step(f, t, 2, cursor).tickCount()
                                : (admit(f, t, false, cursor) ? 1 : 0);
                    }
                    t0s[op] = t0;
                    t1s[op] = System.nanoTime();
                    end.await();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (sink == 42) {
            System.out.print("");
        }
    }

    /** route() on the shared route ({@code kind} 0) or the thread's own routes (2); clock as TwoThreadBenchmark's. */
    private static RouteDecision step(Fixture f, int t, int kind, int[] cursor) {
        int r = kind == 0 ? TwoThreadBenchmark.HOT : t * TwoThreadBenchmark.PER_THREAD + cursor[0];
        if (++cursor[0] == TwoThreadBenchmark.PER_THREAD) {
            cursor[0] = 0;
            f.clock.advance();
        }
        int k = f.sample(cursor[1]++, r);
        return f.atrion.route(f.ids[r], f.telemetry[k], f.voltage[k]);
    }

    private static boolean admit(Fixture f, int t, boolean same, int[] cursor) {
        int r = same ? TwoThreadBenchmark.HOT : t * TwoThreadBenchmark.PER_THREAD + cursor[0];
        if (++cursor[0] == TwoThreadBenchmark.PER_THREAD) {
            cursor[0] = 0;
            f.clock.advance();
        }
        int k = f.sample(cursor[1]++, r);
        return f.handles[r].admit(f.latency[k], f.errorRate[k], f.saturation[k], f.voltage[k]);
    }
}
