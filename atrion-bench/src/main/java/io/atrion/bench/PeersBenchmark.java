package io.atrion.bench;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.guard.GuardConfig;
import io.atrion.guard.RouteGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 15's comparison, every path in one run: Atrion's admission paths and its peers, each
 * over {@value #INSTANCES} instances visited round-robin with healthy traffic, one thread, no
 * allocation in the loop itself. Run it in average time with {@code -prof gc} (ns/op, B/op) and
 * in sample time (percentiles, {@link #empty} being the floor of the same run).
 *
 * <ul>
 *   <li>{@code empty}: an almost empty operation (the timer and harness floor).</li>
 *   <li>{@code admitHandle}: {@code RouteHandle.admit} on the FAST engine, AutoTuner on, the
 *       benchmarks' stepping clock moving 1 ms per lap: every call a full physics update.</li>
 *   <li>{@code admitById}, {@code routeAllowed}: the same update by id, as {@code admit(id, ...)}
 *       (a boolean) and {@code route(id, telemetry, V).allowed()} (a {@code RouteDecision}).</li>
 *   <li>{@code guardDecorated}: {@code guard.decorateSupplier(supplier)} from
 *       {@code atrion.guards().guard(id)} with default {@code GuardConfig}, called through
 *       {@code get()}; its Atrion has the default clock (the system's): what a user gets.</li>
 *   <li>{@code resilience4jDecorated}: {@code CircuitBreaker.decorateSupplier(cb, supplier).get()},
 *       defaults (it reads {@code System.nanoTime()} twice to time the call).</li>
 *   <li>{@code resilience4jRaw}: {@code tryAcquirePermission()} + {@code onSuccess(d, NANOSECONDS)}.</li>
 *   <li>{@code concurrencyLimits}: {@code SimpleLimiter.acquire(null)} + {@code onSuccess()},
 *       default {@code VegasLimit}; its nano clock a counter moving 1 ms per read (Vegas rejects a
 *       zero round-trip time).</li>
 *   <li>{@code failsafe}: {@code Failsafe.with(circuitBreaker).get(supplier)} with
 *       {@code CircuitBreaker.ofDefaults()}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PeersBenchmark {

    static final int INSTANCES = 1000;

    private Fixture f;
    private Atrion systemClockAtrion;
    private Supplier<Integer>[] guarded;
    private Supplier<Integer>[] r4jDecorated;
    private CircuitBreaker[] breakers;
    private SimpleLimiter<Void>[] limiters;
    private FailsafeExecutor<Integer>[] failsafe;
    private final long[] durationNanos = new long[Fixture.SAMPLES];
    private final Supplier<Integer> call = () -> 42;
    private int cursor;
    private int op;
    private long fakeNanos = 1L;
    private int x;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        f = new Fixture(Engine.FAST, true, Load.HEALTHY, INSTANCES).warm().check();
        for (int k = 0; k < Fixture.SAMPLES; k++) {
            durationNanos[k] = (long) (f.latency[k] * 1_000_000.0);
        }
        systemClockAtrion = Atrion.builder().engine(Engine.FAST).build();
        guarded = (Supplier<Integer>[]) new Supplier<?>[INSTANCES];
        r4jDecorated = (Supplier<Integer>[]) new Supplier<?>[INSTANCES];
        breakers = new CircuitBreaker[INSTANCES];
        limiters = (SimpleLimiter<Void>[]) new SimpleLimiter<?>[INSTANCES];
        failsafe = (FailsafeExecutor<Integer>[]) new FailsafeExecutor<?>[INSTANCES];
        CircuitBreakerConfig r4jConfig = CircuitBreakerConfig.ofDefaults();
        for (int i = 0; i < INSTANCES; i++) {
            RouteGuard g = systemClockAtrion.guards().guard("peer-" + i, GuardConfig.defaults());
            guarded[i] = g.decorateSupplier(call);
            breakers[i] = CircuitBreaker.of("cb-" + i, r4jConfig);
            r4jDecorated[i] = CircuitBreaker.decorateSupplier(CircuitBreaker.of("cbd-" + i, r4jConfig), call);
            limiters[i] = SimpleLimiter.newBuilder().named("limiter-" + i).limit(VegasLimit.newDefault())
                    .nanoClock(this::nanos).build();
            failsafe[i] = Failsafe.with(dev.failsafe.CircuitBreaker.<Integer>ofDefaults());
        }
        for (int i = 0; i < Fixture.WARM_LAPS * INSTANCES; i++) {
            guardDecorated();
            resilience4jDecorated();
            resilience4jRaw();
            concurrencyLimits();
            failsafe();
        }
    }

    private long nanos() {
        return fakeNanos += 1_000_000L;
    }

    @Benchmark
    public int empty() {
        return x++;
    }

    @Benchmark
    public boolean admitHandle() {
        int r = cursor;
        boolean allowed = f.admitHandle(r, op++);
        lap(r);
        return allowed;
    }

    @Benchmark
    public boolean admitById() {
        int r = cursor;
        boolean allowed = f.admitById(r, op++);
        lap(r);
        return allowed;
    }

    @Benchmark
    public boolean routeAllowed() {
        int r = cursor;
        boolean allowed = f.routeAllowed(r, op++);
        lap(r);
        return allowed;
    }

    @Benchmark
    public Integer guardDecorated() {
        return guarded[next()].get();
    }

    @Benchmark
    public Integer resilience4jDecorated() {
        return r4jDecorated[next()].get();
    }

    @Benchmark
    public boolean resilience4jRaw() {
        CircuitBreaker cb = breakers[next()];
        if (!cb.tryAcquirePermission()) {
            return false;
        }
        cb.onSuccess(durationNanos[op++ & Fixture.MASK], TimeUnit.NANOSECONDS);
        return true;
    }

    @Benchmark
    public boolean concurrencyLimits() {
        Optional<Limiter.Listener> listener = limiters[next()].acquire(null);
        if (listener.isPresent()) {
            listener.get().onSuccess();
            return true;
        }
        return false;
    }

    @Benchmark
    public Integer failsafe() {
        return failsafe[next()].get(call::get);
    }

    /** Round-robin for the instance paths (no Atrion clock involved). */
    private int next() {
        int i = cursor;
        cursor = i + 1 == INSTANCES ? 0 : i + 1;
        return i;
    }

    /** Round-robin for the Atrion paths: the stepping clock moves 1 ms per lap. */
    private void lap(int r) {
        if (++r == INSTANCES) {
            r = 0;
            f.clock.advance();
        }
        cursor = r;
    }
}
