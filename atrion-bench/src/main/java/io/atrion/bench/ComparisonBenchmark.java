package io.atrion.bench;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.Optional;
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
 * Context, not a contest: what one admission round trip costs in two well-known JVM libraries,
 * measured in the same runs and the same way as {@link SingleThreadBenchmark} (one thread,
 * {@code instances} of them visited round-robin, healthy traffic, no allocation in the loop).
 * They do different work from Atrion: Resilience4j counts outcomes in a sliding window (count
 * based, 100 calls, its defaults); concurrency-limits' {@link SimpleLimiter} with its default
 * {@link VegasLimit} tracks in-flight requests and adapts a concurrency limit from round-trip
 * times.
 *
 * <ul>
 *   <li>{@code resilience4j}: {@code CircuitBreaker.acquirePermission()} then
 *       {@code onSuccess(duration, NANOSECONDS)}, the duration taken from the same healthy latency
 *       samples Atrion gets. Its clock is not read on this path.</li>
 *   <li>{@code concurrencyLimits}: {@code SimpleLimiter.acquire(null)} then
 *       {@code listener.onSuccess()}. Its nano clock is a plain counter that moves 1 ms per read
 *       (the Vegas limit rejects a zero round-trip time), not {@code System.nanoTime()}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ComparisonBenchmark {

    @Param({"1", "1000"})
    public int instances;

    private CircuitBreaker[] breakers;
    private SimpleLimiter<Void>[] limiters;
    private final long[] durationNanos = new long[Fixture.SAMPLES];
    private int cursor;
    private int op;
    private long fakeNanos = 1L;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        Fixture samples = new Fixture(io.atrion.Engine.FAST, true, Load.HEALTHY, 1);
        for (int k = 0; k < Fixture.SAMPLES; k++) {
            durationNanos[k] = (long) (samples.latency[k] * 1_000_000.0);
        }
        CircuitBreakerConfig config = CircuitBreakerConfig.ofDefaults();
        breakers = new CircuitBreaker[instances];
        limiters = (SimpleLimiter<Void>[]) new SimpleLimiter<?>[instances]; // a generic array: only a cast makes one
        for (int i = 0; i < instances; i++) {
            breakers[i] = CircuitBreaker.of("cb-" + i, config);
            limiters[i] = SimpleLimiter.newBuilder()
                    .named("limiter-" + i)
                    .limit(VegasLimit.newDefault())
                    .nanoClock(this::nanos)
                    .build();
        }
        // Same warm-up as the Atrion fixtures: 64 laps.
        for (int i = 0; i < Fixture.WARM_LAPS * instances; i++) {
            resilience4j();
            concurrencyLimits();
        }
    }

    private long nanos() {
        return fakeNanos += 1_000_000L;
    }

    @Benchmark
    public boolean resilience4j() {
        int i = next();
        CircuitBreaker cb = breakers[i];
        cb.acquirePermission(); // throws CallNotPermittedException when open; never here
        cb.onSuccess(durationNanos[op++ & Fixture.MASK], TimeUnit.NANOSECONDS);
        return true;
    }

    @Benchmark
    public boolean concurrencyLimits() {
        int i = next();
        Optional<Limiter.Listener> listener = limiters[i].acquire(null);
        if (listener.isPresent()) {
            listener.get().onSuccess();
            return true;
        }
        return false;
    }

    private int next() {
        int i = cursor;
        cursor = i + 1 == instances ? 0 : i + 1;
        return i;
    }
}
