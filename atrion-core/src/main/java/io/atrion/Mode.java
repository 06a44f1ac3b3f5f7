package io.atrion;

/** The state of a route's mode machine (SPEC.md §2.6). */
public enum Mode {
    /** A new route warming up: R is held at 1.2·R_base for the first N updates. */
    BOOTSTRAP,
    /** Full physics; requests flow while their voltage beats R. */
    OPERATIONAL,
    /** The breaker is open: every request is rejected while the physics keeps running. */
    CIRCUIT_BREAKER;

    private static final Mode[] VALUES = values();

    /** The mode with this {@link #ordinal()}; engines store modes as small integers. */
    public static Mode ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
