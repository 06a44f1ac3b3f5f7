package io.atrion.lab.policy;

import io.atrion.Atrion;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.guard.Permit;
import io.atrion.guard.RouteGuard;

/**
 * Atrion through its guard layer ({@link RouteGuard}), the way a Java service uses it: the permit
 * API at call start ({@code tryAcquirePermission(voltage)}, one physics update with the guard's
 * own latency and error averages and its in-flight count as saturation) and {@code onSuccess} /
 * {@code onError} at call end. The guard's probe rule is what lets an open breaker heal.
 */
final class AtrionGate implements Gate {

    private final ManualClock clock;
    private final RouteGuard guard;

    AtrionGate(Atrion atrion, ManualClock clock, String route) {
        this.clock = clock;
        this.guard = atrion.guard(route);
    }

    @Override
    public int acquire(long nowMs, double voltage) {
        clock.set(SimClock.EPOCH_MS + nowMs);
        Permit p = guard.tryAcquirePermission(voltage);
        return p == Permit.REJECTED ? SHED : p == Permit.PROBE ? PROBE : ADMITTED;
    }

    @Override
    public void complete(long nowMs, int token, long durationMs, boolean success) {
        clock.set(SimClock.EPOCH_MS + nowMs);
        Permit p = token == PROBE ? Permit.PROBE : Permit.ADMITTED;
        if (success) {
            guard.onSuccess(p, durationMs);
        } else {
            guard.onError(p, durationMs);
        }
    }

    @Override
    public boolean open() {
        return guard.handle().mode() == Mode.CIRCUIT_BREAKER;
    }

    @Override
    public double resistance() {
        return guard.handle().resistance();
    }
}
