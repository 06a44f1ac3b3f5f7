package io.atrion.lab.longjobs;

import io.atrion.lab.json.Json;
import io.atrion.lab.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The "long jobs" storm (SPEC §4): an API and a report generator share one worker pool; report
 * jobs run for minutes, and some hang (a dependency of the report generator stops answering),
 * more of them during a fault window. Read from the JSON resource {@code long-jobs.json}.
 *
 * @param id                       "long-jobs"
 * @param title                    one line for the report
 * @param durationMs               simulated time
 * @param workers                  the shared pool's size
 * @param apiRatePerS              API requests per second (Poisson)
 * @param apiLatencyMs             mean API service time (log-normal jitter, σ = 0.25)
 * @param apiTimeoutMs             an API request not done by then failed (the client gave up; a
 *                                 queued one past its deadline is dropped when dequeued)
 * @param jobRatePerS              report jobs per second (Poisson)
 * @param jobMinMs                 shortest job
 * @param jobMaxMs                 longest job (uniform in between)
 * @param heartbeatMs              how often a running job reports progress (HEAVY: 5 s)
 * @param hangFraction             share of jobs that hang outside the fault
 * @param hangFractionDuringFault  share of jobs started in the fault window that hang
 * @param faultFromMs              fault window start
 * @param faultToMs                fault window end
 * @param timeLimiterMs            Resilience4j TimeLimiter's timeout: above the longest legitimate job
 */
public record LongJobsScenario(String id, String title, long durationMs, int workers, double apiRatePerS,
                               double apiLatencyMs, long apiTimeoutMs, double jobRatePerS, long jobMinMs,
                               long jobMaxMs, long heartbeatMs, double hangFraction, double hangFractionDuringFault,
                               long faultFromMs, long faultToMs, long timeLimiterMs) {

    /** The built-in storm. */
    public static LongJobsScenario builtIn() {
        try (InputStream in = LongJobsScenario.class.getResourceAsStream("long-jobs.json")) {
            if (in == null) {
                throw new IllegalStateException("long-jobs.json is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LongJobsScenario parse(String text) {
        Map<String, JsonValue> root = Json.parse(text).members();
        Map<String, JsonValue> api = root.get("api").members();
        Map<String, JsonValue> jobs = root.get("jobs").members();
        return new LongJobsScenario(root.get("id").text(), root.get("title").text(), ms(root, "durationS"),
                (int) root.get("workers").number(), api.get("ratePerS").number(), api.get("latencyMs").number(),
                (long) api.get("timeoutMs").number(), jobs.get("ratePerS").number(), ms(jobs, "minDurationS"),
                ms(jobs, "maxDurationS"), ms(jobs, "heartbeatS"), jobs.get("hangFraction").number(),
                jobs.get("hangFractionDuringFault").number(), ms(jobs, "faultFromS"), ms(jobs, "faultToS"),
                ms(root, "timeLimiterS"));
    }

    private static long ms(Map<String, JsonValue> o, String secondsKey) {
        return Math.round(o.get(secondsKey).number() * 1000);
    }
}
