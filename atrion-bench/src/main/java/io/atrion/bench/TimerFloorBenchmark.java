package io.atrion.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * An almost empty operation, run in {@code -bm sample} beside the latency benchmarks: its
 * percentiles are the floor of what SampleTime can resolve on this machine (two
 * {@code System.nanoTime()} calls per sample, ~33 ns each here, plus scheduling noise). Subtract
 * nothing from the other percentiles; read them against this floor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimerFloorBenchmark {

    private int x;

    @Benchmark
    public int empty() {
        return x++;
    }
}
