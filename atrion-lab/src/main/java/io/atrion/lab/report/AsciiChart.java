package io.atrion.lab.report;

import java.util.Locale;

/** Small plain-ASCII charts for the terminal. */
public final class AsciiChart {

    private AsciiChart() {
    }

    /**
     * One row: the admitted share of each column of seconds, '#' at least 99 %, '=' 75 %, '+' 50 %,
     * '-' 25 %, '.' above 0, ' ' nothing admitted (or nothing offered).
     */
    public static String admittedStrip(int[] offered, int[] shed, int width) {
        int n = offered.length;
        StringBuilder b = new StringBuilder(width);
        for (int c = 0; c < width; c++) {
            int from = c * n / width;
            int to = Math.max(from + 1, (c + 1) * n / width);
            long o = 0;
            long s = 0;
            for (int i = from; i < to && i < n; i++) {
                o += offered[i];
                s += shed[i];
            }
            double share = o == 0 ? 0 : 1.0 - (double) s / o;
            b.append(share >= 0.99 ? '#' : share >= 0.75 ? '=' : share >= 0.5 ? '+' : share >= 0.25 ? '-'
                    : share > 0 ? '.' : ' ');
        }
        return b.toString();
    }

    /** A marker row with '^' under the columns holding the given seconds. */
    public static String markers(int seconds, int width, double... at) {
        char[] row = new char[width];
        java.util.Arrays.fill(row, ' ');
        for (double t : at) {
            int c = (int) Math.min(width - 1, Math.floor(t * width / seconds));
            row[c] = '^';
        }
        return new String(row);
    }

    /**
     * A line chart of {@code values} (NaN = no value), {@code height} rows, log-scaled y when
     * {@code log}; y labels on the left. Each column shows the maximum of its seconds.
     */
    public static String lineChart(double[] values, int width, int height, boolean log, double floor) {
        int n = values.length;
        double[] col = new double[width];
        double max = floor;
        for (int c = 0; c < width; c++) {
            int from = c * n / width;
            int to = Math.max(from + 1, (c + 1) * n / width);
            double m = Double.NaN;
            for (int i = from; i < to && i < n; i++) {
                if (!Double.isNaN(values[i])) {
                    m = Double.isNaN(m) ? values[i] : Math.max(m, values[i]);
                }
            }
            col[c] = m;
            if (!Double.isNaN(m)) {
                max = Math.max(max, m);
            }
        }
        double lo = log ? Math.log10(floor) : 0;
        double hi = log ? Math.log10(max) : max;
        if (hi <= lo) {
            hi = lo + 1;
        }
        StringBuilder b = new StringBuilder();
        for (int row = height - 1; row >= 0; row--) {
            double rowLo = lo + (hi - lo) * row / height;
            double label = row == 0 ? floor : max;
            b.append(String.format(Locale.ROOT, "%9s |", row == height - 1 || row == 0 ? compact(label) : ""));
            for (int c = 0; c < width; c++) {
                double v = col[c];
                if (Double.isNaN(v)) {
                    b.append(' ');
                    continue;
                }
                double y = log ? Math.log10(Math.max(v, floor)) : v;
                boolean here = y >= rowLo && (y < lo + (hi - lo) * (row + 1) / height || row == height - 1);
                boolean below = y >= lo + (hi - lo) * (row + 1) / height;
                b.append(here ? '*' : below ? '|' : ' ');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Stacked chart per column (average per second): '#' succeeded, 'x' failed, '.' shed, from the
     * bottom up, {@code height} rows scaled to the largest column.
     */
    public static String stackedChart(int[] succeeded, int[] failed, int[] shed, int width, int height) {
        int n = succeeded.length;
        double[][] cols = new double[width][3];
        double max = 1;
        for (int c = 0; c < width; c++) {
            int from = c * n / width;
            int to = Math.max(from + 1, (c + 1) * n / width);
            int k = 0;
            for (int i = from; i < to && i < n; i++) {
                cols[c][0] += succeeded[i];
                cols[c][1] += failed[i];
                cols[c][2] += shed[i];
                k++;
            }
            for (int j = 0; j < 3; j++) {
                cols[c][j] /= Math.max(1, k);
            }
            max = Math.max(max, cols[c][0] + cols[c][1] + cols[c][2]);
        }
        StringBuilder b = new StringBuilder();
        for (int row = height - 1; row >= 0; row--) {
            double mid = (row + 0.5) * max / height;
            b.append(String.format(Locale.ROOT, "%9s |", row == height - 1 ? compact(max) + "/s" : row == 0 ? "0/s" : ""));
            for (int c = 0; c < width; c++) {
                double s = cols[c][0];
                double f = s + cols[c][1];
                double h = f + cols[c][2];
                b.append(mid < s ? '#' : mid < f ? 'x' : mid < h ? '.' : ' ');
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String compact(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.0fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
