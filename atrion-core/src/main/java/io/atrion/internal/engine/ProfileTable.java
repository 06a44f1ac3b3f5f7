package io.atrion.internal.engine;

import io.atrion.WorkloadProfile;
import io.atrion.internal.physics.Physics;
import java.util.HashMap;
import java.util.Map;

/**
 * The workload profiles (SPEC.md §4) an engine knows, as a small table of derived parameters
 * indexed by a profile number, and which route has which profile.
 *
 * <p>Entry 0 is STANDARD: the instance's SLO latency baseline and σ·1.0, the very doubles the
 * engines used before profiles existed, so STANDARD routes compute the same bits. The FAST engine
 * keeps a route's profile number in its row and reads entry 0 from its own final fields; other
 * entries come from the arrays below, which are replaced (never mutated) when a profile is added,
 * so a reader without a lock sees a complete array through the volatile field.
 *
 * <p>Assignments are looked up when a route is created (the slow path) and applied to existing
 * routes by the engine under the route's lock. At most {@value #MAX_PROFILES} distinct profiles.
 *
 * <p>Internal: not part of the public API.
 */
public final class ProfileTable {

    /** Profile numbers fit in 16 bits of the FAST engine's mode word. */
    public static final int MAX_PROFILES = 1 << 16;

    private final double sloLatencyBaseline;
    private final double scarFactor;
    private volatile WorkloadProfile[] profiles;
    private volatile double[] latencyBaselines;
    private volatile double[] scarFactors;
    /** Guarded by this. */
    private final Map<String, Integer> assigned = new HashMap<>();
    private volatile boolean anyAssigned;

    ProfileTable(double sloLatencyBaseline, double scarFactor) {
        this.sloLatencyBaseline = sloLatencyBaseline;
        this.scarFactor = scarFactor;
        this.profiles = new WorkloadProfile[] {WorkloadProfile.STANDARD};
        this.latencyBaselines = new double[] {sloLatencyBaseline};
        this.scarFactors = new double[] {Physics.profileScarFactor(scarFactor, WorkloadProfile.STANDARD.scarMultiplier())};
    }

    /** The number of {@code profile}, added to the table when new. */
    public synchronized int indexOf(WorkloadProfile profile) {
        WorkloadProfile[] p = profiles;
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(profile)) {
                return i;
            }
        }
        if (p.length == MAX_PROFILES) {
            throw new IllegalStateException("too many workload profiles: " + MAX_PROFILES);
        }
        int i = p.length;
        WorkloadProfile[] grownProfiles = java.util.Arrays.copyOf(p, i + 1);
        grownProfiles[i] = profile;
        double[] baselines = java.util.Arrays.copyOf(latencyBaselines, i + 1);
        baselines[i] = profile.usesSloBaseline() ? sloLatencyBaseline : profile.latencyBaselineMs();
        double[] sigmas = java.util.Arrays.copyOf(scarFactors, i + 1);
        sigmas[i] = Physics.profileScarFactor(scarFactor, profile.scarMultiplier());
        latencyBaselines = baselines;
        scarFactors = sigmas;
        profiles = grownProfiles; // last: an index read from here finds both arrays grown
        return i;
    }

    /** Gives {@code routeId} the profile; returns its number. The engine re-profiles a live route. */
    public synchronized int assign(String routeId, WorkloadProfile profile) {
        int i = indexOf(profile);
        assigned.put(routeId, i);
        anyAssigned = true;
        return i;
    }

    /** The profile number a route created now gets: its assignment, else 0 (STANDARD). */
    public int indexFor(String routeId) {
        if (!anyAssigned) {
            return 0;
        }
        synchronized (this) {
            Integer i = assigned.get(routeId);
            return i == null ? 0 : i;
        }
    }

    /** The route's assigned profile, or null when none was assigned (STANDARD). */
    public synchronized WorkloadProfile assignedProfile(String routeId) {
        Integer i = assigned.get(routeId);
        return i == null ? null : profiles[i];
    }

    /** The profile of number {@code index}. */
    public WorkloadProfile profile(int index) {
        return profiles[index];
    }

    /** Latency baseline of profile {@code index}, in ms. */
    public double latencyBaseline(int index) {
        return latencyBaselines[index];
    }

    /** σ of profile {@code index}: σ·multiplier. */
    public double scarFactor(int index) {
        return scarFactors[index];
    }
}
