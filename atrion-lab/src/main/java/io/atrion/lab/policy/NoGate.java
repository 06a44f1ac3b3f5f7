package io.atrion.lab.policy;

import io.atrion.lab.sim.Outcome;

/** No protection: every call is admitted. */
enum NoGate implements Gate {
    INSTANCE;

    @Override
    public Object acquire(long nowMs, double voltage) {
        return Boolean.TRUE;
    }

    @Override
    public void complete(long nowMs, Object token, long durationMs, Outcome outcome) {
    }

    @Override
    public boolean open() {
        return false;
    }
}
