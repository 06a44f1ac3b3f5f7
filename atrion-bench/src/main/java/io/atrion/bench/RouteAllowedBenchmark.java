package io.atrion.bench;

import io.atrion.Engine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code atrion.route(id, telemetry, voltage).allowed()}: the README's usage, where only the
 * boolean leaves the call. {@code SingleThreadBenchmark.route} hands the whole
 * {@code RouteDecision} to JMH's blackhole, so it always pays for the record; this one shows
 * whether escape analysis removes that allocation when the caller keeps only the boolean
 * (1,000 routes, AutoTuner on, HEALTHY).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteAllowedBenchmark {

    static final int ROUTES = 1000;

    @Param({"FAST", "REFERENCE"})
    public Engine engine;

    private Fixture f;
    private int cursor;
    private int op;

    @Setup(Level.Trial)
    public void setUp() {
        f = new Fixture(engine, true, Load.HEALTHY, ROUTES).warm().check();
    }

    @Benchmark
    public boolean routeAllowed() {
        Fixture f = this.f;
        int r = cursor;
        int k = f.sample(op++, r);
        boolean allowed = f.atrion.route(f.ids[r], f.telemetry[k], f.voltage[k]).allowed();
        if (++r == ROUTES) {
            r = 0;
            f.clock.advance();
        }
        cursor = r;
        return allowed;
    }
}
