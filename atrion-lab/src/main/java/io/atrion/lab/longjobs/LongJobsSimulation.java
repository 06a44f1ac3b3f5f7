package io.atrion.lab.longjobs;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Presets;
import io.atrion.WorkloadProfile;
import io.atrion.guard.AtrionRejectedException;
import io.atrion.lab.policy.SimClock;
import io.atrion.lease.Lease;
import io.atrion.lease.LeaseOutcome;
import io.atrion.lease.TaskOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One run of the long-jobs storm under one policy and seed, on virtual time (a discrete-event
 * loop in ms). One pool of workers serves both the API and report jobs, first come first served.
 * A hung job stops making progress at a random point of its first 30 s and holds its worker until
 * a policy cancels it (its future completes exceptionally and the work, which watches it, stops),
 * or forever. Every policy meets the same arrivals and luck (one random stream per traffic class,
 * from the seed). Not thread-safe; one instance per run.
 */
final class LongJobsSimulation {

    /** The policies compared. */
    enum Policy {
        /**
         * Atrion ({@code Presets.interactive()}, the healing preset of docs/guard.md: λ = 0.3/s): a
         * HEAVY lease per job (heartbeats every 5 s), admitted at normal voltage (20 V).
         */
        ATRION_LEASES("atrion-leases", "Atrion leases (HEAVY, heartbeats)"),
        /** Resilience4j 2.4.0: TimeLimiter above the longest legitimate job, and a CircuitBreaker. */
        R4J_TIMELIMITER("r4j-timelimiter", "R4j TimeLimiter + CircuitBreaker"),
        /** Every job runs until it ends, hung ones forever. */
        NONE("none", "None");

        final String id;
        final String title;

        Policy(String id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    /** What one run measured. */
    record Result(Policy policy, long seed, int jobsSubmitted, int jobsShed, int jobsCompleted, int jobsCut,
                  int hungJobs, int hungReclaimed, double hungWorkerSeconds, int maxWorkersHeldByHung,
                  int apiRequests, int apiOk, int apiHealthySeconds, int seconds) {

        double apiHealthyPercent() {
            return 100.0 * apiHealthySeconds / seconds;
        }

        double apiSuccessPercent() {
            return apiRequests == 0 ? 100.0 : 100.0 * apiOk / apiRequests;
        }
    }

    private static final long TICK_MS = 1_000;
    private static final long HANG_WITHIN_MS = 30_000;
    private static final double JITTER_SIGMA = 0.25;
    private static final String ROUTE = "reports/render";

    private final LongJobsScenario s;
    private final Policy policy;
    private final long seed;
    private final SplittableRandom apiRandom;
    private final SplittableRandom jobRandom;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Job> cancelled = new ConcurrentLinkedQueue<>();
    private final java.util.List<Job> hung = new java.util.ArrayList<>();
    private final int[] apiArrivals;
    private final int[] apiOkBySecond;
    private long now;
    private long sequence;
    private int busy;
    private int hungHolding;

    private Atrion atrion;
    private ManualClock atrionClock;
    private CircuitBreaker breaker;
    private TimeLimiter limiter;
    private final SimClock simClock = new SimClock();
    private final VirtualScheduler scheduler = new VirtualScheduler();

    private int jobsSubmitted;
    private int jobsShed;
    private int jobsCompleted;
    private int jobsCut;
    private int hungJobs;
    private int hungReclaimed;
    private double hungWorkerMs;
    private int maxHungHolding;
    private int apiRequests;

    LongJobsSimulation(LongJobsScenario scenario, Policy policy, long seed, Engine engine) {
        this.s = scenario;
        this.policy = policy;
        this.seed = seed;
        this.apiRandom = new SplittableRandom(seed);
        this.jobRandom = apiRandom.split();
        int seconds = (int) (scenario.durationMs() / 1000);
        this.apiArrivals = new int[seconds + 1];
        this.apiOkBySecond = new int[seconds + 1];
        if (policy == Policy.ATRION_LEASES) {
            atrionClock = new ManualClock(SimClock.EPOCH_MS);
            atrion = Presets.interactive().engine(engine).clock(atrionClock).leaseAutoSweep(false)
                    .profile(ROUTE, WorkloadProfile.HEAVY).build();
        } else if (policy == Policy.R4J_TIMELIMITER) {
            limiter = TimeLimiter.of(TimeLimiterConfig.custom()
                    .timeoutDuration(Duration.ofMillis(scenario.timeLimiterMs())).cancelRunningFuture(true).build());
            breaker = CircuitBreaker.of(ROUTE, CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(10)
                    .minimumNumberOfCalls(5)
                    .failureRateThreshold(50)
                    // Only timeouts count against a job, not its (legitimately long) duration.
                    .slowCallDurationThreshold(Duration.ofMillis(scenario.timeLimiterMs()))
                    .waitDurationInOpenState(Duration.ofSeconds(30))
                    .clock(simClock)
                    .build());
        }
    }

    /** An event of the loop, in time order (ties in scheduling order). */
    private record Event(long atMs, long seq, int kind, Object subject) implements Comparable<Event> {
        static final int API_ARRIVAL = 0;
        static final int JOB_ARRIVAL = 1;
        static final int API_END = 2;
        static final int JOB_END = 3;
        static final int HEARTBEAT = 4;
        static final int TICK = 5;

        @Override
        public int compareTo(Event o) {
            return atMs != o.atMs ? Long.compare(atMs, o.atMs) : Long.compare(seq, o.seq);
        }
    }

    private static final class ApiRequest {
        final long arrivedMs;

        ApiRequest(long arrivedMs) {
            this.arrivedMs = arrivedMs;
        }
    }

    private static final class Job {
        final long durationMs;
        final boolean hangs;
        final long hangAfterMs;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        long startedMs;
        Lease lease;
        boolean running;
        boolean ended;

        Job(long durationMs, boolean hangs, long hangAfterMs) {
            this.durationMs = durationMs;
            this.hangs = hangs;
            this.hangAfterMs = hangAfterMs;
        }
    }

    Result run() {
        try {
            schedule(exponential(apiRandom, s.apiRatePerS()), Event.API_ARRIVAL, null);
            schedule(exponential(jobRandom, s.jobRatePerS()), Event.JOB_ARRIVAL, null);
            schedule(TICK_MS, Event.TICK, null);
            while (true) {
                long nextEvent = events.isEmpty() ? Long.MAX_VALUE : events.peek().atMs();
                long nextTimer = scheduler.nextDueMs();
                long next = Math.min(nextEvent, nextTimer);
                if (next > s.durationMs()) {
                    break;
                }
                setTime(next);
                if (nextTimer <= nextEvent) {
                    scheduler.runDue(now); // the TimeLimiter's timeouts
                    reclaimCancelled();
                    continue;
                }
                handle(events.poll());
            }
            setTime(s.durationMs());
            return result();
        } finally {
            if (atrion != null) {
                atrion.close();
            }
        }
    }

    private void setTime(long ms) {
        now = ms;
        simClock.set(ms);
        scheduler.setNow(ms);
        if (atrionClock != null) {
            atrionClock.set(SimClock.EPOCH_MS + ms);
        }
    }

    private void schedule(long delayMs, int kind, Object subject) {
        events.add(new Event(now + delayMs, sequence++, kind, subject));
    }

    private static long exponential(SplittableRandom r, double ratePerS) {
        return Math.max(1L, Math.round(-Math.log(1.0 - r.nextDouble()) / ratePerS * 1000.0));
    }

    private void handle(Event e) {
        switch (e.kind()) {
            case Event.API_ARRIVAL:
                apiRequests++;
                apiArrivals[second(now)]++;
                queue.add(new ApiRequest(now));
                schedule(exponential(apiRandom, s.apiRatePerS()), Event.API_ARRIVAL, null);
                break;
            case Event.JOB_ARRIVAL:
                jobsSubmitted++;
                queue.add(newJob());
                schedule(exponential(jobRandom, s.jobRatePerS()), Event.JOB_ARRIVAL, null);
                break;
            case Event.API_END:
                busy--;
                ApiRequest r = (ApiRequest) e.subject();
                if (now - r.arrivedMs <= s.apiTimeoutMs()) {
                    apiOkBySecond[second(r.arrivedMs)]++;
                }
                break;
            case Event.JOB_END:
                finish((Job) e.subject());
                break;
            case Event.HEARTBEAT:
                heartbeat((Job) e.subject());
                break;
            default: // TICK
                if (atrion != null) {
                    atrion.leases().sweep(); // lease timeouts at this virtual second; hooks complete futures
                    reclaimCancelled();
                }
                maxHungHolding = Math.max(maxHungHolding, hungHolding);
                schedule(TICK_MS, Event.TICK, null);
                break;
        }
        startWork();
    }

    private int second(long ms) {
        return (int) Math.min(apiArrivals.length - 1, ms / 1000);
    }

    private Job newJob() {
        long duration = s.jobMinMs() + (long) (jobRandom.nextDouble() * (s.jobMaxMs() - s.jobMinMs()));
        boolean fault = now >= s.faultFromMs() && now < s.faultToMs();
        boolean hangs = jobRandom.nextDouble() < (fault ? s.hangFractionDuringFault() : s.hangFraction());
        long hangAfter = (long) (jobRandom.nextDouble() * Math.min(duration, HANG_WITHIN_MS));
        return new Job(duration, hangs, hangAfter);
    }

    /** Hands queued work to free workers, first come first served; expired API requests are dropped. */
    private void startWork() {
        while (busy < s.workers() && !queue.isEmpty()) {
            Object w = queue.poll();
            if (w instanceof ApiRequest) {
                ApiRequest r = (ApiRequest) w;
                if (now - r.arrivedMs > s.apiTimeoutMs()) {
                    continue; // its client gave up; the server checks the deadline before serving
                }
                busy++;
                double jitter = Math.exp(JITTER_SIGMA * apiRandom.nextGaussian() - JITTER_SIGMA * JITTER_SIGMA / 2);
                schedule(Math.max(1L, Math.round(s.apiLatencyMs() * jitter)), Event.API_END, r);
            } else {
                start((Job) w);
            }
        }
    }

    private void start(Job job) {
        if (!admit(job)) {
            jobsShed++;
            return;
        }
        busy++;
        job.running = true;
        job.startedMs = now;
        // The work watches its future: cancelled (completed exceptionally) → it stops and frees its worker.
        job.future.whenComplete((v, failure) -> {
            if (failure != null) {
                cancelled.add(job);
            }
        });
        if (job.hangs) {
            hungJobs++;
            hung.add(job);
        } else {
            schedule(job.durationMs, Event.JOB_END, job);
        }
        if (job.lease != null && (!job.hangs || job.hangAfterMs > s.heartbeatMs())) {
            schedule(s.heartbeatMs(), Event.HEARTBEAT, job);
        }
        if (job.hangs) {
            hungHolding++; // counted as held from its start; worker-seconds count from the hang
        }
    }

    private boolean admit(Job job) {
        switch (policy) {
            case ATRION_LEASES:
                try {
                    job.lease = atrion.startTask(ROUTE, TaskOptions.builder().cancel(job.future).voltage(20).build());
                    return true;
                } catch (AtrionRejectedException shed) {
                    return false;
                }
            case R4J_TIMELIMITER:
                if (!breaker.tryAcquirePermission()) {
                    return false;
                }
                long started = now;
                limiter.decorateCompletionStage(scheduler, () -> job.future).get().whenComplete((v, failure) -> {
                    long ms = Math.max(0L, now - started);
                    if (failure == null) {
                        breaker.onSuccess(ms, TimeUnit.MILLISECONDS);
                    } else {
                        breaker.onError(ms, TimeUnit.MILLISECONDS, failure);
                    }
                });
                return true;
            default:
                return true;
        }
    }

    private void heartbeat(Job job) {
        if (job.ended) {
            return;
        }
        long progressMs = now - job.startedMs;
        if (job.hangs && progressMs > job.hangAfterMs) {
            return; // stuck: no more heartbeats
        }
        job.lease.heartbeat(Math.min(1.0, progressMs / (double) job.durationMs));
        if (!job.hangs || progressMs + s.heartbeatMs() <= job.hangAfterMs) {
            schedule(s.heartbeatMs(), Event.HEARTBEAT, job);
        }
    }

    private void finish(Job job) {
        if (job.ended) {
            return;
        }
        job.ended = true;
        busy--;
        jobsCompleted++;
        if (job.lease != null) {
            job.lease.release(LeaseOutcome.COMPLETED);
        }
        job.future.complete(null);
    }

    /** Frees the workers of jobs a policy cancelled. */
    private void reclaimCancelled() {
        for (Job job; (job = cancelled.poll()) != null; ) {
            if (job.ended) {
                continue;
            }
            job.ended = true;
            busy--;
            if (job.hangs) {
                hungReclaimed++;
                hungHolding--;
                hungWorkerMs += Math.max(0L, now - (job.startedMs + job.hangAfterMs));
            } else {
                jobsCut++;
            }
        }
        startWork();
    }

    private Result result() {
        // Hung jobs never reclaimed held their worker from the hang to the end.
        double stuckMs = hungWorkerMs + unreclaimedHangMs();
        int seconds = apiArrivals.length - 1;
        int healthy = 0;
        for (int i = 0; i < seconds; i++) {
            if (apiArrivals[i] == 0 || apiOkBySecond[i] >= 0.95 * apiArrivals[i]) {
                healthy++;
            }
        }
        int ok = 0;
        for (int c : apiOkBySecond) {
            ok += c;
        }
        return new Result(policy, seed, jobsSubmitted, jobsShed, jobsCompleted, jobsCut, hungJobs, hungReclaimed,
                stuckMs / 1000.0, maxHungHolding, apiRequests, ok, healthy, seconds);
    }

    private double unreclaimedHangMs() {
        double ms = 0;
        for (Job job : hung) {
            if (!job.ended) {
                ms += Math.max(0L, now - (job.startedMs + job.hangAfterMs));
            }
        }
        return ms;
    }
}
