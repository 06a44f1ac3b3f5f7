package io.atrion.lab.policy;

import io.atrion.lab.sim.Call;

/** One instance of a policy for one run: makes the gate of each protected call. */
@FunctionalInterface
public interface Policy {

    /** The gate in front of {@code call}; called once per protected call. */
    Gate gate(Call call);
}
