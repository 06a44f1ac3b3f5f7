package io.atrion;

/** Construction-time validation with messages that name the field and its allowed range. */
final class Checks {

    private Checks() {
    }

    static double atLeast(String field, double value, double min) {
        if (!Double.isFinite(value) || value < min) {
            throw new IllegalArgumentException(field + " must be a finite number >= " + fmt(min) + ", got " + value);
        }
        return value;
    }

    static double greaterThan(String field, double value, double min) {
        if (!Double.isFinite(value) || value <= min) {
            throw new IllegalArgumentException(field + " must be a finite number > " + fmt(min) + ", got " + value);
        }
        return value;
    }

    static double between(String field, double value, double min, double max) {
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be a finite number in [" + fmt(min) + ", " + fmt(max) + "], got " + value);
        }
        return value;
    }

    static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be an integer >= " + min + ", got " + value);
        }
        return value;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
