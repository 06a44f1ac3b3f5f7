package io.atrion.internal.select;

/**
 * Multi-route selection of SPEC.md §3: pick route j with probability
 * {@code e^(−β·R_j) / Σ e^(−β·R_k)}.
 *
 * <p>Computed stably: every exponent is shifted by the smallest R, so the largest weight is
 * exactly 1 and no weight overflows, whatever the magnitudes of R and β.
 *
 * <p>Internal: not part of the public API; {@code Atrion.select} is.
 */
public final class RouteSelector {

    private RouteSelector() {
    }

    /**
     * The index chosen among {@code resistances[0..count)} for a uniform draw {@code u} in [0, 1).
     *
     * @return the index, or -1 when {@code count} is 0
     */
    public static int pick(double[] resistances, int count, double beta, double u) {
        if (count <= 0) {
            return -1;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, resistances[i]);
        }
        double total = 0.0;
        for (int i = 0; i < count; i++) {
            total += weight(resistances[i], min, beta);
        }
        double target = u * total;
        double cumulative = 0.0;
        for (int i = 0; i < count; i++) {
            cumulative += weight(resistances[i], min, beta);
            if (target < cumulative) {
                return i;
            }
        }
        // u * total rounded up to total: the last candidate with a non-zero weight.
        for (int i = count - 1; i >= 0; i--) {
            if (weight(resistances[i], min, beta) > 0.0) {
                return i;
            }
        }
        return count - 1;
    }

    /** The probability of each candidate, for inspection and tests. */
    public static double[] probabilities(double[] resistances, int count, double beta) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, resistances[i]);
        }
        double total = 0.0;
        double[] p = new double[count];
        for (int i = 0; i < count; i++) {
            p[i] = weight(resistances[i], min, beta);
            total += p[i];
        }
        for (int i = 0; i < count; i++) {
            p[i] = p[i] / total;
        }
        return p;
    }

    private static double weight(double r, double min, double beta) {
        return StrictMath.exp(-beta * (r - min));
    }
}
