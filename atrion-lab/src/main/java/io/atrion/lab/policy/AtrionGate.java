package io.atrion.lab.policy;

import io.atrion.Mode;
import io.atrion.guard.Permit;
import io.atrion.guard.RouteGuard;
import io.atrion.lab.sim.Outcome;

/**
 * Atrion through its guard layer ({@link RouteGuard}), the way a Java service uses it: the permit
 * API at call start ({@code tryAcquirePermission(voltage)}) and {@code onSuccess} /
 * {@code onError} at call end (a timeout is an error). The guard decides when an admission is
 * also a physics update (on fresh evidence, at most one per update interval) and when a
 * rejected call goes through as a probe of an open breaker. The token is the guard's own
 * {@link Permit}, which ends exactly once. Only {@link AtrionPolicy} makes these.
 */
public final class AtrionGate implements Gate {

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
        return p.granted() ? p : null;
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
        return ((Permit) token).isProbe();
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
