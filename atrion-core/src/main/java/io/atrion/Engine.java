package io.atrion;

import java.util.Locale;

/**
 * Which implementation of the physics an {@link Atrion} instance runs (SPEC.md §7). Both give
 * the same doubles for the same inputs.
 */
public enum Engine {
    /** Let Atrion choose: the fastest engine available. */
    AUTO,
    /** The data-oriented, allocation-free engine. */
    FAST,
    /** The readable engine, one object per route, written to be checked against SPEC.md. */
    REFERENCE;

    /** Environment variable consulted when the builder does not choose an engine. */
    public static final String ENVIRONMENT_VARIABLE = "ATRION_ENGINE";

    /**
     * Parses {@code auto}, {@code fast} or {@code reference} (case-insensitive).
     *
     * @throws IllegalArgumentException for anything else, naming the accepted values
     */
    public static Engine parse(String text) {
        if (text != null) {
            String t = text.trim().toUpperCase(Locale.ROOT);
            for (Engine e : values()) {
                if (e.name().equals(t)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("unknown engine '" + text + "': expected auto, fast or reference");
    }
}
