package io.atrion.bench;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.Mode;
import io.atrion.RouteDecision;
import io.atrion.RouteHandle;
import io.atrion.Telemetry;
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
 * The JVM side of the browser benchmark (atrion-web's bench.js runs the same workload in
 * WebAssembly and JavaScript): 1,000 routes {@code route-0} … {@code route-999} visited
 * round-robin; SPEC defaults with the AutoTuner on; telemetry rows from the same seeded
 * generator as bench.js (mulberry32, seed {@value #SEED}: latency 70–90 ms, errors 0–0.5 %,
 * saturation 0.30–0.45, all below the default SLO), call {@code j} reading row {@code j & 4095}
 * with voltage {@code 100/50/20/15} by {@code j & 3}; the clock 1 ms later after every lap, so
 * each route sees Δt = 1 ms; 64 warm-up laps, after which every route is OPERATIONAL (checked).
 *
 * <p>{@code route()} is what the browser figures are compared with; {@code admit()} is the
 * handle path, for scale. Both in operations per second:
 *
 * <pre>
 * java -jar atrion-bench/target/benchmarks.jar BrowserWorkload -bm thrpt -tu s -f 1 -wi 3 -w 1s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BrowserWorkloadBenchmark {

    public static final int ROUTES = 1000;
    public static final int ROWS = 4096;
    public static final int SEED = 20261127;
    public static final int WARM_LAPS = 64;
    private static final double[] VOLTAGES = {100, 50, 20, 15};

    @Param({"FAST", "REFERENCE"})
    public Engine engine;

    private final SteppingClock clock = new SteppingClock();
    private Atrion atrion;
    private String[] ids;
    private RouteHandle[] handles;
    private Telemetry[] telemetry;
    final double[] latency = new double[ROWS];
    final double[] errorRate = new double[ROWS];
    final double[] saturation = new double[ROWS];
    private int route;
    private int call;

    @Setup(Level.Trial)
    public void setUp() {
        atrion = Atrion.builder().engine(engine).clock(clock).build();
        ids = new String[ROUTES];
        handles = new RouteHandle[ROUTES];
        for (int r = 0; r < ROUTES; r++) {
            ids[r] = "route-" + r;
            handles[r] = atrion.handle(ids[r]);
        }
        rows(latency, errorRate, saturation);
        telemetry = new Telemetry[ROWS];
        for (int k = 0; k < ROWS; k++) {
            telemetry[k] = Telemetry.of(latency[k], errorRate[k], saturation[k]);
        }
        for (int lap = 0; lap < WARM_LAPS * ROUTES; lap++) {
            admit();
        }
        for (RouteHandle h : handles) {
            if (h.mode() != Mode.OPERATIONAL) {
                throw new IllegalStateException(h.routeId() + " is " + h.mode() + " after the warm-up, not OPERATIONAL");
            }
        }
    }

    /** {@code atrion.route(id, telemetry, voltage)}: id lookup, update, {@link RouteDecision}. */
    @Benchmark
    public RouteDecision route() {
        int r = route;
        int j = call++;
        RouteDecision d = atrion.route(ids[r], telemetry[j & (ROWS - 1)], VOLTAGES[j & 3]);
        next(r);
        return d;
    }

    /** {@code handle.admit(...)}: the allocation-free handle path. */
    @Benchmark
    public boolean admit() {
        int r = route;
        int j = call++;
        int k = j & (ROWS - 1);
        boolean allowed = handles[r].admit(latency[k], errorRate[k], saturation[k], VOLTAGES[j & 3]);
        next(r);
        return allowed;
    }

    private void next(int r) {
        if (++r == ROUTES) {
            r = 0;
            clock.advance();
        }
        route = r;
    }

    /** Routes in {@code mode} now. */
    int count(Mode mode) {
        int n = 0;
        for (RouteHandle h : handles) {
            n += h.mode() == mode ? 1 : 0;
        }
        return n;
    }

    /** bench.js's rows(): row k is three successive draws of mulberry32(SEED), scaled. */
    static void rows(double[] latency, double[] errorRate, double[] saturation) {
        Mulberry32 r = new Mulberry32(SEED);
        for (int k = 0; k < latency.length; k++) {
            latency[k] = 70 + 20 * r.next();
            errorRate[k] = 0.005 * r.next();
            saturation[k] = 0.3 + 0.15 * r.next();
        }
    }

    /**
     * mulberry32 as scenario.js writes it in JavaScript: 32-bit integer arithmetic that wraps
     * (JavaScript's {@code Math.imul} and {@code >>> 0} are Java's int multiply and unsigned view).
     */
    static final class Mulberry32 {
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
}
