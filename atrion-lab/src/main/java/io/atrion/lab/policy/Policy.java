package io.atrion.lab.policy;

import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Tier;
import io.atrion.lab.sim.VirtualTime;

/** One instance of a policy for one run: makes the gates of the protected calls. */
@FunctionalInterface
public interface Policy {

    /**
     * The gate in front of {@code call} for requests of {@code endpoint}; called once per
     * protected call and endpoint before the run starts. A policy that does not tell endpoints
     * apart returns the same gate for every endpoint of a call.
     */
    Gate gate(Call call, String endpoint);

    /** The volts this policy's requests of {@code tier} carry (named tiers resolved for its configuration). */
    default double voltage(Tier tier) {
        return tier.voltage();
    }

    /**
     * Called once before the run starts, after every gate was made: a policy with work between
     * calls (sharing state across a fleet) schedules it here. Default: nothing.
     */
    default void start(VirtualTime time) {
    }
}
