package io.atrion;

import io.atrion.internal.ConfigChecks;
import java.util.Objects;

/**
 * What "normal" means for the calls of a route, from a 10 ms health check to an hour-long batch
 * job (SPEC.md §4). A route's profile sets its latency baseline (pressure is deviation from what
 * the route is expected to do, not absolute time) and multiplies its scar factor σ; a lease
 * ({@link Atrion#startTask}) on the route gets its maximum duration and heartbeat interval.
 *
 * <table>
 *   <caption>The built-in profiles (SPEC §4)</caption>
 *   <tr><th>profile</th><th>latency baseline</th><th>max duration</th><th>heartbeat</th><th>scar multiplier</th></tr>
 *   <tr><td>{@link #LIGHT}</td><td>10 ms</td><td>1 s</td><td>none</td><td>2.0</td></tr>
 *   <tr><td>{@link #STANDARD} (default)</td><td>the instance's {@link Slo} (100 ms by default)</td><td>30 s</td>
 *       <td>none</td><td>1.0</td></tr>
 *   <tr><td>{@link #HEAVY}</td><td>5 s</td><td>5 min</td><td>every 5 s</td><td>0.5</td></tr>
 *   <tr><td>{@link #EXTREME}</td><td>60 s</td><td>1 h</td><td>every 10 s</td><td>0.2</td></tr>
 * </table>
 *
 * <p>A route without a profile is STANDARD, and a STANDARD route is measured against the
 * instance's SLO exactly as before profiles existed (its σ is σ·1.0, the same double): its physics
 * does not change. Profiles with a heartbeat interval are long-running: their leases need a
 * cancellation hook and time out when no heartbeat came for three intervals.
 *
 * <p>Immutable; equal when every setting is equal (the name included).
 */
public final class WorkloadProfile {

    /** Health checks and cache reads: 10 ms baseline, 1 s max, no heartbeat, scar ×2. */
    public static final WorkloadProfile LIGHT = new WorkloadProfile("LIGHT", 10, 1_000, 0, 2.0, false);
    /** The default: the instance's SLO baseline (100 ms by default), 30 s max, no heartbeat, scar ×1. */
    public static final WorkloadProfile STANDARD = new WorkloadProfile("STANDARD", 100, 30_000, 0, 1.0, true);
    /** Reports, transcoding: 5 s baseline, 5 min max, heartbeat every 5 s, scar ×0.5. */
    public static final WorkloadProfile HEAVY = new WorkloadProfile("HEAVY", 5_000, 300_000, 5_000, 0.5, false);
    /** Batch imports, training: 60 s baseline, 1 h max, heartbeat every 10 s, scar ×0.2. */
    public static final WorkloadProfile EXTREME = new WorkloadProfile("EXTREME", 60_000, 3_600_000, 10_000, 0.2,
            false);

    private final String name;
    private final double latencyBaselineMs;
    private final long maxDurationMillis;
    private final long heartbeatIntervalMillis;
    private final double scarMultiplier;
    private final boolean sloBaseline;

    private WorkloadProfile(String name, double latencyBaselineMs, long maxDurationMillis,
                            long heartbeatIntervalMillis, double scarMultiplier, boolean sloBaseline) {
        this.name = name;
        this.latencyBaselineMs = latencyBaselineMs;
        this.maxDurationMillis = maxDurationMillis;
        this.heartbeatIntervalMillis = heartbeatIntervalMillis;
        this.scarMultiplier = scarMultiplier;
        this.sloBaseline = sloBaseline;
    }

    /**
     * A profile of your own.
     *
     * @param name                    a label for metrics and events (non-empty; not one of the built-in names)
     * @param latencyBaselineMs       latency that counts as normal, in ms (finite, &gt; 0)
     * @param maxDurationMillis       a lease's longest life, in ms (≥ 1)
     * @param heartbeatIntervalMillis how often a lease must beat, in ms (≥ 1), or 0 for no heartbeat
     * @param scarMultiplier          σ of the route is multiplied by this (finite, ≥ 0)
     * @throws IllegalArgumentException naming the field out of range
     */
    public static WorkloadProfile custom(String name, double latencyBaselineMs, long maxDurationMillis,
                                         long heartbeatIntervalMillis, double scarMultiplier) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("WorkloadProfile.name must be a non-empty string, got "
                    + (name == null ? "null" : "\"\""));
        }
        for (WorkloadProfile builtIn : new WorkloadProfile[] {LIGHT, STANDARD, HEAVY, EXTREME}) {
            if (builtIn.name.equals(name)) {
                throw new IllegalArgumentException("WorkloadProfile.name " + name + " is a built-in profile's name");
            }
        }
        ConfigChecks.greaterThan("WorkloadProfile.latencyBaselineMs", latencyBaselineMs, 0);
        ConfigChecks.atLeast("WorkloadProfile.maxDurationMillis", maxDurationMillis, 1L);
        ConfigChecks.atLeast("WorkloadProfile.heartbeatIntervalMillis", heartbeatIntervalMillis, 0L);
        ConfigChecks.atLeast("WorkloadProfile.scarMultiplier", scarMultiplier, 0);
        return new WorkloadProfile(name, latencyBaselineMs, maxDurationMillis, heartbeatIntervalMillis,
                scarMultiplier, false);
    }

    /** The profile's name: LIGHT, STANDARD, HEAVY, EXTREME or a custom one's. */
    public String name() {
        return name;
    }

    /**
     * The latency baseline in ms: 10, 100, 5,000, 60,000 or the custom value. For STANDARD this is
     * the SPEC's default; a STANDARD route is measured against the instance's SLO
     * ({@link #usesSloBaseline()}).
     */
    public double latencyBaselineMs() {
        return latencyBaselineMs;
    }

    /** True for STANDARD only: its routes use the instance's {@link Slo#baselineLatencyMs()}. */
    public boolean usesSloBaseline() {
        return sloBaseline;
    }

    /** The latency baseline a route of this profile has under {@code slo}. */
    public double latencyBaselineMs(Slo slo) {
        return sloBaseline ? slo.baselineLatencyMs() : latencyBaselineMs;
    }

    /** A lease's maximum duration in ms; past it the lease ends as a timeout. */
    public long maxDurationMillis() {
        return maxDurationMillis;
    }

    /** How often a lease must heartbeat, in ms; 0 = no heartbeat required. */
    public long heartbeatIntervalMillis() {
        return heartbeatIntervalMillis;
    }

    /** True when leases must heartbeat (HEAVY, EXTREME, custom with an interval). */
    public boolean requiresHeartbeat() {
        return heartbeatIntervalMillis > 0;
    }

    /**
     * True when a lease must carry a cancellation hook: the long-running profiles, those with a
     * heartbeat (HEAVY, EXTREME, a custom profile with an interval).
     */
    public boolean requiresCancellation() {
        return heartbeatIntervalMillis > 0;
    }

    /** The factor applied to σ for routes of this profile. */
    public double scarMultiplier() {
        return scarMultiplier;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WorkloadProfile)) {
            return false;
        }
        WorkloadProfile p = (WorkloadProfile) o;
        return name.equals(p.name) && Double.compare(latencyBaselineMs, p.latencyBaselineMs) == 0
                && maxDurationMillis == p.maxDurationMillis && heartbeatIntervalMillis == p.heartbeatIntervalMillis
                && Double.compare(scarMultiplier, p.scarMultiplier) == 0 && sloBaseline == p.sloBaseline;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, latencyBaselineMs, maxDurationMillis, heartbeatIntervalMillis, scarMultiplier);
    }

    @Override
    public String toString() {
        return name + "{latencyBaselineMs=" + (sloBaseline ? "slo" : Double.toString(latencyBaselineMs))
                + ", maxDurationMillis=" + maxDurationMillis + ", heartbeatIntervalMillis=" + heartbeatIntervalMillis
                + ", scarMultiplier=" + scarMultiplier + "}";
    }
}
