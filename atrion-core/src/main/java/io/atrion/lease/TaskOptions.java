package io.atrion.lease;

import io.atrion.WorkloadProfile;
import io.atrion.internal.ConfigChecks;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * How to start a lease ({@code Atrion.startTask}): its workload profile, its voltage, how to
 * cancel its work, and optionally a shorter maximum duration. Immutable; build with
 * {@link #builder()}; invalid settings fail at {@link Builder#build()} with a message naming the
 * field.
 *
 * <pre>{@code
 * CompletableFuture<Report> job = CompletableFuture.supplyAsync(() -> render(request), pool);
 * Lease lease = atrion.startTask("reports/render", TaskOptions.builder()
 *         .profile(WorkloadProfile.HEAVY)
 *         .cancel(job)            // completed with LeaseTimeoutException if the lease times out
 *         .build());
 * }</pre>
 *
 * <h2>Cancellation</h2>
 * HEAVY and EXTREME leases (every profile with a heartbeat) need a cancellation hook, one of
 * {@link Builder#onCancel(Runnable)}, {@link Builder#cancel(Future)} (cancelled with interruption)
 * or {@link Builder#cancel(CompletableFuture)} (completed exceptionally with a
 * {@link LeaseTimeoutException}): a lease that times out calls it exactly once, on the instance's
 * lease scheduler thread, never on the caller's.
 */
public final class TaskOptions {

    private static final TaskOptions DEFAULTS = builder().build();

    private final WorkloadProfile profile;
    private final double voltage;
    private final Runnable onCancel;
    private final Future<?> future;
    private final CompletableFuture<?> completable;
    private final long maxDurationMillis;
    private final boolean heartbeatWhileRunning;

    private TaskOptions(Builder b) {
        this.profile = b.profile;
        this.voltage = Double.isNaN(b.voltage) && b.voltageUnset ? Double.NaN
                : ConfigChecks.atLeast("TaskOptions.voltage", b.voltage, 0);
        this.onCancel = b.onCancel;
        this.future = b.future;
        this.completable = b.completable;
        this.maxDurationMillis = b.maxDurationMillis == 0 ? 0
                : ConfigChecks.atLeast("TaskOptions.maxDurationMillis", b.maxDurationMillis, 1L);
        this.heartbeatWhileRunning = b.heartbeatWhileRunning;
        int hooks = (onCancel != null ? 1 : 0) + (future != null ? 1 : 0) + (completable != null ? 1 : 0);
        if (hooks > 1) {
            throw new IllegalArgumentException("TaskOptions.cancellation: give one of onCancel(Runnable), "
                    + "cancel(Future) or cancel(CompletableFuture), got " + hooks);
        }
    }

    /** No profile (the route's), the instance's default voltage, no hook, the profile's max duration. */
    public static TaskOptions defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The profile asked for, or null for the route's own. */
    public WorkloadProfile profile() {
        return profile;
    }

    /** The voltage of the start's admission, or NaN for the instance's default voltage. */
    public double voltage() {
        return voltage;
    }

    /** True when a cancellation hook is set. */
    public boolean hasCancellation() {
        return onCancel != null || future != null || completable != null;
    }

    /** The maximum duration asked for in ms, or 0 for the profile's. */
    public long maxDurationMillis() {
        return maxDurationMillis;
    }

    /** Whether the instance's scheduler heartbeats this lease while it is active (see the builder). */
    public boolean heartbeatWhileRunning() {
        return heartbeatWhileRunning;
    }

    /** Runs the hook (called once, by the scheduler, for a timed-out lease). */
    void cancel(String routeId, long leaseId, String why) {
        if (onCancel != null) {
            onCancel.run();
        } else if (future != null) {
            future.cancel(true);
        } else if (completable != null) {
            completable.completeExceptionally(new LeaseTimeoutException(routeId, leaseId, why));
        }
    }

    @Override
    public String toString() {
        return "TaskOptions{profile=" + (profile == null ? "route's" : profile.name()) + ", voltage="
                + (Double.isNaN(voltage) ? "default" : Double.toString(voltage)) + ", cancellation="
                + (onCancel != null ? "runnable" : future != null ? "future" : completable != null ? "completable" : "none")
                + ", maxDurationMillis=" + (maxDurationMillis == 0 ? "profile's" : Long.toString(maxDurationMillis))
                + ", heartbeatWhileRunning=" + heartbeatWhileRunning + "}";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private WorkloadProfile profile;
        private double voltage = Double.NaN;
        private boolean voltageUnset = true;
        private Runnable onCancel;
        private Future<?> future;
        private CompletableFuture<?> completable;
        private long maxDurationMillis;
        private boolean heartbeatWhileRunning;

        private Builder() {
        }

        /**
         * The lease's profile. Unset, the route's registered profile (STANDARD unless registered).
         * A route without a registered profile takes this one; a route registered with another
         * profile rejects the start.
         */
        public Builder profile(WorkloadProfile profile) {
            this.profile = Objects.requireNonNull(profile, "TaskOptions.profile must not be null");
            return this;
        }

        /** The voltage of the start's admission (finite, ≥ 0); the instance's default unless set. */
        public Builder voltage(double voltage) {
            this.voltage = voltage;
            this.voltageUnset = false;
            return this;
        }

        /** Cancellation hook: run once, on the scheduler thread, when the lease times out. */
        public Builder onCancel(Runnable hook) {
            this.onCancel = Objects.requireNonNull(hook, "TaskOptions.onCancel must not be null");
            return this;
        }

        /** Cancellation hook: {@code future.cancel(true)} when the lease times out. */
        public Builder cancel(Future<?> future) {
            this.future = Objects.requireNonNull(future, "TaskOptions.cancel(Future) must not be null");
            return this;
        }

        /**
         * Cancellation hook: {@code future.completeExceptionally(new LeaseTimeoutException(...))}
         * when the lease times out.
         */
        public Builder cancel(CompletableFuture<?> future) {
            this.completable = Objects.requireNonNull(future, "TaskOptions.cancel(CompletableFuture) must not be null");
            return this;
        }

        /** A maximum duration shorter (or longer) than the profile's, in ms (≥ 1). */
        public Builder maxDurationMillis(long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("TaskOptions.maxDurationMillis must be an integer >= 1, got "
                        + millis);
            }
            this.maxDurationMillis = millis;
            return this;
        }

        /**
         * For work that cannot report progress (a blocking call): the scheduler counts the lease
         * as alive while it is active, so only the maximum duration ends it. Its pace is then the
         * scheduler's cadence, at most the heartbeat interval.
         */
        public Builder heartbeatWhileRunning(boolean on) {
            this.heartbeatWhileRunning = on;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the field out of range
         */
        public TaskOptions build() {
            return new TaskOptions(this);
        }
    }
}
