package io.atrion.bench;

import io.atrion.Engine;
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
 * {@code Atrion#admitBatch} over all 100,000 routes per invocation (one clock read per batch,
 * the clock advanced 1 ms per batch). Scores are per route update
 * ({@code @OperationsPerInvocation(100000)}), so they compare directly with
 * {@code SingleThreadBenchmark.admit} at 100,000 routes; so does {@code gc.alloc.rate.norm}.
 *
 * <p>The batch arrays are pre-built for {@value #FRAMES} frames taken in turn, so successive
 * batches carry different telemetry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BatchBenchmark {

    public static final int ROUTES = 100_000;
    static final int FRAMES = 4;

    @Param({"FAST", "REFERENCE"})
    public Engine engine;

    @Param({"HEALTHY", "MIXED"})
    public Load load;

    private Fixture f;
    private final double[][] lat = new double[FRAMES][ROUTES];
    private final double[][] err = new double[FRAMES][ROUTES];
    private final double[][] sat = new double[FRAMES][ROUTES];
    private final double[][] volt = new double[FRAMES][ROUTES];
    private final boolean[] allowed = new boolean[ROUTES];
    private int frame;

    @Setup(Level.Trial)
    public void setUp() {
        f = new Fixture(engine, true, load, ROUTES).warm().check();
        int op = 0;
        for (int i = 0; i < FRAMES; i++) {
            for (int r = 0; r < ROUTES; r++) {
                int k = f.sample(op++, r);
                lat[i][r] = f.latency[k];
                err[i][r] = f.errorRate[k];
                sat[i][r] = f.saturation[k];
                volt[i][r] = f.voltage[k];
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUTES)
    public boolean[] admitBatch() {
        int i = frame++ & (FRAMES - 1);
        f.atrion.admitBatch(f.handles, lat[i], err[i], sat[i], volt[i], ROUTES, allowed);
        f.clock.advance();
        return allowed;
    }
}
