package io.atrion.lab.longjobs;

import io.atrion.Engine;
import io.atrion.lab.longjobs.LongJobsSimulation.Policy;
import io.atrion.lab.longjobs.LongJobsSimulation.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The long-jobs wind tunnel (SPEC §4, issue 13): every policy of {@link Policy} through the
 * {@linkplain LongJobsScenario built-in storm} once per seed; a text table (mean over the seeds,
 * worst seed in parentheses where it matters) and {@code long-jobs.json}.
 */
public final class LongJobs {

    /** The id {@code ./atrion lab long-jobs} runs it by. */
    public static final String ID = "long-jobs";

    private LongJobs() {
    }

    /** Runs the built-in storm, prints its table to {@code out} and writes {@code long-jobs.json} into {@code outDir}. */
    public static void runAndReport(List<Long> seeds, Engine engine, Path outDir, java.io.PrintStream out)
            throws IOException {
        LongJobsScenario s = LongJobsScenario.builtIn();
        List<List<Result>> results = run(s, seeds, engine);
        out.print(render(s, results, seeds));
        Files.createDirectories(outDir);
        Path json = outDir.resolve("long-jobs.json");
        writeJson(s, results, json);
        out.println("Long jobs:   " + json.toAbsolutePath().normalize());
        out.flush();
    }

    /** Runs every policy on every seed, in order (each run is independent and deterministic). */
    public static List<List<Result>> run(LongJobsScenario scenario, List<Long> seeds, Engine engine) {
        List<List<Result>> byPolicy = new ArrayList<>();
        for (Policy p : Policy.values()) {
            List<Result> runs = new ArrayList<>();
            for (long seed : seeds) {
                runs.add(new LongJobsSimulation(scenario, p, seed, engine).run());
            }
            byPolicy.add(runs);
        }
        return byPolicy;
    }

    /** The table of a run: one row per policy. */
    public static String render(LongJobsScenario s, List<List<Result>> byPolicy, List<Long> seeds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n== %s ==%n%s; %d workers shared; API %.0f/s (%.0f ms, %d ms timeout); "
                        + "jobs %.1f/s of %d-%d s, heartbeat %d s; %.0f %% hang (%.0f %% from %d s to %d s); "
                        + "R4j TimeLimiter %d s. Mean over seeds %s (worst seed in parentheses).%n",
                s.id(), s.title(), s.workers(), s.apiRatePerS(), s.apiLatencyMs(), s.apiTimeoutMs(), s.jobRatePerS(),
                s.jobMinMs() / 1000, s.jobMaxMs() / 1000, s.heartbeatMs() / 1000, 100 * s.hangFraction(),
                100 * s.hangFractionDuringFault(), s.faultFromMs() / 1000, s.faultToMs() / 1000,
                s.timeLimiterMs() / 1000, seeds));
        b.append(String.format(Locale.ROOT, "%-34s %10s %10s %12s %14s %16s %14s %12s%n", "policy", "jobs done",
                "jobs shed", "hung", "hung reclaimed", "hung worker-s", "API healthy s", "API ok"));
        for (List<Result> runs : byPolicy) {
            b.append(String.format(Locale.ROOT, "%-34s %10.1f %10.1f %12.1f %14.1f %16s %14s %11.2f%%%n",
                    runs.get(0).policy().title,
                    mean(runs, r -> r.jobsCompleted()), mean(runs, r -> r.jobsShed()), mean(runs, r -> r.hungJobs()),
                    mean(runs, r -> r.hungReclaimed()),
                    String.format(Locale.ROOT, "%.0f (%.0f)", mean(runs, Result::hungWorkerSeconds),
                            max(runs, Result::hungWorkerSeconds)),
                    String.format(Locale.ROOT, "%.0f/%d (%.0f)", mean(runs, r -> r.apiHealthySeconds()),
                            runs.get(0).seconds(), min(runs, r -> r.apiHealthySeconds())),
                    mean(runs, Result::apiSuccessPercent)));
        }
        b.append("jobs done: completed normally; hung worker-s: seconds workers sat on hung jobs (from the hang until\n"
                + "reclaimed, or the end); API healthy s: seconds in which at least 95 % of API requests succeeded.\n");
        return b.toString();
    }

    /** {@code long-jobs.json}: every run's numbers. */
    public static void writeJson(LongJobsScenario s, List<List<Result>> byPolicy, Path file) throws IOException {
        StringBuilder b = new StringBuilder("{\"scenario\":\"").append(s.id()).append("\",\"runs\":[");
        boolean first = true;
        for (List<Result> runs : byPolicy) {
            for (Result r : runs) {
                b.append(first ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"policy\":\"%s\",\"seed\":%d,\"jobsSubmitted\":%d,\"jobsShed\":%d,\"jobsCompleted\":%d,"
                                + "\"jobsCut\":%d,\"hungJobs\":%d,\"hungReclaimed\":%d,\"hungWorkerSeconds\":%.3f,"
                                + "\"maxWorkersHeldByHung\":%d,\"apiRequests\":%d,\"apiOk\":%d,\"apiHealthySeconds\":%d,"
                                + "\"seconds\":%d}",
                        r.policy().id, r.seed(), r.jobsSubmitted(), r.jobsShed(), r.jobsCompleted(), r.jobsCut(),
                        r.hungJobs(), r.hungReclaimed(), r.hungWorkerSeconds(), r.maxWorkersHeldByHung(),
                        r.apiRequests(), r.apiOk(), r.apiHealthySeconds(), r.seconds()));
                first = false;
            }
        }
        Files.writeString(file, b.append("]}\n").toString(), StandardCharsets.UTF_8);
    }

    private static double mean(List<Result> runs, java.util.function.ToDoubleFunction<Result> f) {
        return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double max(List<Result> runs, java.util.function.ToDoubleFunction<Result> f) {
        return runs.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    private static double min(List<Result> runs, java.util.function.ToDoubleFunction<Result> f) {
        return runs.stream().mapToDouble(f).min().orElse(Double.NaN);
    }
}
