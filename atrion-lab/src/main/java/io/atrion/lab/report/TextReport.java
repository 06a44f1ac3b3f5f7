package io.atrion.lab.report;

import io.atrion.lab.LabRun;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The terminal report: a table per scenario, small ASCII charts, and the headline table. */
public final class TextReport {

    static final int STRIP_WIDTH = 60;

    private TextReport() {
    }

    /** The whole report. {@code detailed}: full-size charts for every run (used for one policy). */
    public static String render(LabRun run, boolean detailed) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT,
                "Atrion wind tunnel: %d scenario%s x %d polic%s, seed %d, engine %s, healthy error rate %s%n",
                run.scenarios().size(), run.scenarios().size() == 1 ? "" : "s", run.policies().size(),
                run.policies().size() == 1 ? "y" : "ies", run.seed(), run.engine(), Format.pct(run.healthyErrors())));
        b.append(String.format(Locale.ROOT,
                "%d simulated seconds per policy, %d run%s, in %.1f s of wall time (virtual time: nothing sleeps)%n",
                run.simulatedSecondsPerPolicy(), run.results().size(), run.results().size() == 1 ? "" : "s",
                run.wallMillis() / 1000.0));
        for (Scenario s : run.scenarios()) {
            b.append('\n');
            scenario(b, run, s, detailed);
        }
        if (run.scenarios().size() > 1 || run.policies().size() > 1) {
            b.append("\nHeadline (").append(run.date()).append(", seed ").append(run.seed()).append(")\n\n");
            b.append(headlineMarkdown(run));
        }
        return b.toString();
    }

    private static void scenario(StringBuilder b, LabRun run, Scenario s, boolean detailed) {
        b.append("== ").append(s.id()).append(": ").append(s.title()).append('\n');
        b.append(String.format(Locale.ROOT, "   %d s simulated; fault at %s s, healthy again at %s s%n",
                s.durationS(), Format.num1(s.faultStartS()), Format.num1(s.healS())));
        List<String> headers = new ArrayList<>(List.of("policy", "goodput/s", "success"));
        for (Tier t : s.tiers()) {
            headers.add(t.name());
        }
        if (s.revenueWeighted()) {
            headers.add("revenue");
        }
        headers.addAll(List.of("wasted", "transitions", "first shed s", "full adm. s", "calm shed"));
        List<List<String>> rows = new ArrayList<>();
        for (PolicyKind p : run.policies()) {
            RunResult r = run.result(s, p);
            List<String> row = new ArrayList<>(List.of(p.shortName(), Format.num1(r.goodput()),
                    Format.pct(r.successRate())));
            for (int i = 0; i < s.tiers().size(); i++) {
                row.add(Format.pct(r.tierSuccessRate(i)));
            }
            if (s.revenueWeighted()) {
                row.add(Format.pct(r.revenueEfficiency()));
            }
            row.add(Long.toString(r.wasted()));
            row.add(Format.metric(r, "transitions"));
            row.add(Format.firstShed(r));
            row.add(Format.seconds(r.fullAdmissionS()));
            row.add(Format.pct(r.calmShedRate()));
            rows.add(row);
        }
        table(b, headers, rows, "   ");
        if (!detailed) {
            b.append(String.format(Locale.ROOT,
                    "   admitted share, %s s per column ('#' >= 99 %%, '=' >= 75 %%, '+' >= 50 %%, '-' >= 25 %%, "
                            + "'.' > 0, ' ' none); ^ = fault, heal%n",
                    Format.num1((double) s.durationS() / STRIP_WIDTH)));
            for (PolicyKind p : run.policies()) {
                RunResult r = run.result(s, p);
                b.append(String.format(Locale.ROOT, "   %-14s |%s|%n", p.shortName(),
                        AsciiChart.admittedStrip(r.offeredSeries(), r.shedSeries(), STRIP_WIDTH)));
            }
            b.append(String.format(Locale.ROOT, "   %-14s  %s%n", "",
                    AsciiChart.markers(s.durationS(), STRIP_WIDTH, s.faultStartS(), s.healS())));
            for (PolicyKind p : run.policies()) {
                if (p == PolicyKind.ATRION) {
                    resistanceCharts(b, run.result(s, p), p, 5);
                }
            }
        } else {
            for (PolicyKind p : run.policies()) {
                RunResult r = run.result(s, p);
                b.append("\n   ").append(p.title()).append('\n');
                if (r.hasResistance()) {
                    resistanceCharts(b, r, p, 10);
                }
                b.append("   requests per second by arrival: '#' succeeded, 'x' failed, '.' shed\n");
                indent(b, AsciiChart.stackedChart(r.succeededSeries(), r.failedSeries(), r.shedSeries(),
                        STRIP_WIDTH, 10));
                b.append(String.format(Locale.ROOT, "   %9s  %s%n", "",
                        AsciiChart.markers(s.durationS(), STRIP_WIDTH, s.faultStartS(), s.healS())));
                for (int g = 0; g < r.gateRoutes().size(); g++) {
                    StringBuilder iv = new StringBuilder();
                    for (long[] o : r.openIntervals(g)) {
                        iv.append(iv.length() == 0 ? "" : ", ").append(Format.num1(o[0] / 1000.0)).append('-')
                                .append(Format.num1(o[1] / 1000.0)).append(" s");
                    }
                    if (p.hasBreaker()) {
                        b.append("   breaker on ").append(r.gateRoutes().get(g)).append(" open: ")
                                .append(iv.length() == 0 ? "never" : iv).append('\n');
                    }
                }
            }
        }
    }

    private static void resistanceCharts(StringBuilder b, RunResult r, PolicyKind p, int height) {
        for (int g = 0; g < r.gateRoutes().size(); g++) {
            b.append("   R(t) of ").append(p.title()).append(", route ").append(r.gateRoutes().get(g))
                    .append(", ohms, log scale (column = max of its seconds)\n");
            indent(b, AsciiChart.lineChart(r.resistanceSeries(g), STRIP_WIDTH, height, true, 10));
        }
    }

    private static void indent(StringBuilder b, String block) {
        for (String line : block.split("\n")) {
            b.append("   ").append(line).append('\n');
        }
    }

    /** The headline comparison: each scenario's key metrics (rows) for every policy (columns). */
    public static String headlineMarkdown(LabRun run) {
        List<String> headers = new ArrayList<>(List.of("scenario", "metric"));
        for (PolicyKind p : run.policies()) {
            headers.add(p.shortName());
        }
        StringBuilder b = new StringBuilder();
        b.append('|');
        for (String h : headers) {
            b.append(' ').append(h).append(" |");
        }
        b.append("\n|");
        for (int i = 0; i < headers.size(); i++) {
            b.append(i < 2 ? "---|" : "---:|");
        }
        b.append('\n');
        for (Scenario s : run.scenarios()) {
            boolean first = true;
            for (String key : s.headline()) {
                b.append("| ").append(first ? s.id() : "").append(" | ").append(Format.metricName(s, key)).append(" |");
                for (PolicyKind p : run.policies()) {
                    b.append(' ').append(Format.metric(run.result(s, p), key)).append(" |");
                }
                b.append('\n');
                first = false;
            }
        }
        return b.toString();
    }

    private static void table(StringBuilder b, List<String> headers, List<List<String>> rows, String indent) {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        line(b, headers, w, indent);
        for (List<String> r : rows) {
            line(b, r, w, indent);
        }
    }

    private static void line(StringBuilder b, List<String> cells, int[] w, String indent) {
        b.append(indent);
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i == 0) {
                b.append(c).append(" ".repeat(w[i] - c.length()));
            } else {
                b.append("  ").append(" ".repeat(w[i] - c.length())).append(c);
            }
        }
        b.append('\n');
    }
}
