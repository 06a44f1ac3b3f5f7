package io.atrion.internal;

/**
 * Construction-time validation, the one helper of every configuration type of the library
 * ({@code PhysicsConfig}, {@code Slo}, {@code AutoTunerConfig}, {@code GuardConfig} and the
 * {@code Atrion} builder), so that every message has one shape: the field (as
 * {@code Type.field}), its allowed range, the value given. {@code ConfigKeys} and the Spring
 * Boot starter rely on that shape to name the dotted key or property instead.
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
