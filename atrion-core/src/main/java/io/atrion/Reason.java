package io.atrion;

/** Why a request was admitted or rejected (SPEC.md §2.8, §2.9). */
public enum Reason {
    /** Admitted: the route is not in CIRCUIT_BREAKER and V &gt; R. */
    OK("ok"),
    /** Rejected: the route is in CIRCUIT_BREAKER. */
    CIRCUIT_OPEN("circuit open"),
    /** Rejected: the voltage does not beat the resistance (V ≤ R). */
    INSUFFICIENT_VOLTAGE("insufficient voltage"),
    /** Rejected: the voltage was NaN, infinite or negative. The route's state was still updated. */
    INVALID_VOLTAGE("invalid voltage");

    private static final Reason[] VALUES = values();

    private final String text;

    Reason(String text) {
        this.text = text;
    }

    /** A short lower-case description, e.g. {@code "circuit open"}. */
    public String text() {
        return text;
    }

    /** The reason with this {@link #ordinal()}. */
    public static Reason ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
