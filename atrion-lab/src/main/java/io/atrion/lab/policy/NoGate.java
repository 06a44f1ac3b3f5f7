package io.atrion.lab.policy;

/** No protection: every call is admitted. */
enum NoGate implements Gate {
    INSTANCE;

    @Override
    public int acquire(long nowMs, double voltage) {
        return ADMITTED;
    }

    @Override
    public void complete(long nowMs, int token, long durationMs, boolean success) {
    }

    @Override
    public boolean open() {
        return false;
    }

    @Override
    public double resistance() {
        return Double.NaN;
    }
}
