package io.atrion.bench;

import io.atrion.Engine;
import io.atrion.Mode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The handle's readers, {@code RouteHandle#resistance()} and {@code #mode()}, round-robin over
 * 1,000 warmed routes (MIXED load, so both modes occur). Nothing is updated.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandleReadBenchmark {

    static final int ROUTES = 1000;

    @Param({"FAST", "REFERENCE"})
    public Engine engine;

    private Fixture f;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        f = new Fixture(engine, true, Load.MIXED, ROUTES).warm().check();
    }

    @Benchmark
    public double resistance() {
        int r = cursor;
        cursor = r + 1 == ROUTES ? 0 : r + 1;
        return f.handles[r].resistance();
    }

    @Benchmark
    public Mode mode() {
        int r = cursor;
        cursor = r + 1 == ROUTES ? 0 : r + 1;
        return f.handles[r].mode();
    }
}
