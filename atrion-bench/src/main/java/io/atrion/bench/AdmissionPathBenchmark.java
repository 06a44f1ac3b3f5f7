package io.atrion.bench;

import io.atrion.Engine;
import io.atrion.guard.GuardConfig;
import io.atrion.guard.Permit;
import io.atrion.guard.RouteGuard;
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
 * The four ways to ask for one admission, in one run (1,000 routes round-robin, AutoTuner on,
 * HEALTHY): {@code route(id, telemetry, V).allowed()}, the allocation-free
 * {@code admit(id, lat, err, sat, V)} by id, {@code handle.admit(...)}, and a
 * {@link RouteGuard}'s admission path, {@code tryAcquirePermission(V)} + {@code onSuccess},
 * which adds the guard's own telemetry (EWMA latency and errors, in-flight count) to the
 * physics update. The guarded call itself is empty: what is measured is the guard's cost.
 * {@code guardPermit} runs the default {@code GuardConfig} (one physics update per route per
 * 100 ms; the clock steps 1 ms per lap of 1,000 routes, so one admission in 100 updates and the
 * others decide on the current state); {@code guardPermitEveryUpdate} sets
 * {@code updateIntervalMillis(0)} on routes of its own, so every admission (each finds the
 * previous call's end as fresh evidence) is a full update, like {@code admitHandle}. Since guard
 * v3 each granted permit is an object of its own (24 B/op under -prof gc): the caller's token
 * for ending the call exactly once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AdmissionPathBenchmark {

    static final int ROUTES = 1000;

    @Param({"FAST", "REFERENCE"})
    public Engine engine;

    private Fixture f;
    private RouteGuard[] guards;
    private RouteGuard[] everyUpdate;
    private int cursor;
    private int op;

    @Setup(Level.Trial)
    public void setUp() {
        f = new Fixture(engine, true, Load.HEALTHY, ROUTES).warm().check();
        guards = new RouteGuard[ROUTES];
        everyUpdate = new RouteGuard[ROUTES];
        GuardConfig paced = GuardConfig.builder().maxConcurrentCalls(1000).build();
        GuardConfig unpaced = paced.toBuilder().updateIntervalMillis(0).build();
        for (int r = 0; r < ROUTES; r++) {
            // Capacity far above one in-flight call: the guard's saturation stays low, as HEALTHY's does.
            guards[r] = f.atrion.guards().guard(f.ids[r], paced);
            // One guard per route: the unpaced guards get routes of their own.
            everyUpdate[r] = f.atrion.guards().guard(f.ids[r] + "/every-update", unpaced);
        }
    }

    @Benchmark
    public boolean routeAllowed() {
        int r = cursor;
        boolean allowed = f.routeAllowed(r, op++);
        next(r);
        return allowed;
    }

    @Benchmark
    public boolean admitById() {
        int r = cursor;
        boolean allowed = f.admitById(r, op++);
        next(r);
        return allowed;
    }

    @Benchmark
    public boolean admitHandle() {
        int r = cursor;
        boolean allowed = f.admitHandle(r, op++);
        next(r);
        return allowed;
    }

    @Benchmark
    public Permit guardPermit() {
        int r = cursor;
        int k = f.sample(op++, r);
        RouteGuard g = guards[r];
        Permit p = g.tryAcquirePermission(f.voltage[k]);
        if (p.granted()) {
            g.onSuccess(p, (long) f.latency[k]);
        }
        next(r);
        return p;
    }

    @Benchmark
    public Permit guardPermitEveryUpdate() {
        int r = cursor;
        int k = f.sample(op++, r);
        RouteGuard g = everyUpdate[r];
        Permit p = g.tryAcquirePermission(f.voltage[k]);
        if (p.granted()) {
            g.onSuccess(p, (long) f.latency[k]);
        }
        next(r);
        return p;
    }

    private void next(int r) {
        if (++r == ROUTES) {
            r = 0;
            f.clock.advance();
        }
        cursor = r;
    }
}
