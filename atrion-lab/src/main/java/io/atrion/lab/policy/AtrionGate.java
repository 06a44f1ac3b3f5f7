package io.atrion.lab.policy;

import io.atrion.Mode;
import io.atrion.guard.Permit;
import io.atrion.guard.RouteGuard;
import io.atrion.lab.sim.Outcome;

/**
 * Atrion through its guard layer ({@link RouteGuard}), the way a Java service uses it: the permit
 * API at call start ({@code tryAcquirePermission(voltage)}, one physics update with the guard's
 * own latency and error averages and its in-flight count as saturation) and {@code onSuccess} /
 * {@code onError} at call end (a timeout is an error). The guard's probe rule is what lets an
 * open breaker heal. The token is the guard's own permit. Only {@link AtrionPolicy} makes these.
 */
final class AtrionGate implements Gate {

    private final AtrionPolicy policy;
    private final RouteGuard guard;

    AtrionGate(AtrionPolicy policy, RouteGuard guard) {
        this.policy = policy;
        this.guard = guard;
    }

    @Override
    public Object acquire(long nowMs, double voltage) {
        policy.setTime(nowMs);
        Permit p = guard.tryAcquirePermission(voltage);
        return p == Permit.REJECTED ? null : p;
    }

    @Override
    public void complete(long nowMs, Object token, long durationMs, Outcome outcome) {
        policy.setTime(nowMs);
        Permit p = (Permit) token;
        if (outcome == Outcome.SUCCESS) {
            guard.onSuccess(p, durationMs);
        } else {
            guard.onError(p, durationMs);
        }
    }

    @Override
    public boolean isProbe(Object token) {
        return token == Permit.PROBE;
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
