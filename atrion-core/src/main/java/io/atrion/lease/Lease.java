package io.atrion.lease;

import io.atrion.MillisClock;
import io.atrion.WorkloadProfile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;

/**
 * A unit of long-running work on a route, granted by {@code Atrion.startTask} (SPEC.md §4). Hold
 * it while the work runs, {@link #heartbeat(double) heartbeat} as the work progresses, and end it
 * exactly once with {@link #release(LeaseOutcome)}; closing it without an outcome counts as
 * {@link LeaseOutcome#ABORTED}, so try-with-resources never leaks one:
 *
 * <pre>{@code
 * try (Lease lease = atrion.startTask("reports/render", options)) {
 *     for (Page p : pages) {
 *         render(p);
 *         lease.heartbeat(p.number() / (double) pages.size());
 *     }
 *     lease.release(LeaseOutcome.COMPLETED);
 * } catch (RenderException e) {
 *     // the lease was closed first: already ABORTED; release FAILED inside the try to scar the route
 * }
 * }</pre>
 *
 * <h2>Timeouts</h2>
 * A lease older than its maximum duration, or (for profiles with a heartbeat) whose last heartbeat
 * is older than three intervals, is ended as {@link LeaseOutcome#TIMEOUT} by the instance's lease
 * scheduler, which then calls the cancellation hook exactly once, on its own thread. Whichever
 * comes first — the holder's release or the timeout — ends the lease; the other finds it ended
 * ({@link #release} returns false, {@link #heartbeat} returns false, so a worker learns it was
 * timed out).
 *
 * <h2>What the physics sees</h2>
 * Starting decides on the route's current state at the lease's voltage (not an update). Ending
 * records one update of the route with the lease's <em>pace</em> as its latency — the longest
 * silence between signs of life (the start, each heartbeat, the end), which for a profile without
 * heartbeats is the whole duration — against the profile's latency baseline, and neutral error
 * and saturation (each at its baseline); then {@link LeaseOutcome#scarSigmas()} times the route's
 * σ is added to its scar at once. A 25-minute EXTREME job that heartbeats every 10 s has a pace
 * of 10 s against a 60 s baseline: no stress.
 *
 * <p>Thread-safe. {@link #heartbeat} allocates nothing.
 */
public final class Lease implements AutoCloseable {

    private static final VarHandle STATE;
    private static final VarHandle LAST_BEAT;
    private static final VarHandle MAX_GAP;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Lease.class, "state", int.class);
            LAST_BEAT = l.findVarHandle(Lease.class, "lastBeatMillis", long.class);
            MAX_GAP = l.findVarHandle(Lease.class, "maxGapMillis", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int ACTIVE = 0;
    static final int ENDED = 1;

    private final Leases owner;
    private final MillisClock clock;
    private final long id;
    private final String routeId;
    private final WorkloadProfile profile;
    private final TaskOptions options;
    private final double voltage;
    private final long startedMillis;
    private final long maxDurationMillis;
    private final long heartbeatIntervalMillis;

    private volatile int state;
    private volatile long lastBeatMillis;
    private volatile long maxGapMillis;
    private volatile double progress;
    private volatile LeaseOutcome outcome;
    private volatile long endedMillis;

    // Scheduler thread only.
    int reportedMisses;
    long lastBeatSeen;

    Lease(Leases owner, MillisClock clock, long id, String routeId, WorkloadProfile profile, TaskOptions options,
          double voltage, long startedMillis, long maxDurationMillis) {
        this.owner = owner;
        this.clock = clock;
        this.id = id;
        this.routeId = routeId;
        this.profile = profile;
        this.options = options;
        this.voltage = voltage;
        this.startedMillis = startedMillis;
        this.maxDurationMillis = maxDurationMillis;
        this.heartbeatIntervalMillis = profile.heartbeatIntervalMillis();
        this.lastBeatMillis = startedMillis;
        this.lastBeatSeen = startedMillis;
    }

    /**
     * A sign of life with the work's progress, conventionally in [0, 1]. Allocation-free.
     *
     * @return true while the lease is active; false once it ended (released, or timed out: stop the work)
     * @throws IllegalArgumentException when {@code progress} is NaN or infinite
     */
    public boolean heartbeat(double progress) {
        if (!Double.isFinite(progress)) {
            throw new IllegalArgumentException("progress must be a finite number, got " + progress);
        }
        if (state != ACTIVE) {
            return false;
        }
        this.progress = progress;
        beat(clock.millis());
        return state == ACTIVE;
    }

    /** A sign of life without a progress figure; see {@link #heartbeat(double)}. */
    public boolean heartbeat() {
        if (state != ACTIVE) {
            return false;
        }
        beat(clock.millis());
        return state == ACTIVE;
    }

    /** Records a beat at {@code now}: the gap since the previous one may raise the pace. */
    void beat(long now) {
        long previous = (long) LAST_BEAT.getAndSet(this, now);
        long gap = now - previous;
        long max;
        // A CAS loop rather than a lock: beats from several threads each raise the maximum at most once.
        while (gap > (max = maxGapMillis)) {
            if (MAX_GAP.compareAndSet(this, max, gap)) {
                break;
            }
        }
    }

    /**
     * Ends the lease with {@code outcome} (COMPLETED, FAILED or ABORTED): the route's physics
     * records it (see the class comment). Safe in a {@code finally}: a lease that already ended
     * (released, or timed out) is left as it is.
     *
     * @return true when this call ended the lease, false when it had already ended
     * @throws IllegalArgumentException when {@code outcome} is null or TIMEOUT (only Atrion times out)
     */
    public boolean release(LeaseOutcome outcome) {
        if (outcome == null || outcome == LeaseOutcome.TIMEOUT) {
            throw new IllegalArgumentException("outcome must be COMPLETED, FAILED or ABORTED, got " + outcome);
        }
        if (!STATE.compareAndSet(this, ACTIVE, ENDED)) {
            return false;
        }
        owner.ended(this, outcome, clock.millis());
        return true;
    }

    /** Ends the lease as ABORTED unless it already ended. */
    @Override
    public void close() {
        if (state == ACTIVE) {
            release(LeaseOutcome.ABORTED);
        }
    }

    /** The scheduler's side of the race with {@link #release}: true when the timeout won. */
    boolean claimTimeout() {
        return STATE.compareAndSet(this, ACTIVE, ENDED);
    }

    void markEnded(LeaseOutcome o, long now) {
        this.endedMillis = now;
        this.outcome = o;
    }

    /** Runs the cancellation hook; the scheduler calls it once, for a lease whose timeout it claimed. */
    void cancel(String why) {
        options.cancel(routeId, id, why);
    }

    /** Time left before the maximum duration, in ms (0 once past it or ended). */
    public long remainingMillis() {
        if (state != ACTIVE) {
            return 0;
        }
        return Math.max(0L, maxDurationMillis - Math.max(0L, clock.millis() - startedMillis));
    }

    /** {@link #remainingMillis()} as a {@link Duration}. */
    public Duration remaining() {
        return Duration.ofMillis(remainingMillis());
    }

    /** The last progress a heartbeat reported; 0 before any. */
    public double progress() {
        return progress;
    }

    /** True until the lease is released or times out. */
    public boolean isActive() {
        return state == ACTIVE;
    }

    /** How the lease ended, or empty while it is active. */
    public Optional<LeaseOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** The lease's id, unique per instance. */
    public long id() {
        return id;
    }

    /** The route. */
    public String routeId() {
        return routeId;
    }

    /** The lease's workload profile. */
    public WorkloadProfile profile() {
        return profile;
    }

    /** The voltage it was admitted with. */
    public double voltage() {
        return voltage;
    }

    /** When it started, on the instance's clock. */
    public long startedMillis() {
        return startedMillis;
    }

    /** When it ended, on the instance's clock; 0 while active. */
    public long endedMillis() {
        return endedMillis;
    }

    /** Its maximum duration in ms (the profile's, unless the options gave another). */
    public long maxDurationMillis() {
        return maxDurationMillis;
    }

    /** The heartbeat interval in ms, 0 when the profile needs none. */
    public long heartbeatIntervalMillis() {
        return heartbeatIntervalMillis;
    }

    /** The time of the last sign of life (the start or the last heartbeat). */
    public long lastHeartbeatMillis() {
        return lastBeatMillis;
    }

    /** The pace so far: the longest silence between signs of life, up to {@code nowMillis}. */
    public long paceMillis(long nowMillis) {
        return Math.max(maxGapMillis, Math.max(0L, nowMillis - lastBeatMillis));
    }

    boolean heartbeatsWhileRunning() {
        return options.heartbeatWhileRunning();
    }

    @Override
    public String toString() {
        return "Lease[" + id + ", " + routeId + ", " + profile.name() + (state == ACTIVE ? ", active" : ", " + outcome)
                + "]";
    }
}
