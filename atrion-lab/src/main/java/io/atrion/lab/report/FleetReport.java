package io.atrion.lab.report;

import io.atrion.lab.LabRun;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

/**
 * What a storm with a fleet adds to the reports: per instance, when it first refused a call after
 * the fault and how many of its calls were wasted (means over the seeds), for every policy. The
 * fleet-wide numbers are in the storm's metrics table (calls wasted across the fleet, last
 * instance shed, full admission of the fleet's requests).
 */
final class FleetReport {

    private FleetReport() {
    }

    /** The two per-instance tables under a storm's table in the terminal report. */
    static void text(StringBuilder b, LabRun run, Scenario s) {
        b.append("   ").append(s.fleet().describe()).append("; per instance, mean over the seeds")
                .append(" (* over the seeds where it is defined):\n");
        b.append("   first shed after the fault, s\n");
        TextReport.table(b, headers(s), rows(run, s, FleetReport::firstShed), "   ");
        b.append("   wasted calls\n");
        TextReport.table(b, headers(s), rows(run, s, FleetReport::wasted), "   ");
    }

    /** The same two tables in a storm's section of the HTML report. */
    static void html(StringBuilder b, LabRun run, Scenario s) {
        b.append("<p>").append(HtmlReport.esc(capitalized(s.fleet().describe())))
                .append(": each instance runs its own copy of the policy. Per instance, mean over the seeds "
                        + "(* over the seeds where it is defined):</p>\n");
        htmlTable(b, run, s, "first shed after the fault (s)", FleetReport::firstShed);
        htmlTable(b, run, s, "wasted calls", FleetReport::wasted);
    }

    private static void htmlTable(StringBuilder b, LabRun run, Scenario s, String caption,
                                  ToDoubleBiFunction<RunResult, Integer> f) {
        b.append("<table class=\"fleet\">\n<caption>").append(HtmlReport.esc(caption))
                .append("</caption>\n<thead><tr>");
        for (String h : headers(s)) {
            b.append("<th>").append(HtmlReport.esc(h)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows(run, s, f)) {
            b.append("<tr><th>").append(HtmlReport.esc(row.get(0))).append("</th>");
            for (String v : row.subList(1, row.size())) {
                HtmlReport.cell(b, v);
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static List<String> headers(Scenario s) {
        List<String> h = new ArrayList<>(List.of("policy"));
        h.addAll(s.fleet().instanceNames());
        return h;
    }

    private static List<List<String>> rows(LabRun run, Scenario s, ToDoubleBiFunction<RunResult, Integer> f) {
        List<List<String>> rows = new ArrayList<>();
        for (PolicyKind p : run.policies(s)) {
            List<String> row = new ArrayList<>(List.of(p.shortName()));
            List<RunResult> runs = run.runs(s, p);
            for (int k = 0; k < s.instances(); k++) {
                row.add(mean(runs, k, f));
            }
            rows.add(row);
        }
        return rows;
    }

    private static double firstShed(RunResult r, Integer k) {
        return r.instanceFirstShedS(k);
    }

    private static double wasted(RunResult r, Integer k) {
        return r.instanceWasted(k);
    }

    /** Mean over the seeds where the value is defined ("*" when not all), "never" when none is. */
    private static String mean(List<RunResult> runs, int k, ToDoubleBiFunction<RunResult, Integer> f) {
        double sum = 0;
        int defined = 0;
        boolean preFault = false;
        for (RunResult r : runs) {
            double v = f.applyAsDouble(r, k);
            if (!Double.isNaN(v)) {
                sum += v;
                defined++;
            }
            preFault |= r.shedBeforeFault();
        }
        if (defined == 0) {
            return preFault ? "pre-fault" : "never";
        }
        return Format.num1(sum / defined) + (defined < runs.size() ? "*" : "");
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
