package io.atrion.internal.engine;

import io.atrion.Reason;
import io.atrion.RouteHandle;

/**
 * The two calls a route guard makes on its route, with one more argument: whether the guard has
 * reserved its probe for this request. When it has, and the physics rejects the request because
 * the breaker is open or V ≤ R, the guard lets the request through as its probe, so the decision
 * counters count it as admitted and as a probe instead of as a rejection. Both happen under the
 * route's lock, so a reader of the counters never sees the rejection and then its correction (the
 * counters stay monotonic, as the Micrometer binder's counters must).
 *
 * <p>Both engines' handles implement this. Internal: not part of the public API.
 */
public interface ProbeCountingHandle extends RouteHandle {

    /** {@link RouteHandle#update}; the reason ordinal of the physics' decision. */
    int update(double latencyMs, double errorRate, double saturation, double voltage, boolean probe);

    /** {@link RouteHandle#decide}; the reason ordinal of the physics' decision. */
    int decide(double voltage, boolean probe);

    /** Whether a rejection for this reason ordinal becomes a probe when one is reserved. */
    static boolean probeable(int reason) {
        return reason == Reason.CIRCUIT_OPEN.ordinal() || reason == Reason.INSUFFICIENT_VOLTAGE.ordinal();
    }
}
