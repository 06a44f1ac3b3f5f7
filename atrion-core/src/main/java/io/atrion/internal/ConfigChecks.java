package io.atrion.internal;

/**
 * Construction-time validation shared by every configuration type of the library (the physics,
 * SLO and tuner configs through {@code io.atrion.Checks}, and {@code GuardConfig}), so that every
 * message has one shape: the field, its allowed range, the value given.
 *
 * <p>Internal: not part of the public API.
 */
public final class ConfigChecks {

    private ConfigChecks() {
    }

    /** {@code value}, or an {@link IllegalArgumentException} unless it is finite and ≥ {@code min}. */
    public static double atLeast(String field, double value, double min) {
        if (!Double.isFinite(value) || value < min) {
            throw new IllegalArgumentException(field + " must be a finite number >= " + fmt(min) + ", got " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} unless it is finite and &gt; {@code min}. */
    public static double greaterThan(String field, double value, double min) {
        if (!Double.isFinite(value) || value <= min) {
            throw new IllegalArgumentException(field + " must be a finite number > " + fmt(min) + ", got " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} unless it is finite and in [min, max]. */
    public static double between(String field, double value, double min, double max) {
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be a finite number in [" + fmt(min) + ", " + fmt(max) + "], got " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} unless it is ≥ {@code min}. */
    public static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be an integer >= " + min + ", got " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} unless it is ≥ {@code min}. */
    public static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be an integer >= " + min + ", got " + value);
        }
        return value;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
