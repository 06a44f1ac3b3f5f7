package io.atrion.lab.report;

import io.atrion.lab.LabRun;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.report.Metric.Row;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Service;
import io.atrion.lab.sim.Tier;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no network), one
 * section per scenario with its script, its metrics table (mean over the seeds and worst seed)
 * and, per policy side by side, a chart of the first seed's admitted, failed and shed requests
 * per second with the breaker's open periods shaded and, for Atrion, a chart of R(t). Every
 * chart is a {@code <figure class="chart">} holding exactly one {@code <svg>}.
 */
public final class HtmlReport {

    private static final int W = 480;
    private static final int H = 170;
    private static final int LEFT = 44;
    private static final int RIGHT = 12;
    private static final int TOP = 16;
    private static final int BOTTOM = 22;
    private static final String OK = "#2e9d5b";
    private static final String FAIL = "#d64545";
    private static final String SHED = "#b8bec6";
    private static final String OPEN = "#f0a030";
    private static final String[] LINES = {"#3657c9", "#8a3fc4", "#0a8f8f", "#c2571a", "#5c7d1e"};

    private HtmlReport() {
    }

    /** The page. */
    public static String render(LabRun run) {
        StringBuilder b = new StringBuilder(1 << 20);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>Atrion wind tunnel</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<header>\n<h1>Atrion wind tunnel</h1>\n<p>")
                .append(esc(String.format(Locale.ROOT,
                        "%s · %s × %d seeds (%s) · engine %s · healthy error rate %s · "
                                + "%d simulated seconds per policy and seed, %d runs in %.1f s of wall time",
                        run.date(), run.shapeText("×"), run.seeds().size(), run.seedsText(),
                        run.engine(), Format.pct(run.healthyErrors()), run.simulatedSecondsPerPolicy(),
                        run.results().size(), run.wallMillis() / 1000.0)))
                .append("</p>\n<p>Every policy meets the same storms: the same arrivals, the same tiers and the same "
                        + "luck per request (common random numbers), on virtual time. Charts show requests by the "
                        + "second they arrived in: <span class=\"k ok\">succeeded</span> "
                        + "<span class=\"k fail\">failed (error or timeout)</span> "
                        + "<span class=\"k shed\">shed by the policy</span> "
                        + "<span class=\"k open\">breaker open</span>. Tables give the mean over the seeds "
                        + "(* over the seeds where the metric is defined) and, in parentheses or on the second row, "
                        + "the worst seed; charts show seed " + run.seeds().get(0) + ". Machine-readable: "
                        + "<code>results.json</code> beside this page.</p>\n");
        b.append("<nav>");
        for (Scenario s : run.scenarios()) {
            b.append("<a href=\"#s-").append(esc(s.id())).append("\">").append(esc(s.id())).append("</a> ");
        }
        b.append(Targets.applicable(run) ? "<a href=\"#targets\">targets</a> " : "")
                .append("<a href=\"#policies\">policies</a> <a href=\"#metrics\">metrics</a></nav>\n</header>\n<main>\n");

        b.append("<section id=\"headline\">\n<h2>Headline</h2>\n");
        headline(b, run);
        b.append("</section>\n");

        for (Scenario s : run.scenarios()) {
            scenario(b, run, s);
        }

        if (Targets.applicable(run)) {
            targets(b, run);
        }
        b.append("<section id=\"policies\">\n<h2>Policies</h2>\n<dl>\n");
        for (PolicyKind p : run.policies()) {
            b.append("<dt>").append(esc(p.title())).append(" <code>--policy ").append(esc(p.id()))
                    .append("</code></dt>\n<dd>").append(esc(p.configuration())).append("</dd>\n");
        }
        b.append("</dl>\n</section>\n");
        b.append("<section id=\"metrics\">\n<h2>Metrics</h2>\n<dl>\n").append(METRICS).append("</dl>\n</section>\n");
        b.append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void headline(StringBuilder b, LabRun run) {
        for (List<Scenario> group : run.scenarioGroups()) {
            headline(b, run, group);
        }
    }

    /** One headline table: scenarios that ran the same policies. */
    private static void headline(StringBuilder b, LabRun run, List<Scenario> scenarios) {
        List<PolicyKind> policies = run.policies(scenarios.get(0));
        b.append("<table class=\"headline\">\n<thead><tr><th>scenario</th><th>metric</th>");
        for (PolicyKind p : policies) {
            b.append("<th>").append(esc(p.shortName())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (Scenario s : scenarios) {
            boolean first = true;
            List<Row> rows = Metric.headlineRows(s);
            for (Row row : rows) {
                b.append("<tr").append(first ? " class=\"first\"" : "").append(">");
                if (first) {
                    b.append("<th rowspan=\"").append(rows.size()).append("\"><a href=\"#s-")
                            .append(esc(s.id())).append("\">").append(esc(s.id())).append("</a></th>");
                }
                b.append("<td>").append(esc(row.name(s))).append("</td>");
                for (PolicyKind p : policies) {
                    b.append("<td class=\"num\">").append(esc(Aggregate.of(run.runs(s, p), p, row).cell()))
                            .append("</td>");
                }
                b.append("</tr>\n");
                first = false;
            }
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void targets(StringBuilder b, LabRun run) {
        List<Targets.Check> checks = Targets.checks(run);
        int held = 0;
        for (Targets.Check c : checks) {
            held += c.holds() ? 1 : 0;
        }
        b.append("<section id=\"targets\">\n<h2>Targets of issue 9</h2>\n<p>").append(held).append(" of ")
                .append(checks.size()).append(" hold for Atrion with the limits of tuned Resilience4j (atrion-limits), "
                        + "on the means over the seeds.</p>\n<table class=\"targets\">\n<thead><tr><th>scenario</th>"
                        + "<th>target</th><th>atrion-limits</th><th>compared with</th><th>holds</th></tr></thead>\n<tbody>\n");
        for (Targets.Check c : checks) {
            b.append("<tr><td>").append(esc(c.scenario())).append("</td><td>").append(esc(c.target())).append("</td>");
            cell(b, c.atrion());
            cell(b, c.other());
            b.append("<td class=\"").append(c.holds() ? "yes\">yes" : "no\">no").append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n</section>\n");
    }

    private static void scenario(StringBuilder b, LabRun run, Scenario s) {
        b.append("<section class=\"scenario\" id=\"s-").append(esc(s.id())).append("\">\n<h2>")
                .append(esc(s.title())).append(" <code>").append(esc(s.id())).append("</code></h2>\n<p>")
                .append(esc(s.description())).append("</p>\n");
        b.append("<figure class=\"chart script\">");
        scriptChart(b, s);
        b.append("<figcaption>The script: latency and error rate of ").append(esc(s.failingService().name()))
                .append(" when service starts, and the offered rate. Fault at ").append(Format.num1(s.faultStartS()))
                .append(" s, healthy again at ").append(Format.num1(s.healS())).append(" s.</figcaption></figure>\n");
        metricsTable(b, run, s);
        if (s.isFleet()) {
            FleetReport.html(b, run, s);
        }
        b.append("<div class=\"grid\">\n");
        for (PolicyKind p : run.policies(s)) {
            RunResult r = run.result(s, p);
            b.append("<div class=\"card\">\n<h3>").append(esc(p.title())).append(" <small>seed ").append(r.seed())
                    .append("</small></h3>\n");
            b.append("<figure class=\"chart traffic\">");
            trafficChart(b, s, r);
            b.append("<figcaption>Requests per second: succeeded, failed, shed");
            if (p.hasBreaker()) {
                b.append("; breaker open periods shaded (").append(r.transitions()).append(" transitions)");
            }
            b.append(".</figcaption></figure>\n");
            if (r.hasResistance()) {
                b.append("<figure class=\"chart resistance\">");
                resistanceChart(b, s, r);
                b.append("<figcaption>R(t) in ohms, log scale, last value of each second; dashed: the tiers' "
                        + "voltages (a request flows when V &gt; R and the breaker is closed).</figcaption></figure>\n");
            }
            b.append("</div>\n");
        }
        b.append("</div>\n</section>\n");
    }

    private static void metricsTable(StringBuilder b, LabRun run, Scenario s) {
        boolean seeds = run.seeds().size() > 1;
        List<Row> cols = Metric.tableRows(s);
        b.append("<table class=\"metrics\">\n<thead><tr><th>policy</th>");
        if (seeds) {
            b.append("<th></th>");
        }
        for (Row c : cols) {
            b.append("<th>").append(esc(c.name(s))).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (PolicyKind p : run.policies(s)) {
            List<RunResult> runs = run.runs(s, p);
            StringBuilder worst = new StringBuilder();
            b.append("<tr class=\"mean\"><th").append(seeds ? " rowspan=\"2\"" : "").append(">").append(esc(p.title()))
                    .append("</th>");
            if (seeds) {
                b.append("<td>mean</td>");
                worst.append("<tr class=\"worst\"><td>worst</td>");
            }
            for (Row c : cols) {
                Aggregate a = Aggregate.of(runs, p, c);
                cell(b, a.mean());
                cell(worst, a.worst());
            }
            b.append("</tr>\n");
            if (seeds) {
                b.append(worst).append("</tr>\n");
            }
        }
        b.append("</tbody>\n</table>\n");
    }

    /** A table cell with a number, right-aligned. */
    static void cell(StringBuilder b, String v) {
        b.append("<td class=\"num\">").append(esc(v)).append("</td>");
    }

    // ------------------------------------------------------------------ charts

    private static double x(double second, int seconds) {
        return LEFT + (W - LEFT - RIGHT) * second / seconds;
    }

    private static double y(double value, double max) {
        return H - BOTTOM - (H - BOTTOM - TOP) * value / max;
    }

    private static void svgOpen(StringBuilder b, String label) {
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-label=\"").append(esc(label)).append("\">");
    }

    private static void timeAxis(StringBuilder b, Scenario s) {
        int n = s.durationS();
        int step = n <= 120 ? 20 : n <= 300 ? 30 : 60;
        b.append("<g class=\"axis\">");
        b.append(line(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
        for (int t = 0; t <= n; t += step) {
            double px = x(t, n);
            b.append(line(px, H - BOTTOM, px, H - BOTTOM + 3));
            b.append(text(px, H - 6, "middle", t + " s"));
        }
        b.append("</g>");
        double f = x(s.faultStartS(), n);
        double h = x(s.healS(), n);
        b.append("<g class=\"marks\">").append(line(f, TOP, f, H - BOTTOM)).append(line(h, TOP, h, H - BOTTOM))
                .append(text(f + 2, H - BOTTOM - 4, "start", "fault")).append(text(h + 2, H - BOTTOM - 4, "start", "heal"))
                .append("</g>");
    }

    private static void trafficChart(StringBuilder b, Scenario s, RunResult r) {
        int n = s.durationS();
        int[] ok = r.succeededSeries();
        int[] fail = r.failedSeries();
        int[] shed = r.shedSeries();
        int[] off = r.offeredSeries();
        double max = 1;
        for (int v : off) {
            max = Math.max(max, v);
        }
        max = niceCeil(max);
        svgOpen(b, "requests per second, " + r.policyId() + ", " + s.id());
        for (int g = 0; g < r.gateRoutes().size(); g++) {
            for (long[] iv : r.openIntervals(g)) {
                double x0 = x(Math.min(n, iv[0] / 1000.0), n);
                double x1 = x(Math.min(n, iv[1] / 1000.0), n);
                b.append("<rect class=\"openbg\" x=\"").append(f1(x0)).append("\" y=\"").append(TOP)
                        .append("\" width=\"").append(f1(Math.max(0.5, x1 - x0))).append("\" height=\"")
                        .append(H - BOTTOM - TOP).append("\"/>");
                b.append("<rect class=\"openband\" x=\"").append(f1(x0)).append("\" y=\"").append(2 + 5 * g)
                        .append("\" width=\"").append(f1(Math.max(0.5, x1 - x0))).append("\" height=\"4\"/>");
            }
        }
        int[] zero = new int[n];
        int[] okTop = ok;
        int[] failTop = add(ok, fail);
        int[] shedTop = add(failTop, shed);
        area(b, zero, okTop, n, max, OK);
        area(b, okTop, failTop, n, max, FAIL);
        area(b, failTop, shedTop, n, max, SHED);
        yAxis(b, max, "/s");
        timeAxis(b, s);
        b.append("</svg>");
    }

    private static void resistanceChart(StringBuilder b, Scenario s, RunResult r) {
        int n = s.durationS();
        double maxR = 1000;
        for (int g = 0; g < r.gateRoutes().size(); g++) {
            for (double v : r.resistanceSeries(g)) {
                if (!Double.isNaN(v)) {
                    maxR = Math.max(maxR, v);
                }
            }
        }
        double hi = Math.ceil(Math.log10(maxR));
        double lo = 0; // 1 ohm: the tier voltages below R_base stay visible
        svgOpen(b, "resistance over time, " + r.policyId() + ", " + s.id());
        b.append("<g class=\"axis\">");
        for (int d = (int) lo; d <= hi; d++) {
            double py = H - BOTTOM - (H - BOTTOM - TOP) * (d - lo) / (hi - lo);
            b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(f1(py)).append("\" x2=\"")
                    .append(W - RIGHT).append("\" y2=\"").append(f1(py)).append("\"/>");
            b.append(text(LEFT - 4, py + 3, "end", d <= 3 ? Long.toString((long) Math.pow(10, d)) : "1e" + d));
        }
        b.append("</g>");
        for (Tier t : s.tiers()) {
            if (t.voltage() <= 0) {
                continue;
            }
            double py = H - BOTTOM - (H - BOTTOM - TOP) * (Math.log10(t.voltage()) - lo) / (hi - lo);
            b.append("<line class=\"volt\" x1=\"").append(LEFT).append("\" y1=\"").append(f1(py)).append("\" x2=\"")
                    .append(W - RIGHT).append("\" y2=\"").append(f1(py)).append("\"/>");
            b.append(text(W - RIGHT - 2, py - 2, "end", t.name() + " " + Format.fmtVoltage(t.voltage()) + " V"));
        }
        for (int g = 0; g < r.gateRoutes().size(); g++) {
            double[] rs = r.resistanceSeries(g);
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(rs[i])) {
                    continue;
                }
                double py = H - BOTTOM - (H - BOTTOM - TOP) * (Math.log10(Math.max(1, rs[i])) - lo) / (hi - lo);
                pts.append(f1(x(i + 0.5, n))).append(',').append(f1(py)).append(' ');
            }
            if (pts.length() > 0) {
                b.append("<polyline class=\"r\" stroke=\"").append(LINES[g % LINES.length]).append("\" points=\"")
                        .append(pts.toString().trim()).append("\"/>");
            }
            if (s.isFleet()) { // one line per instance, named after it
                b.append(text(LEFT + (W - LEFT - RIGHT) * g / r.gateRoutes().size(), TOP - 5, "start",
                        r.gateRoutes().get(g).replaceFirst("/.*", ""))
                        .replace("<text ", "<text style=\"fill:" + LINES[g % LINES.length] + "\" "));
            } else if (r.gateRoutes().size() > 1) {
                b.append(text(LEFT + 90 * g, TOP - 5, "start", "R of route " + r.gateRoutes().get(g))
                        .replace("<text ", "<text style=\"fill:" + LINES[g % LINES.length] + "\" "));
            }
        }
        timeAxis(b, s);
        b.append("</svg>");
    }

    private static void scriptChart(StringBuilder b, Scenario s) {
        int n = s.durationS();
        Service dep = s.failingService();
        double maxLat = 0;
        double maxRate = 0;
        for (int i = 0; i <= n; i++) {
            maxLat = Math.max(maxLat, dep.latencyMs().at(i * 1000L));
            maxRate = Math.max(maxRate, s.rateAt(i * 1000L));
        }
        maxLat = niceCeil(maxLat * 1.05);
        svgOpen(b, "scenario script, " + s.id());
        StringBuilder lat = new StringBuilder();
        StringBuilder err = new StringBuilder();
        StringBuilder rate = new StringBuilder();
        for (int i = 0; i <= n; i++) {
            long ms = i * 1000L;
            lat.append(f1(x(i, n))).append(',').append(f1(y(dep.latencyMs().at(ms), maxLat))).append(' ');
            err.append(f1(x(i, n))).append(',').append(f1(y(dep.errorRate().at(ms), 1.0))).append(' ');
            rate.append(f1(x(i, n))).append(',').append(f1(y(s.rateAt(ms), maxRate * 1.05))).append(' ');
        }
        yAxis(b, maxLat, " ms");
        b.append("<polyline class=\"rate\" points=\"").append(rate.toString().trim()).append("\"/>");
        b.append("<polyline class=\"lat\" points=\"").append(lat.toString().trim()).append("\"/>");
        b.append("<polyline class=\"err\" points=\"").append(err.toString().trim()).append("\"/>");
        b.append("<g class=\"legend\">")
                .append(text(LEFT, TOP - 5, "start", "latency (ms, left axis)")).append("</g>");
        b.append("<g class=\"legend err\">").append(text(LEFT + 140, TOP - 5, "start", "error rate (0–100 %)"))
                .append("</g>");
        b.append("<g class=\"legend rate\">").append(text(LEFT + 260, TOP - 5, "start",
                "offered (peak " + Math.round(maxRate) + " req/s)")).append("</g>");
        timeAxis(b, s);
        b.append("</svg>");
    }

    private static void yAxis(StringBuilder b, double max, String unit) {
        b.append("<g class=\"axis\">").append(line(LEFT, TOP, LEFT, H - BOTTOM));
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            double py = y(v, max);
            b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(f1(py)).append("\" x2=\"")
                    .append(W - RIGHT).append("\" y2=\"").append(f1(py)).append("\"/>");
            b.append(text(LEFT - 4, py + 3, "end", (max >= 20 || v == Math.rint(v) ? Long.toString(Math.round(v))
                    : Format.num1(v)) + (i == 4 ? unit : "")));
        }
        b.append("</g>");
    }

    private static void area(StringBuilder b, int[] bottom, int[] top, int n, double max, String color) {
        StringBuilder d = new StringBuilder("M");
        for (int i = 0; i < n; i++) {
            d.append(f1(x(i, n))).append(',').append(f1(y(top[i], max))).append(" L")
                    .append(f1(x(i + 1, n))).append(',').append(f1(y(top[i], max))).append(" L");
        }
        for (int i = n - 1; i >= 0; i--) {
            d.append(f1(x(i + 1, n))).append(',').append(f1(y(bottom[i], max))).append(" L")
                    .append(f1(x(i, n))).append(',').append(f1(y(bottom[i], max))).append(i == 0 ? " Z" : " L");
        }
        b.append("<path fill=\"").append(color).append("\" d=\"").append(d).append("\"/>");
    }

    private static int[] add(int[] a, int[] c) {
        int[] s = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + c[i];
        }
        return s;
    }

    private static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-9))));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return "<line x1=\"" + f1(x1) + "\" y1=\"" + f1(y1) + "\" x2=\"" + f1(x2) + "\" y2=\"" + f1(y2) + "\"/>";
    }

    private static String text(double x, double y, String anchor, String s) {
        return "<text x=\"" + f1(x) + "\" y=\"" + f1(y) + "\" text-anchor=\"" + anchor + "\">" + esc(s) + "</text>";
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** HTML-escapes text and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    b.append("&amp;");
                    break;
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }

    private static final String METRICS = String.join("\n",
            "<dt>goodput</dt><dd>Client requests served successfully (no error, within the client's timeout) per "
                    + "simulated second, over the whole run.</dd>",
            "<dt>success rate, per tier, critical success</dt><dd>Succeeded ÷ offered, overall and for each tier "
                    + "(voltage); critical success is the tier with the highest voltage, reported in every "
                    + "scenario. With retries a request succeeds when one of its attempts does.</dd>",
            "<dt>wasted calls</dt><dd>Calls a policy let through to its dependency that then failed with an error or "
                    + "a timeout, summed over the protected calls: the load sent into a dependency that could not "
                    + "serve it.</dd>",
            "<dt>breaker transitions (flapping count)</dt><dd>Closed→open plus open→closed changes of the breakers, "
                    + "summed over the protected calls (and endpoints, where a policy keeps a breaker per endpoint). "
                    + "Resilience4j's HALF_OPEN counts as open (only trial calls pass), so OPEN→HALF_OPEN→OPEN is not "
                    + "a transition, as Atrion's probes are not. Policies without a breaker: –.</dd>",
            "<dt>fully shed, breaker closed</dt><dd>Seconds in which a protected call's gate refused every call it was "
                    + "asked for while its breaker was closed (not open at any moment of that second), summed over "
                    + "the gates: shedding that the transitions do not show (Atrion operational with R above every "
                    + "voltage; a limiter or bulkhead refusing everything).</dd>",
            "<dt>first shed after fault</dt><dd>Seconds from the fault's start to the first call the policy refused; "
                    + "“pre-fault” when the policy was already refusing calls in the 5 s before the fault, “none” "
                    + "when it never refused one.</dd>",
            "<dt>full admission after heal</dt><dd>Seconds from the moment the dependency is healthy again to the "
                    + "start of the first 5 consecutive seconds that each admit at least 99 % of the offered "
                    + "requests; “never” when that does not happen before the run ends.</dd>",
            "<dt>shed before the fault</dt><dd>Share of the requests that arrived before the fault that were shed.</dd>",
            "<dt>calls wasted across the fleet (fleets)</dt><dd>In a storm with several instances behind a load "
                    + "balancer: the wasted calls of every instance together, the punishment the shared dependency "
                    + "takes; per instance in the fleet table.</dd>",
            "<dt>last instance shed after fault (fleets)</dt><dd>Seconds from the fault's start until every "
                    + "instance has refused at least one call: when the whole fleet protects the dependency; "
                    + "“never” when an instance never refused one. First shed is the first instance's; full "
                    + "admission counts the requests of the whole fleet.</dd>",
            "<dt>revenue efficiency</dt><dd>Σ value × succeeded ÷ Σ value × offered over the tiers, with the "
                    + "value per request the scenario defines (Black Friday); – elsewhere.</dd>",
            "<dt>attempts per request</dt><dd>Calls the clients made (first attempts and retries) per request, in "
                    + "scenarios whose clients retry: the load a retry storm adds.</dd>",
            "<dt>mean, worst</dt><dd>The mean over the seeds (over the seeds where the metric is defined, marked *) "
                    + "and the value of the worst seed for that metric: the lowest goodput or success, the most "
                    + "wasted calls, transitions or seconds; “never”, “none” and “pre-fault” count as worse than any "
                    + "number.</dd>",
            "");

    private static final String CSS = String.join("\n",
            "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232b;background:#f6f7f9}",
            "header{background:#1d2633;color:#eef2f7;padding:18px 28px}",
            "header h1{margin:0 0 6px;font-size:24px}",
            "header p{margin:4px 0;max-width:1100px}",
            "nav a{color:#9fc3ff;margin-right:10px}",
            "main{padding:8px 28px 40px}",
            "section{margin:26px 0}",
            "h2{font-size:20px;margin:0 0 8px}",
            "h2 code,dt code{font-size:13px;color:#56606d;font-weight:normal}",
            "h3{font-size:14px;margin:0 0 4px}",
            "p{max-width:1100px}",
            "table{border-collapse:collapse;background:#fff;margin:10px 0;font-size:13px}",
            "th,td{border:1px solid #dde1e6;padding:4px 8px;text-align:left}",
            "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
            "thead th{background:#eef1f5}",
            "tr.first td,tr.first th{border-top:2px solid #9aa4b1}",
            "tr.worst td{color:#56606d}",
            "h3 small{font-weight:normal;color:#56606d}",
            "td.yes{color:#2e7d4f}td.no{color:#b3261e;font-weight:600}",
            "table.fleet{display:inline-table;margin-right:16px;vertical-align:top}",
            "table.fleet caption{text-align:left;font-weight:600;padding:2px 0}",
            ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:12px}",
            ".card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:10px}",
            "figure{margin:0 0 6px}",
            "figure.script{max-width:640px;background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:8px}",
            "figcaption{font-size:12px;color:#56606d}",
            "svg{width:100%;height:auto;display:block}",
            "svg text{font-size:10px;fill:#56606d}",
            ".axis line{stroke:#9aa4b1;stroke-width:1}",
            "line.grid{stroke:#eceff3;stroke-width:1}",
            ".marks line{stroke:#1d2633;stroke-width:1;stroke-dasharray:3 3}",
            "rect.openbg{fill:" + OPEN + ";fill-opacity:.16}",
            "rect.openband{fill:" + OPEN + "}",
            "line.volt{stroke:#56606d;stroke-width:1;stroke-dasharray:5 4}",
            "polyline{fill:none;stroke-width:1.6}",
            "polyline.lat{stroke:" + LINES[0] + "}",
            "polyline.err{stroke:" + FAIL + "}",
            "polyline.rate{stroke:#8a94a3;stroke-dasharray:2 2}",
            ".legend text{fill:" + LINES[0] + "}",
            ".legend.err text{fill:" + FAIL + "}",
            ".legend.rate text{fill:#6b7480}",
            ".k{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}",
            ".k.ok{background:" + OK + "}.k.fail{background:" + FAIL + "}.k.shed{background:#8f97a1}.k.open{background:" + OPEN + "}",
            "dt{font-weight:600;margin-top:8px}dd{margin:2px 0 0 18px;max-width:1000px}",
            "");
}
