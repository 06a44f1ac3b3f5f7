package io.atrion.bench;

import io.atrion.Engine;
import io.atrion.RouteDecision;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Two threads on one {@link io.atrion.Atrion}, HEALTHY load. {@code *Distinct}: each thread
 * round-robins over its own {@value #PER_THREAD} routes (no route shared). {@code *Same}: both
 * threads update one route, every operation contending for its lock.
 *
 * <p>JMH reports the average time per operation <em>of each thread</em>; the two threads together
 * complete {@code 2 / score} operations per nanosecond (summarize.py prints that total).
 *
 * <p>Clock: each thread advances the shared {@link SteppingClock} once per {@value #PER_THREAD}
 * of its own operations. On distinct routes every route still sees Δt ≈ 1 ms; the same route
 * sees ~2,000 updates per clock millisecond, so most of its updates have Δt = 0 (momentum 0,
 * the cheap {@code exp(-0)} branch): the same-route score is, if anything, flattered.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class TwoThreadBenchmark {

    static final int THREADS = 2;
    static final int PER_THREAD = 1000;
    static final int HOT = THREADS * PER_THREAD;

    @Param({"FAST", "REFERENCE"})
    public Engine engine;

    Fixture f;

    @Setup(Level.Trial)
    public void setUp() {
        // Routes 0..1999 are the threads' own; route 2000 is the one both threads share.
        f = new Fixture(engine, true, Load.HEALTHY, HOT + 1).warm().check();
    }

    @State(Scope.Thread)
    public static class Cursor {
        int base;
        int i;
        int op;

        @Setup(Level.Trial)
        public void setUp(ThreadParams threads) {
            base = (threads.getThreadIndex() % THREADS) * PER_THREAD;
        }

        /** Next own route; advances the clock once per lap. */
        int nextOwn(Fixture f) {
            int r = base + i;
            if (++i == PER_THREAD) {
                i = 0;
                f.clock.advance();
            }
            return r;
        }

        /** The shared route; advances the clock once per {@value #PER_THREAD} operations. */
        int hot(Fixture f) {
            if (++i == PER_THREAD) {
                i = 0;
                f.clock.advance();
            }
            return HOT;
        }
    }

    @Benchmark
    public boolean admitDistinct(Cursor c) {
        Fixture f = this.f;
        int r = c.nextOwn(f);
        int k = f.sample(c.op++, r);
        return f.handles[r].admit(f.latency[k], f.errorRate[k], f.saturation[k], f.voltage[k]);
    }

    @Benchmark
    public RouteDecision routeDistinct(Cursor c) {
        Fixture f = this.f;
        int r = c.nextOwn(f);
        int k = f.sample(c.op++, r);
        return f.atrion.route(f.ids[r], f.telemetry[k], f.voltage[k]);
    }

    @Benchmark
    public boolean admitSame(Cursor c) {
        Fixture f = this.f;
        int r = c.hot(f);
        int k = f.sample(c.op++, r);
        return f.handles[r].admit(f.latency[k], f.errorRate[k], f.saturation[k], f.voltage[k]);
    }

    @Benchmark
    public RouteDecision routeSame(Cursor c) {
        Fixture f = this.f;
        int r = c.hot(f);
        int k = f.sample(c.op++, r);
        return f.atrion.route(f.ids[r], f.telemetry[k], f.voltage[k]);
    }
}
