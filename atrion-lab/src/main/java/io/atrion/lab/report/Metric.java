package io.atrion.lab.report;

import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The metrics the reports print, with their keys: the short key a scenario names in its
 * {@code headline}, the camelCase key of {@code results.json}, which direction is better (for
 * "worst seed"), and how a value is printed. Definitions: {@code atrion-lab/docs/lab.md}.
 */
public enum Metric {
    GOODPUT("goodput", "goodputPerS", true),
    SUCCESS("success", "successRate", true),
    CRITICAL("critical", "criticalSuccess", true),
    /** Success of one tier; headline key {@code tier:NAME}. */
    TIER("tier:", "tierSuccess", true),
    REVENUE("revenue", "revenueEfficiency", true),
    WASTED("wasted", "wastedCalls", false),
    TRANSITIONS("transitions", "transitions", false),
    FULLY_SHED_CLOSED("fullyShedClosed", "fullyShedClosedS", false),
    FIRST_SHED("firstShed", "firstShedAfterFaultS", false),
    FULL_ADMISSION("fullAdmission", "fullAdmissionAfterHealS", false),
    CALM_SHED("calmShed", "calmShed", false),
    ATTEMPTS("attempts", "attemptsPerRequest", false),
    /** Fleets only: wasted calls summed over every instance (the dependency's punishment). */
    FLEET_WASTED("fleetWasted", "fleetWastedCalls", false),
    /** Fleets only: seconds from the fault until the last instance refused its first call. */
    LAST_INSTANCE_SHED("lastInstanceShed", "lastInstanceShedAfterFaultS", false);

    private final String key;
    private final String jsonKey;
    private final boolean higherIsBetter;

    Metric(String key, String jsonKey, boolean higherIsBetter) {
        this.key = key;
        this.jsonKey = jsonKey;
        this.higherIsBetter = higherIsBetter;
    }

    /** Headline key ({@code tier:} is a prefix). */
    public String key() {
        return key;
    }

    /** Key in results.json. */
    public String jsonKey() {
        return jsonKey;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Whether the metric is defined only for storms with a fleet of instances. */
    public boolean fleetOnly() {
        return this == FLEET_WASTED || this == LAST_INSTANCE_SHED;
    }

    /** One row of a table: a metric, and for {@link #TIER} the tier's index in {@link Scenario#tiers()}. */
    public record Row(Metric metric, int tier) {

        /** Human name, e.g. "critical success (checkout, 100 V)". */
        public String name(Scenario s) {
            return metric.name(s, tier);
        }
    }

    /**
     * The row of a headline key, checked against the scenario.
     *
     * @throws IllegalArgumentException for an unknown key or a tier the scenario does not have
     */
    public static Row parseKey(String key, Scenario s) {
        return parseKey(key, s.tiers());
    }

    /** {@link #parseKey(String, Scenario)} against a list of tiers. */
    public static Row parseKey(String key, List<Tier> tiers) {
        if (key.startsWith(TIER.key)) {
            String name = key.substring(TIER.key.length());
            for (int i = 0; i < tiers.size(); i++) {
                if (tiers.get(i).name().equals(name)) {
                    return new Row(TIER, i);
                }
            }
            List<String> names = new ArrayList<>();
            for (Tier t : tiers) {
                names.add(t.name());
            }
            throw new IllegalArgumentException("no tier '" + name + "' (tiers: " + String.join(", ", names) + ")");
        }
        for (Metric m : values()) {
            if (m != TIER && m.key.equals(key)) {
                return new Row(m, -1);
            }
        }
        throw new IllegalArgumentException("unknown metric '" + key + "'; one of " + keys());
    }

    /** Every headline key, for messages. */
    public static String keys() {
        List<String> k = new ArrayList<>();
        for (Metric m : values()) {
            k.add(m == TIER ? "tier:NAME" : m.key);
        }
        return String.join(", ", k);
    }

    /**
     * The headline rows of a scenario: its own keys, plus critical-tier success where it does not
     * name it (it is reported in every scenario) and "fully shed while closed" right after
     * "transitions".
     */
    public static List<Row> headlineRows(Scenario s) {
        List<Row> rows = new ArrayList<>();
        int critical = s.criticalTier();
        boolean hasCritical = false;
        boolean hasFully = s.headline().contains(FULLY_SHED_CLOSED.key);
        for (String key : s.headline()) {
            Row r = parseKey(key, s);
            if (r.metric == TIER && r.tier == critical) {
                r = new Row(CRITICAL, -1);
            }
            hasCritical |= r.metric == CRITICAL;
            rows.add(r);
            if (r.metric == TRANSITIONS && !hasFully) {
                rows.add(new Row(FULLY_SHED_CLOSED, -1));
            }
        }
        if (!hasCritical) {
            // after the first row, and after the "fully shed" row that belongs to a first "transitions"
            int at = Math.min(1, rows.size());
            if (at == 1 && rows.get(0).metric == TRANSITIONS && rows.size() > 1
                    && rows.get(1).metric == FULLY_SHED_CLOSED) {
                at = 2;
            }
            rows.add(at, new Row(CRITICAL, -1));
        }
        return rows;
    }

    /** The columns of a scenario's full table: every metric that can apply to it, every tier. */
    public static List<Row> tableRows(Scenario s) {
        List<Row> rows = new ArrayList<>(List.of(new Row(GOODPUT, -1), new Row(SUCCESS, -1)));
        for (int i = 0; i < s.tiers().size(); i++) {
            rows.add(new Row(TIER, i));
        }
        if (s.revenueWeighted()) {
            rows.add(new Row(REVENUE, -1));
        }
        List<Metric> more = s.isFleet()
                ? List.of(FLEET_WASTED, TRANSITIONS, FULLY_SHED_CLOSED, FIRST_SHED, LAST_INSTANCE_SHED, FULL_ADMISSION,
                        CALM_SHED)
                : List.of(WASTED, TRANSITIONS, FULLY_SHED_CLOSED, FIRST_SHED, FULL_ADMISSION, CALM_SHED);
        for (Metric m : more) {
            rows.add(new Row(m, -1));
        }
        if (s.hasRetries()) {
            rows.add(new Row(ATTEMPTS, -1));
        }
        return rows;
    }

    /** A short column header. */
    public String shortName(Scenario s, int tier) {
        switch (this) {
            case GOODPUT:
                return "goodput/s";
            case SUCCESS:
                return "success";
            case CRITICAL:
                return "critical";
            case TIER:
                return s.tiers().get(tier).name();
            case REVENUE:
                return "revenue";
            case WASTED:
                return "wasted";
            case TRANSITIONS:
                return "transitions";
            case FULLY_SHED_CLOSED:
                return "fully shed s";
            case FIRST_SHED:
                return "first shed s";
            case FULL_ADMISSION:
                return "full adm. s";
            case CALM_SHED:
                return "calm shed";
            case ATTEMPTS:
                return "attempts";
            case FLEET_WASTED:
                return "fleet wasted";
            case LAST_INSTANCE_SHED:
                return "last inst. shed s";
            default:
                throw new AssertionError(this);
        }
    }

    /** Human name in a scenario. */
    public String name(Scenario s, int tier) {
        switch (this) {
            case GOODPUT:
                return "goodput (req/s)";
            case SUCCESS:
                return "success rate";
            case CRITICAL: {
                Tier t = s.tiers().get(s.criticalTier());
                return "critical success (" + t.name() + ", " + Format.fmtVoltage(t.voltage()) + " V)";
            }
            case TIER: {
                Tier t = s.tiers().get(tier);
                return t.name() + " success (" + Format.fmtVoltage(t.voltage()) + " V)";
            }
            case REVENUE:
                return "revenue efficiency";
            case WASTED:
                return "wasted calls";
            case TRANSITIONS:
                return "breaker transitions";
            case FULLY_SHED_CLOSED:
                return "fully shed, breaker closed (s)";
            case FIRST_SHED:
                return "first shed after fault (s)";
            case FULL_ADMISSION:
                return "full admission after heal (s)";
            case CALM_SHED:
                return "shed before the fault";
            case ATTEMPTS:
                return "attempts per request";
            case FLEET_WASTED:
                return "calls wasted across the fleet";
            case LAST_INSTANCE_SHED:
                return "last instance shed after fault (s)";
            default:
                throw new AssertionError(this);
        }
    }

    /** Whether the metric applies to this run at all (else it is "-" and null in results.json). */
    public boolean applies(RunResult r, PolicyKind p) {
        switch (this) {
            case TRANSITIONS:
                return p.hasBreaker();
            case REVENUE:
                return r.scenario().revenueWeighted();
            case ATTEMPTS:
                return r.scenario().hasRetries();
            case FLEET_WASTED:
            case LAST_INSTANCE_SHED:
                return r.scenario().isFleet();
            default:
                return true;
        }
    }

    /** The value, NaN when it does not apply or is not defined for this run (see {@link #label}). */
    public double value(RunResult r, PolicyKind p, int tier) {
        if (!applies(r, p)) {
            return Double.NaN;
        }
        switch (this) {
            case GOODPUT:
                return r.goodput();
            case SUCCESS:
                return r.successRate();
            case CRITICAL:
                return r.criticalSuccessRate();
            case TIER:
                return r.tierSuccessRate(tier);
            case REVENUE:
                return r.revenueEfficiency();
            case WASTED:
                return r.wasted();
            case TRANSITIONS:
                return r.transitions();
            case FULLY_SHED_CLOSED:
                return r.fullyShedClosedS();
            case FIRST_SHED:
                return r.firstShedS();
            case FULL_ADMISSION:
                return r.fullAdmissionS();
            case CALM_SHED:
                return r.calmShedRate();
            case ATTEMPTS:
                return r.attemptsPerRequest();
            case FLEET_WASTED:
                return r.wasted();
            case LAST_INSTANCE_SHED:
                return r.lastInstanceShedS();
            default:
                throw new AssertionError(this);
        }
    }

    /** What a NaN value prints as: "-" (does not apply), "pre-fault", "none" or "never". */
    public String label(RunResult r, PolicyKind p) {
        if (!applies(r, p)) {
            return "-";
        }
        switch (this) {
            case FIRST_SHED:
                return r.shedBeforeFault() ? "pre-fault" : "none";
            case LAST_INSTANCE_SHED:
                return r.shedBeforeFault() ? "pre-fault" : "never";
            case FULL_ADMISSION:
                return "never";
            default:
                return "-";
        }
    }

    /**
     * How bad a run is on this metric, for picking the worst seed: larger is worse. An undefined
     * first shed or full admission ("none", "never") is worse than any number, "pre-fault"
     * worse still.
     */
    public double badness(RunResult r, PolicyKind p, int tier) {
        double v = value(r, p, tier);
        if (Double.isNaN(v)) {
            String l = label(r, p);
            return l.equals("pre-fault") ? Double.MAX_VALUE : l.equals("-") ? Double.NEGATIVE_INFINITY
                    : Double.MAX_VALUE / 2;
        }
        return higherIsBetter ? -v : v;
    }

    /** A value as printed (NaN is not expected here). */
    public String format(double v) {
        switch (this) {
            case SUCCESS:
            case CRITICAL:
            case TIER:
            case REVENUE:
            case CALM_SHED:
                return Format.pct(v);
            case WASTED:
            case FLEET_WASTED:
                return String.format(Locale.ROOT, "%.0f", v);
            case ATTEMPTS:
                return String.format(Locale.ROOT, "%.2f", v);
            case TRANSITIONS:
                return v == Math.rint(v) ? Long.toString((long) v) : Format.num1(v);
            default:
                return Format.num1(v);
        }
    }

    /** One run's value as printed. */
    public String format(RunResult r, PolicyKind p, int tier) {
        double v = value(r, p, tier);
        return Double.isNaN(v) ? label(r, p) : format(v);
    }
}
