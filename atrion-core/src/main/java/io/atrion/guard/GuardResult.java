package io.atrion.guard;

import io.atrion.RouteDecision;
import java.util.Optional;

/**
 * The outcome of {@link RouteGuard#tryCall}: rejected (with the decision), succeeded (with the
 * value) or failed (with what the call threw). Never thrown, never null.
 *
 * @param <T> the call's result type
 */
public final class GuardResult<T> {

    private final Permit permit;
    private final T value;
    private final Throwable failure;
    private final RouteDecision rejection;

    private GuardResult(Permit permit, T value, Throwable failure, RouteDecision rejection) {
        this.permit = permit;
        this.value = value;
        this.failure = failure;
        this.rejection = rejection;
    }

    static <T> GuardResult<T> rejected(RouteDecision decision) {
        return new GuardResult<>(Permit.REJECTED, null, null, decision);
    }

    static <T> GuardResult<T> succeeded(Permit permit, T value) {
        return new GuardResult<>(permit, value, null, null);
    }

    static <T> GuardResult<T> failed(Permit permit, Throwable failure) {
        return new GuardResult<>(permit, null, failure, null);
    }

    /** {@link Permit#REJECTED}, or the (ended) permit the call ran with. */
    public Permit permit() {
        return permit;
    }

    /** True when the call ran as the route's probe (see {@link Permit#isProbe()}). */
    public boolean isProbe() {
        return permit.isProbe();
    }

    /** True when the call did not run. */
    public boolean isRejected() {
        return permit == Permit.REJECTED;
    }

    /** True when the call ran and returned. */
    public boolean isSuccess() {
        return permit != Permit.REJECTED && failure == null;
    }

    /** The rejecting decision, when rejected. */
    public Optional<RouteDecision> rejection() {
        return Optional.ofNullable(rejection);
    }

    /** What the call returned (may be null), when it succeeded. */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /** What the call threw, when it failed. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * The value; or throws: {@link AtrionRejectedException} when rejected, the call's exception
     * (wrapped in a {@link RuntimeException} when checked) when it failed.
     */
    public T getOrThrow() {
        if (rejection != null) {
            throw new AtrionRejectedException(rejection);
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new RuntimeException(failure);
        }
        return value;
    }

    @Override
    public String toString() {
        if (rejection != null) {
            return "GuardResult[rejected: " + rejection.reason() + "]";
        }
        return failure != null ? "GuardResult[" + permit + ", failed: " + failure + "]"
                : "GuardResult[" + permit + ", value: " + value + "]";
    }
}
