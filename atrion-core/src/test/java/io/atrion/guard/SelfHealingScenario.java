package io.atrion.guard;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;

/** A dependency on a virtual clock driven through a guard; shared by the self-healing tests. */
final class SelfHealingScenario {

    final ManualClock clock = new ManualClock(1_000_000);
    final Atrion atrion;
    final RouteGuard guard;
    /** When false, calls throw after 200 ms; when true they take 40 ms and succeed. */
    boolean healthy = true;
    int callsRun;
    long firstBreakerMillis = -1;

    SelfHealingScenario(Engine engine) {
        atrion = Atrion.builder().engine(engine).clock(clock).build();
        guard = atrion.guard("dependency");
    }

    /** One call at {@code voltage}; the clock advances by the call's latency while it runs. */
    boolean call(double voltage) {
        GuardResult<String> r = guard.tryCall(voltage, () -> {
            callsRun++;
            if (healthy) {
                clock.advance(40);
                return "ok";
            }
            clock.advance(200);
            throw new IllegalStateException("dependency down");
        });
        if (firstBreakerMillis < 0 && guard.handle().mode() == Mode.CIRCUIT_BREAKER) {
            firstBreakerMillis = clock.millis();
        }
        return !r.isRejected();
    }

    /** Calls every {@code periodMs} until {@code durationMs} passed; returns how many ran. */
    int drive(long durationMs, long periodMs, double voltage) {
        long end = clock.millis() + durationMs;
        int ran = 0;
        while (clock.millis() < end) {
            long before = clock.millis();
            if (call(voltage)) {
                ran++;
            }
            long spent = clock.millis() - before;
            if (spent < periodMs) {
                clock.advance(periodMs - spent);
            }
        }
        return ran;
    }
}
