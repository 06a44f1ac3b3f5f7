package io.atrion.bench;

import io.atrion.Engine;
import io.atrion.RouteHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code Atrion#admitBatch} in batches of {@value #BATCH} routes: at 1,000 routes each batch is
 * every route, at 100,000 routes the batches go through the routes in turn, 1,000 at a time; the
 * clock advances 1 ms per lap over all routes (Δt = 1 ms per route, as in
 * {@link SingleThreadBenchmark}). Scores are per route update ({@code @OperationsPerInvocation}),
 * so they compare directly with {@code SingleThreadBenchmark.admit} at the same number of routes;
 * so does {@code gc.alloc.rate.norm}.
 *
 * <p>The batch arrays are pre-built for {@value #FRAMES} frames taken in turn, so successive laps
 * carry different telemetry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BatchBenchmark {

    static final int BATCH = 1000;
    static final int FRAMES = 4;

    @Param({"FAST", "REFERENCE"})
    public Engine engine;

    @Param({"HEALTHY", "MIXED"})
    public Load load;

    /** Routes in all (a multiple of {@value #BATCH}). */
    @Param({"1000", "100000"})
    public int routes;

    private Fixture f;
    private RouteHandle[][] windows;
    private double[][][] lat;
    private double[][][] err;
    private double[][][] sat;
    private double[][][] volt;
    private final boolean[] allowed = new boolean[BATCH];
    private int window;
    private int frame;

    @Setup(Level.Trial)
    public void setUp() {
        f = new Fixture(engine, true, load, routes).warm().check();
        int w = routes / BATCH;
        windows = new RouteHandle[w][BATCH];
        lat = new double[FRAMES][w][BATCH];
        err = new double[FRAMES][w][BATCH];
        sat = new double[FRAMES][w][BATCH];
        volt = new double[FRAMES][w][BATCH];
        int op = 0;
        for (int i = 0; i < FRAMES; i++) {
            for (int r = 0; r < routes; r++) {
                int k = f.sample(op++, r);
                windows[r / BATCH][r % BATCH] = f.handles[r];
                lat[i][r / BATCH][r % BATCH] = f.latency[k];
                err[i][r / BATCH][r % BATCH] = f.errorRate[k];
                sat[i][r / BATCH][r % BATCH] = f.saturation[k];
                volt[i][r / BATCH][r % BATCH] = f.voltage[k];
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean[] admitBatch() {
        int w = window;
        int i = frame;
        f.atrion.admitBatch(windows[w], lat[i][w], err[i][w], sat[i][w], volt[i][w], BATCH, allowed);
        if (++w == windows.length) {
            w = 0;
            frame = (i + 1) & (FRAMES - 1);
            f.clock.advance();
        }
        window = w;
        return allowed;
    }
}
