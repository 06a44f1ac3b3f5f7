package io.atrion.lab.report;

import io.atrion.lab.sim.RunResult;
import java.util.Locale;

/** Number formats shared by the terminal, Markdown and HTML reports (metric names: {@link Metric}). */
public final class Format {

    private Format() {
    }

    /** "pre-fault", "none" or seconds with one decimal. */
    public static String firstShed(RunResult r) {
        if (r.shedBeforeFault()) {
            return "pre-fault";
        }
        return Double.isNaN(r.firstShedS()) ? "none" : num1(r.firstShedS());
    }

    /** Seconds with one decimal, or "never" for NaN. */
    public static String seconds(double s) {
        return Double.isNaN(s) ? "never" : num1(s);
    }

    /** A share as a percentage with one decimal. */
    public static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100.0 * share);
    }

    /** One decimal. */
    public static String num1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A voltage without a trailing ".0". */
    public static String fmtVoltage(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
