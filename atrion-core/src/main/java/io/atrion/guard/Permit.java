package io.atrion.guard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What {@link RouteGuard#tryAcquirePermission(double)} grants: an opaque token for one call.
 * End a granted permit exactly once, with {@link RouteGuard#onSuccess}, {@link RouteGuard#onError},
 * {@link RouteGuard#onResult} or {@link RouteGuard#onThrowable} when the call ended, or with
 * {@link RouteGuard#releasePermission} when the call was never made. Ending it again is refused
 * with an {@link IllegalStateException}; releasing it again does nothing, so a
 * {@code finally { guard.releasePermission(permit); }} is a safe net against a leaked permit.
 *
 * <p>Users cannot create permits. A permit remembers the guard that granted it, and every guard
 * of the instance ends it there. {@link #REJECTED} is the one rejected permit.
 */
public final class Permit {

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(Permit.class, "ended", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The call may not run. Cannot be ended. */
    public static final Permit REJECTED = new Permit(null, -1, 1);

    private final RouteGuard owner;
    /** The guard's token: ProbeGate.ADMITTED_TOKEN, or a probe's sequence and kind; negative when rejected. */
    final long token;
    private volatile int ended;

    private Permit(RouteGuard owner, long token, int ended) {
        this.owner = owner;
        this.token = token;
        this.ended = ended;
    }

    static Permit granted(RouteGuard owner, long token) {
        return new Permit(owner, token, 0);
    }

    /** A permit for a {@link GuardResult}: its call already ended. */
    static Permit spent(RouteGuard owner, long token) {
        return new Permit(owner, token, 1);
    }

    /** True when the call may run (admitted, or as a probe). */
    public boolean granted() {
        return token >= 0;
    }

    /**
     * True when the call runs as the route's probe: the route sheds (breaker open, or R above the
     * caller's voltage), but one call is let through to learn whether the dependency healed.
     */
    public boolean isProbe() {
        return token >= 0 && ProbeGate.isProbe(token);
    }

    /** True once the permit was ended or released (always for {@link #REJECTED}). */
    public boolean isEnded() {
        return ended != 0;
    }

    RouteGuard owner() {
        return owner;
    }

    /** Marks the permit ended; false when it already was. */
    boolean end() {
        return ENDED.compareAndSet(this, 0, 1);
    }

    @Override
    public String toString() {
        if (!granted()) {
            return "Permit[REJECTED]";
        }
        return "Permit[" + (isProbe() ? "PROBE" : "ADMITTED") + " " + owner.routeId()
                + (isEnded() ? ", ended]" : "]");
    }
}
