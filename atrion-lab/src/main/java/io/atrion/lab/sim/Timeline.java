package io.atrion.lab.sim;

import java.util.Arrays;

/**
 * A number that follows a script over simulated time: keyframes joined by straight lines, held
 * flat before the first and after the last. Immutable.
 *
 * <pre>{@code
 * Timeline errors = Timeline.starting(0.005)   // 0.5 % from t = 0
 *         .hold(30)                            // ... until 30 s
 *         .rampTo(45, 0.60)                    // rising linearly to 60 % at 45 s
 *         .jumpTo(75, 0.05);                   // a step at 75 s
 * }</pre>
 */
public final class Timeline {

    private final long[] atMs;
    private final double[] values;

    private Timeline(long[] atMs, double[] values) {
        this.atMs = atMs;
        this.values = values;
    }

    /** A constant. */
    public static Timeline constant(double value) {
        return starting(value);
    }

    /** A script whose value is {@code value} from t = 0. */
    public static Timeline starting(double value) {
        return from(0, value);
    }

    /** A script whose first keyframe is {@code value} at {@code seconds} (held flat before it). */
    public static Timeline from(double seconds, double value) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("the first keyframe must be at t >= 0, got " + seconds + " s");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("keyframe value must be finite, got " + value);
        }
        return new Timeline(new long[] {ms(seconds)}, new double[] {value});
    }

    /** Keeps the last value until {@code seconds}. */
    public Timeline hold(double seconds) {
        return add(ms(seconds), last());
    }

    /** Changes linearly from the last keyframe to {@code value} at {@code seconds}. */
    public Timeline rampTo(double seconds, double value) {
        return add(ms(seconds), value);
    }

    /**
     * Holds the last value until just before {@code seconds}, then steps to {@code value}: the
     * new value holds from {@code seconds} on.
     */
    public Timeline jumpTo(double seconds, double value) {
        long at = ms(seconds);
        Timeline held = atMs[atMs.length - 1] < at - 1 ? add(at - 1, last()) : this;
        return held.add(at, value);
    }

    /** The value at {@code tMs} milliseconds of simulated time. */
    public double at(long tMs) {
        int n = atMs.length;
        if (tMs <= atMs[0]) {
            return values[0];
        }
        if (tMs >= atMs[n - 1]) {
            return values[n - 1];
        }
        // The last keyframe at or before tMs (after a jump, two keyframes share a time: the later wins).
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (atMs[mid] <= tMs) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (atMs[lo] == tMs) {
            return values[lo];
        }
        hi = lo + 1;
        double f = (double) (tMs - atMs[lo]) / (double) (atMs[hi] - atMs[lo]);
        return values[lo] + (values[hi] - values[lo]) * f;
    }

    /** Whether the value never changes. */
    public boolean isConstant() {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    /** Smallest value anywhere in the script. */
    public double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** Keyframe times in ms, in order (a step shows as two keyframes one ms apart or at the same time). */
    public long[] keyframeTimesMs() {
        return atMs.clone();
    }

    /** The same script with every keyframe value equal to {@code from} replaced by {@code to}. */
    public Timeline replaceValue(double from, double to) {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (v[i] == from) {
                v[i] = to;
            }
        }
        return new Timeline(atMs, v);
    }

    /** Same keyframes (times and values, bit for bit). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Timeline && Arrays.equals(atMs, ((Timeline) o).atMs)
                && Arrays.equals(values, ((Timeline) o).values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(atMs) + Arrays.hashCode(values);
    }

    /** Keyframes as {@code [t s: value, ...]}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < atMs.length; i++) {
            b.append(i == 0 ? "" : ", ").append(atMs[i] / 1000.0).append(" s: ").append(values[i]);
        }
        return b.append(']').toString();
    }

    /** Largest value anywhere in the script. */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private double last() {
        return values[values.length - 1];
    }

    private Timeline add(long at, double value) {
        long prev = atMs[atMs.length - 1];
        if (at < prev) {
            throw new IllegalArgumentException("keyframes must move forward in time: " + at + " ms after " + prev + " ms");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("keyframe value must be finite, got " + value);
        }
        long[] a = Arrays.copyOf(atMs, atMs.length + 1);
        double[] v = Arrays.copyOf(values, values.length + 1);
        a[a.length - 1] = at;
        v[v.length - 1] = value;
        return new Timeline(a, v);
    }

    private static long ms(double seconds) {
        return Math.round(seconds * 1000.0);
    }
}
