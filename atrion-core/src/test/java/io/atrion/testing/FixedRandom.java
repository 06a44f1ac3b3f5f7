package io.atrion.testing;

import java.util.random.RandomGenerator;

/** A random source whose {@link #nextDouble()} returns a value the test sets; every other draw fails. */
public final class FixedRandom implements RandomGenerator {

    private double next;
    private int draws;

    public FixedRandom(double first) {
        this.next = first;
    }

    /** The value the next {@link #nextDouble()} returns, in [0, 1). */
    public FixedRandom set(double u) {
        this.next = u;
        return this;
    }

    /** How many times {@link #nextDouble()} was called. */
    public int draws() {
        return draws;
    }

    @Override
    public double nextDouble() {
        draws++;
        return next;
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("only nextDouble() is scripted");
    }
}
