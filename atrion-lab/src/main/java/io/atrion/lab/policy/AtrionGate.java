package io.atrion.lab.policy;

import io.atrion.Atrion;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.guard.Permit;
import io.atrion.guard.RouteGuard;
import java.util.ArrayDeque;

/**
 * Atrion through its guard layer ({@link RouteGuard}), the way a Java service uses it: the permit
 * API at call start ({@code tryAcquirePermission(voltage)}, one physics update with the guard's
 * own latency and error averages and its in-flight count as saturation) and {@code onSuccess} /
 * {@code onError} at call end. The guard's probe rule is what lets an open breaker heal.
 */
public final class AtrionGate implements Gate {

    private final ManualClock clock;
    private final RouteGuard guard;
    /** Permits of calls in flight; the simulator's token says only which kind ends. */
    private final ArrayDeque<Permit> admitted = new ArrayDeque<>();
    private final ArrayDeque<Permit> probes = new ArrayDeque<>();

    AtrionGate(Atrion atrion, ManualClock clock, String route) {
        this(atrion.guard(route), clock);
    }

    /** A gate over {@code guard}, whose instance reads {@code clock}; the gate sets it to simulated time. */
    public AtrionGate(RouteGuard guard, ManualClock clock) {
        this.clock = clock;
        this.guard = guard;
    }

    @Override
    public int acquire(long nowMs, double voltage) {
        clock.set(SimClock.EPOCH_MS + nowMs);
        Permit p = guard.tryAcquirePermission(voltage);
        if (!p.granted()) {
            return SHED;
        }
        (p.isProbe() ? probes : admitted).addLast(p);
        return p.isProbe() ? PROBE : ADMITTED;
    }

    @Override
    public void complete(long nowMs, int token, long durationMs, boolean success) {
        clock.set(SimClock.EPOCH_MS + nowMs);
        // Admitted permits are interchangeable; probes end in start order (one runs at a time).
        Permit p = (token == PROBE ? probes : admitted).pollFirst();
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
