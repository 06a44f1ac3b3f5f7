package io.atrion.lab.report;

import io.atrion.lab.LabRun;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The targets of issue 9, checked on a run: Atrion with the limits of tuned Resilience4j
 * ({@link PolicyKind#ATRION_LIMITS}) against every other breaker and limiter, on the means over
 * the seeds. The lab reports them; it does not tune anything to them.
 *
 * <ul>
 *   <li>every scenario: goodput and critical success at least those of each other breaker or
 *       limiter; fewer wasted calls than tuned Resilience4j; full admission within 5 s of tuned
 *       Resilience4j after the heal; nothing shed before the fault;
 *   <li>where load itself causes the failure (flash crowd, Black Friday, noisy neighbour, retry
 *       storm): more goodput than no protection;
 *   <li>Black Friday: revenue efficiency at least 95 %;
 *   <li>flapping: no more transitions than Resilience4j defaults, goodput within 10 % of tuned
 *       Resilience4j.
 * </ul>
 *
 * "Each other breaker or limiter" is r4j-default, r4j-tuned, r4j-bulkhead, concurrency-limits and
 * rate-limit (not atrion-defaults, not none). "Within" is one-sided where more is better: full
 * admission at most 5 s after tuned Resilience4j's, goodput at least 90 % of tuned Resilience4j's.
 * The load-caused storms are the four the issue names, by id; a storm from a file gets the checks
 * of every storm. Storms that did not run all these policies (the fleets) are not checked.
 */
public final class Targets {

    /** Built-in storms whose failure the load itself causes. */
    static final Set<String> LOAD_CAUSED = Set.of("flash-crowd", "black-friday", "noisy-neighbour", "retry-storm");
    private static final List<PolicyKind> PEERS = List.of(PolicyKind.R4J_DEFAULT, PolicyKind.R4J_TUNED,
            PolicyKind.R4J_BULKHEAD, PolicyKind.CONCURRENCY_LIMITS, PolicyKind.RATE_LIMIT);
    private static final PolicyKind ATRION = PolicyKind.ATRION_LIMITS;

    /** One target on one scenario. */
    public record Check(String scenario, String target, String atrion, String other, boolean holds) {
    }

    private Targets() {
    }

    /** Whether the run has what the targets compare (Atrion with limits and every peer). */
    public static boolean applicable(LabRun run) {
        return run.policies().containsAll(PEERS) && run.policies().contains(ATRION)
                && run.policies().contains(PolicyKind.NONE);
    }

    /** Every check, in scenario order. */
    public static List<Check> checks(LabRun run) {
        List<Check> out = new ArrayList<>();
        for (Scenario s : run.scenarios()) {
            List<PolicyKind> ran = run.policies(s);
            if (!ran.containsAll(PEERS) || !ran.contains(ATRION) || !ran.contains(PolicyKind.NONE)) {
                continue;
            }
            String id = s.id();
            best(out, run, s, "goodput >= every breaker/limiter", RunResult::goodput, Metric.GOODPUT);
            best(out, run, s, "critical success >= every breaker/limiter", RunResult::criticalSuccessRate,
                    Metric.CRITICAL);
            double w = mean(run, s, ATRION, RunResult::wasted);
            double wt = mean(run, s, PolicyKind.R4J_TUNED, RunResult::wasted);
            out.add(new Check(id, "fewer wasted calls than r4j-tuned", Metric.WASTED.format(w),
                    Metric.WASTED.format(wt), w < wt));
            fullAdmission(out, run, s);
            double calm = max(run, s, ATRION, RunResult::calmShedRate);
            out.add(new Check(id, "nothing shed before the fault (every seed)", Metric.CALM_SHED.format(calm), "",
                    calm == 0));
            if (LOAD_CAUSED.contains(id)) {
                double g = mean(run, s, ATRION, RunResult::goodput);
                double n = mean(run, s, PolicyKind.NONE, RunResult::goodput);
                out.add(new Check(id, "goodput > no protection", Metric.GOODPUT.format(g),
                        Metric.GOODPUT.format(n) + " none", g > n));
            }
            if (id.equals("black-friday")) {
                double rev = mean(run, s, ATRION, RunResult::revenueEfficiency);
                out.add(new Check(id, "revenue efficiency >= 95 %", Metric.REVENUE.format(rev), "", rev >= 0.95));
            }
            if (id.equals("flapping")) {
                double t = mean(run, s, ATRION, RunResult::transitions);
                double td = mean(run, s, PolicyKind.R4J_DEFAULT, RunResult::transitions);
                out.add(new Check(id, "transitions <= r4j-default", Metric.TRANSITIONS.format(t),
                        Metric.TRANSITIONS.format(td), t <= td));
                double g = mean(run, s, ATRION, RunResult::goodput);
                double gt = mean(run, s, PolicyKind.R4J_TUNED, RunResult::goodput);
                out.add(new Check(id, "goodput within 10 % of r4j-tuned", Metric.GOODPUT.format(g),
                        Metric.GOODPUT.format(gt), g >= 0.9 * gt));
            }
        }
        return out;
    }

    private static void best(List<Check> out, LabRun run, Scenario s, String target, ToDoubleFunction<RunResult> f,
                             Metric m) {
        double a = mean(run, s, ATRION, f);
        PolicyKind bestPeer = PEERS.get(0);
        double best = Double.NEGATIVE_INFINITY;
        for (PolicyKind p : PEERS) {
            double v = mean(run, s, p, f);
            if (v > best) {
                best = v;
                bestPeer = p;
            }
        }
        out.add(new Check(s.id(), target, m.format(a), m.format(best) + " " + bestPeer.id(), a >= best));
    }

    private static void fullAdmission(List<Check> out, LabRun run, Scenario s) {
        double a = mean(run, s, ATRION, RunResult::fullAdmissionS);
        double t = mean(run, s, PolicyKind.R4J_TUNED, RunResult::fullAdmissionS);
        String as = Double.isNaN(a) ? "never" : Metric.FULL_ADMISSION.format(a) + " s";
        String ts = Double.isNaN(t) ? "never" : Metric.FULL_ADMISSION.format(t) + " s";
        // Sooner is never a miss; "never" on any seed makes the mean "never" (worse than any number).
        boolean holds = !Double.isNaN(a) && (Double.isNaN(t) || a <= t + 5);
        out.add(new Check(s.id(), "full admission within 5 s of r4j-tuned", as, ts, holds));
    }

    /** Mean over the seeds; NaN when any seed is NaN (e.g. "never"). */
    private static double mean(LabRun run, Scenario s, PolicyKind p, ToDoubleFunction<RunResult> f) {
        double sum = 0;
        List<RunResult> rs = run.runs(s, p);
        for (RunResult r : rs) {
            sum += f.applyAsDouble(r);
        }
        return sum / rs.size();
    }

    private static double max(LabRun run, Scenario s, PolicyKind p, ToDoubleFunction<RunResult> f) {
        double m = Double.NEGATIVE_INFINITY;
        for (RunResult r : run.runs(s, p)) {
            m = Math.max(m, f.applyAsDouble(r));
        }
        return m;
    }

    /** The checks as a Markdown table, with a count line first. */
    public static String markdown(LabRun run) {
        List<Check> checks = checks(run);
        int held = 0;
        for (Check c : checks) {
            held += c.holds() ? 1 : 0;
        }
        StringBuilder b = new StringBuilder();
        b.append(held).append(" of ").append(checks.size()).append(" hold (atrion-limits, mean over seeds ")
                .append(run.seedsText()).append(").\n\n");
        b.append("| scenario | target | atrion-limits | compared with | holds |\n|---|---|---:|---:|---|\n");
        String last = "";
        for (Check c : checks) {
            b.append("| ").append(c.scenario().equals(last) ? "" : c.scenario()).append(" | ").append(c.target())
                    .append(" | ").append(c.atrion()).append(" | ").append(c.other()).append(" | ")
                    .append(c.holds() ? "yes" : "**no**").append(" |\n");
            last = c.scenario();
        }
        return b.toString();
    }
}
