package io.atrion.bench;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.WorkloadProfile;
import io.atrion.lease.Lease;
import io.atrion.lease.LeaseOutcome;
import io.atrion.lease.TaskOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A lease's life (SPEC §4): {@code lifecycle} is one start (the route's decision), ten
 * heartbeats and one release (a physics update plus the outcome's scar); {@code heartbeat} is one
 * heartbeat of a lease that stays open. One route, the clock stepping 1 ms per operation; the
 * instance's lease scheduler runs in the background (it sweeps once a second).
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LeaseBenchmark {

    @Param({"FAST", "REFERENCE"})
    public Engine engine;

    @Param({"STANDARD", "HEAVY"})
    public String profile;

    private final SteppingClock clock = new SteppingClock();
    private Atrion atrion;
    private TaskOptions options;
    private Lease open;
    private double progress;

    @Setup(Level.Trial)
    public void setUp() {
        atrion = Atrion.builder().engine(engine).clock(clock).build();
        WorkloadProfile p = "HEAVY".equals(profile) ? WorkloadProfile.HEAVY : WorkloadProfile.STANDARD;
        options = TaskOptions.builder().profile(p).onCancel(() -> { }).build();
        open = atrion.startTask("bench/open", options);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        atrion.close();
    }

    @Benchmark
    public boolean lifecycle() {
        clock.advance();
        Lease lease = atrion.startTask("bench/jobs", options);
        for (int i = 0; i < 10; i++) {
            lease.heartbeat(i / 10.0);
        }
        return lease.release(LeaseOutcome.COMPLETED);
    }

    @Benchmark
    public boolean heartbeat() {
        clock.advance();
        progress = progress >= 1.0 ? 0.0 : progress + 0.001;
        return open.heartbeat(progress);
    }
}
