package io.atrion.lab.report;

import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Tier;
import java.util.Locale;

/** How each metric is named and printed, shared by the terminal, Markdown and HTML reports. */
public final class Format {

    private Format() {
    }

    /** Human name of a headline metric key. */
    public static String metricName(Scenario s, String key) {
        if (key.startsWith("tier:")) {
            String name = key.substring(5);
            for (Tier t : s.tiers()) {
                if (t.name().equals(name)) {
                    return name + " success (" + fmtVoltage(t.voltage()) + " V)";
                }
            }
            return name + " success";
        }
        switch (key) {
            case "goodput":
                return "goodput (req/s)";
            case "success":
                return "success rate";
            case "firstShed":
                return "first shed after fault (s)";
            case "fullAdmission":
                return "full admission after heal (s)";
            case "transitions":
                return "breaker transitions";
            case "wasted":
                return "wasted calls";
            case "revenue":
                return "revenue efficiency";
            case "calmShed":
                return "shed before the fault";
            default:
                throw new IllegalArgumentException("unknown metric " + key);
        }
    }

    /** The value of a headline metric key for one run, as printed. */
    public static String metric(RunResult r, String key) {
        if (key.startsWith("tier:")) {
            return pct(r.tierSuccessRate(key.substring(5)));
        }
        switch (key) {
            case "goodput":
                return num1(r.goodput());
            case "success":
                return pct(r.successRate());
            case "firstShed":
                return firstShed(r);
            case "fullAdmission":
                return seconds(r.fullAdmissionS());
            case "transitions":
                return PolicyKind.parse(r.policyId()).hasBreaker() ? Integer.toString(r.transitions()) : "-";
            case "wasted":
                return Long.toString(r.wasted());
            case "revenue":
                return pct(r.revenueEfficiency());
            case "calmShed":
                return pct(r.calmShedRate());
            default:
                throw new IllegalArgumentException("unknown metric " + key);
        }
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
