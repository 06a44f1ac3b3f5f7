package io.atrion;

import io.atrion.internal.ConfigChecks;

/**
 * Construction-time validation with messages that name the field and its allowed range. The
 * checks themselves live in {@link ConfigChecks}, which the guard package uses too.
 */
final class Checks {

    private Checks() {
    }

    static double atLeast(String field, double value, double min) {
        return ConfigChecks.atLeast(field, value, min);
    }

    static double greaterThan(String field, double value, double min) {
        return ConfigChecks.greaterThan(field, value, min);
    }

    static double between(String field, double value, double min, double max) {
        return ConfigChecks.between(field, value, min, max);
    }

    static int atLeast(String field, int value, int min) {
        return ConfigChecks.atLeast(field, value, min);
    }
}
