package io.atrion.lab.report;

import io.atrion.lab.LabRun;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.report.Metric.Row;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The terminal report: a table per scenario (the mean over the seeds and the worst seed), small
 * ASCII charts of the first seed's run, and the headline table.
 */
public final class TextReport {

    static final int STRIP_WIDTH = 60;

    private TextReport() {
    }

    /** The whole report. {@code detailed}: full-size charts for every run (used for one policy). */
    public static String render(LabRun run, boolean detailed) {
        StringBuilder b = new StringBuilder();
        int n = run.seeds().size();
        b.append(String.format(Locale.ROOT,
                "Atrion wind tunnel: %s x %d seed%s (%s), engine %s, healthy error rate %s%n",
                run.shapeText("x"), n, n == 1 ? "" : "s", run.seedsText(), run.engine(),
                Format.pct(run.healthyErrors())));
        b.append(String.format(Locale.ROOT,
                "%d simulated seconds per policy and seed, %d run%s, in %.1f s of wall time (virtual time: nothing sleeps)%n",
                run.simulatedSecondsPerPolicy(), run.results().size(), run.results().size() == 1 ? "" : "s",
                run.wallMillis() / 1000.0));
        if (n > 1) {
            b.append("Tables: 'mean' over the seeds (* over the seeds where the metric is defined) and the 'worst' seed;"
                    + " charts: seed ").append(run.seeds().get(0)).append('\n');
        }
        for (Scenario s : run.scenarios()) {
            b.append('\n');
            scenario(b, run, s, detailed);
        }
        if (run.scenarios().size() > 1 || run.policies().size() > 1) {
            b.append("\nHeadline (").append(run.date()).append(", seeds ").append(run.seedsText())
                    .append(n > 1 ? ": mean (worst seed)" : "").append(")\n\n");
            b.append(headlineMarkdown(run));
        }
        if (Targets.applicable(run)) {
            b.append("\nTargets of issue 9: ").append(Targets.markdown(run));
        }
        return b.toString();
    }

    private static void scenario(StringBuilder b, LabRun run, Scenario s, boolean detailed) {
        boolean seeds = run.seeds().size() > 1;
        b.append("== ").append(s.id()).append(": ").append(s.title()).append('\n');
        b.append(String.format(Locale.ROOT, "   %d s simulated; fault at %s s, healthy again at %s s%n",
                s.durationS(), Format.num1(s.faultStartS()), Format.num1(s.healS())));
        List<Row> cols = Metric.tableRows(s);
        List<String> headers = new ArrayList<>(List.of("policy"));
        if (seeds) {
            headers.add("");
        }
        for (Row c : cols) {
            headers.add(c.metric().shortName(s, c.tier()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (PolicyKind p : run.policies(s)) {
            List<RunResult> runs = run.runs(s, p);
            List<String> mean = new ArrayList<>(List.of(p.shortName()));
            List<String> worst = new ArrayList<>(List.of(""));
            if (seeds) {
                mean.add("mean");
                worst.add("worst");
            }
            for (Row c : cols) {
                Aggregate a = Aggregate.of(runs, p, c);
                mean.add(a.mean());
                worst.add(a.worst());
            }
            rows.add(mean);
            if (seeds) {
                rows.add(worst);
            }
        }
        table(b, headers, rows, "   ");
        if (s.isFleet()) {
            FleetReport.text(b, run, s);
        }
        if (!detailed) {
            b.append(String.format(Locale.ROOT,
                    "   admitted share, %s s per column ('#' >= 99 %%, '=' >= 75 %%, '+' >= 50 %%, '-' >= 25 %%, "
                            + "'.' > 0, ' ' none); ^ = fault, heal; seed %d%n",
                    Format.num1((double) s.durationS() / STRIP_WIDTH), run.seeds().get(0)));
            for (PolicyKind p : run.policies(s)) {
                RunResult r = run.result(s, p);
                b.append(String.format(Locale.ROOT, "   %-15s |%s|%n", p.shortName(),
                        AsciiChart.admittedStrip(r.offeredSeries(), r.shedSeries(), STRIP_WIDTH)));
            }
            b.append(String.format(Locale.ROOT, "   %-15s  %s%n", "",
                    AsciiChart.markers(s.durationS(), STRIP_WIDTH, s.faultStartS(), s.healS())));
            for (PolicyKind p : run.policies(s)) {
                if (p == PolicyKind.ATRION_LIMITS) {
                    resistanceCharts(b, run.result(s, p), p, 5);
                }
            }
        } else {
            for (PolicyKind p : run.policies(s)) {
                RunResult r = run.result(s, p);
                b.append("\n   ").append(p.title()).append(", seed ").append(r.seed()).append('\n');
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

    /**
     * The headline comparison: each scenario's key metrics (rows) for every policy (columns), as
     * "mean (worst seed)" when there are several seeds; one table per group of scenarios that ran
     * the same policies (the storms of one instance, then the fleets), separated by a blank line.
     */
    public static String headlineMarkdown(LabRun run) {
        StringBuilder b = new StringBuilder();
        for (List<Scenario> group : run.scenarioGroups()) {
            if (b.length() > 0) {
                b.append('\n');
            }
            headlineTable(b, run, group);
        }
        return b.toString();
    }

    private static void headlineTable(StringBuilder b, LabRun run, List<Scenario> scenarios) {
        List<PolicyKind> policies = run.policies(scenarios.get(0));
        List<String> headers = new ArrayList<>(List.of("scenario", "metric"));
        for (PolicyKind p : policies) {
            headers.add(p.shortName());
        }
        b.append('|');
        for (String h : headers) {
            b.append(' ').append(h).append(" |");
        }
        b.append("\n|");
        for (int i = 0; i < headers.size(); i++) {
            b.append(i < 2 ? "---|" : "---:|");
        }
        b.append('\n');
        for (Scenario s : scenarios) {
            boolean first = true;
            for (Row row : Metric.headlineRows(s)) {
                b.append("| ").append(first ? s.id() : "").append(" | ").append(row.name(s)).append(" |");
                for (PolicyKind p : policies) {
                    b.append(' ').append(Aggregate.of(run.runs(s, p), p, row).cell()).append(" |");
                }
                b.append('\n');
                first = false;
            }
        }
    }

    /** A table with right-aligned columns after the first. */
    static void table(StringBuilder b, List<String> headers, List<List<String>> rows, String indent) {
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
        StringBuilder l = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i == 0) {
                l.append(c).append(" ".repeat(w[i] - c.length()));
            } else {
                l.append("  ").append(" ".repeat(w[i] - c.length())).append(c);
            }
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}
