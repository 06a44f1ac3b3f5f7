package io.atrion.lab.report;

import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.report.Metric.Row;
import io.atrion.lab.sim.RunResult;
import java.util.List;

/**
 * One metric of one (scenario, policy) over its seeds: the mean and the worst seed, as printed.
 * The mean is over the seeds where the metric is defined ("*" when that is not all of them:
 * e.g. the seeds that shed at all, for "first shed"); the worst seed is picked by
 * {@link Metric#badness}, so an undefined "none", "never" or "pre-fault" can be the worst.
 *
 * @param mean  the mean as printed, or the worst label when no seed defines the metric
 * @param worst the worst seed's value as printed
 * @param seeds how many seeds
 */
public record Aggregate(String mean, String worst, int seeds) {

    /** The aggregate of {@code row} over {@code runs} (one per seed) of policy {@code p}. */
    public static Aggregate of(List<RunResult> runs, PolicyKind p, Row row) {
        Metric m = row.metric();
        double sum = 0;
        int defined = 0;
        RunResult worstRun = runs.get(0);
        double worstBadness = Double.NEGATIVE_INFINITY;
        for (RunResult r : runs) {
            double v = m.value(r, p, row.tier());
            if (!Double.isNaN(v)) {
                sum += v;
                defined++;
            }
            double b = m.badness(r, p, row.tier());
            if (b > worstBadness) {
                worstBadness = b;
                worstRun = r;
            }
        }
        String worst = m.format(worstRun, p, row.tier());
        String mean = defined == 0 ? worst : m.format(sum / defined) + (defined < runs.size() ? "*" : "");
        return new Aggregate(mean, worst, runs.size());
    }

    /**
     * "mean (worst)"; the value alone for one seed, or when no seed defines the metric and they
     * all say the same ("none", "never", "-").
     */
    public String cell() {
        return seeds == 1 || mean.equals(worst) && !Character.isDigit(mean.charAt(0)) ? mean
                : mean + " (" + worst + ")";
    }
}
