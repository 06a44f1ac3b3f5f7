package io.atrion.bench;

import io.atrion.Engine;
import io.atrion.RouteDecision;
import io.atrion.RouteHandle;
import io.atrion.Telemetry;
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
 * One full update + decision per operation, one thread, routes visited round-robin:
 * {@code route()} resolves the id on every call and returns a {@link RouteDecision};
 * {@code admit()} goes through a {@link RouteHandle} and returns a boolean.
 *
 * <p>The loop reads pre-generated telemetry and pre-created ids/handles/{@link Telemetry}
 * objects, and advances the {@link SteppingClock} by 1 ms per lap: whatever {@code -prof gc}
 * reports as allocated per operation is the engine's. Run with {@code -bm avgt} for ns/op and
 * with {@code -bm sample} for p50/p99/p99.9 (see run.sh).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SingleThreadBenchmark {

    @Param({"FAST", "REFERENCE"})
    public Engine engine;

    @Param({"1", "1000", "100000"})
    public int routes;

    @Param({"true", "false"})
    public boolean autoTuner;

    @Param({"HEALTHY", "MIXED"})
    public Load load;

    private Fixture f;
    private int cursor;
    private int op;

    @Setup(Level.Trial)
    public void setUp() {
        f = new Fixture(engine, autoTuner, load, routes).warm().check();
        cursor = 0;
    }

    @Benchmark
    public boolean admit() {
        Fixture f = this.f;
        int r = cursor;
        int k = f.sample(op++, r);
        boolean allowed = f.handles[r].admit(f.latency[k], f.errorRate[k], f.saturation[k], f.voltage[k]);
        next(f, r);
        return allowed;
    }

    @Benchmark
    public RouteDecision route() {
        Fixture f = this.f;
        int r = cursor;
        int k = f.sample(op++, r);
        RouteDecision d = f.atrion.route(f.ids[r], f.telemetry[k], f.voltage[k]);
        next(f, r);
        return d;
    }

    private void next(Fixture f, int r) {
        if (++r == f.routes) {
            r = 0;
            f.clock.advance();
        }
        cursor = r;
    }
}
