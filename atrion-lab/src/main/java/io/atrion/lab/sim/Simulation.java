package io.atrion.lab.sim;

import io.atrion.lab.policy.Gate;
import io.atrion.lab.policy.Policy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A discrete-event simulation of one scenario with one policy, on virtual time (milliseconds; no
 * sleeping, no threads). Everything random comes from {@link SplittableRandom}s seeded by the
 * caller, split so that the clients' arrivals, the tiers and every request's own luck (service
 * time jitter, error draws, whether it needs a downstream call, retry jitter) are the same for
 * every policy: the policies meet identical storms (common random numbers), and the same seed
 * gives the same run to the last bit.
 *
 * <p>Each source of traffic is a Poisson process with its rate script (the first source draws
 * from {@code SplittableRandom(seed)}, the others from their own generators derived from the
 * seed). Each request walks the call chain from {@link Scenario#entry()}; protected calls ask
 * their gate at the moment they start and report to it when they end, both at that simulated
 * time. Clients of a source with a {@link Retry} try again after a failed or shed call. In-flight
 * counts and saturation come from the overlapping requests themselves: workers, queues and
 * timeouts (see {@link Service}).
 *
 * <p>A storm with a {@link Fleet} runs one policy instance per instance of the calling
 * application: the load balancer gives each request to an instance when it arrives, and the
 * request's protected calls go through that instance's gates; the services are shared. Policies
 * that work between calls (a state provider's deliveries, a publisher) schedule it on the
 * simulation's {@link VirtualTime}.
 */
public final class Simulation {

    private static final double TWO_PI = 2.0 * Math.PI;
    /** How often a service whose worker count follows a script checks for newly free workers, ms. */
    private static final long CAPACITY_TICK_MS = 100;
    /** Stream index of the load balancer's generator (sources use 1, 2, …). */
    private static final int BALANCER_STREAM = 1_000_003;

    private final Scenario scenario;
    private final Recorder recorder;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final Map<Service, Node> nodes = new IdentityHashMap<>();
    /** Per protected call: its gates, indexed by instance × endpoints + endpoint. */
    private final Map<Call, GateState[]> gates = new IdentityHashMap<>();
    private final int endpointCount;
    private final Fleet.Picker balancer;
    private final List<Policy> policies;
    private final Arrivals[] sources;
    private final double[] tierVolts;
    private final int[] tierEndpoint;
    private final long endMs;
    private final long drainMs;
    private long now;
    private long sequence;

    /**
     * A run of a storm with one instance of the calling application.
     *
     * @param policy the policy's instance for this run (a fresh one: gates keep state)
     * @param seed   the run's seed
     * @throws IllegalArgumentException when the storm runs a fleet (it needs one policy per instance)
     */
    public Simulation(Scenario scenario, Policy policy, long seed) {
        this(scenario, List.of(policy), seed);
    }

    /**
     * A run with one policy instance per instance of the storm's {@link Fleet}.
     *
     * @param instances the policy of each instance, in instance order (fresh ones: gates keep state,
     *                  and an instance's gates are its own; only a stateless policy may be listed twice)
     * @param seed      the run's seed
     * @throws IllegalArgumentException when the list does not have one policy per instance
     */
    public Simulation(Scenario scenario, List<Policy> instances, long seed) {
        this.scenario = scenario;
        this.policies = List.copyOf(instances);
        if (policies.size() != scenario.instances()) {
            throw new IllegalArgumentException("scenario " + scenario.id() + " runs " + scenario.instances()
                    + " instance(s): it needs as many policies, got " + policies.size());
        }
        this.endMs = scenario.durationS() * 1000L;
        List<Tier> tiers = scenario.tiers();
        List<String> endpoints = scenario.endpoints();
        this.endpointCount = endpoints.size();
        this.tierVolts = new double[tiers.size()];
        this.tierEndpoint = new int[tiers.size()];
        Policy first = policies.get(0);
        for (int i = 0; i < tiers.size(); i++) {
            tierVolts[i] = first.voltage(tiers.get(i)); // the instances run one configuration
            tierEndpoint[i] = endpoints.indexOf(tiers.get(i).endpoint());
        }
        this.sources = new Arrivals[scenario.sources().size()];
        long span = 0;
        int firstTier = 0;
        for (int i = 0; i < sources.length; i++) {
            Source s = scenario.sources().get(i);
            SplittableRandom rng = i == 0 ? new SplittableRandom(seed) : new SplittableRandom(mix(seed, i));
            sources[i] = new Arrivals(s, rng, firstTier);
            firstTier += s.tiers().size();
            long attempts = s.retry() == null ? 1 : 1 + s.retry().maxRetries();
            long backoff = s.retry() == null ? 0 : s.retry().maxTotalBackoffMs();
            span = Math.max(span, attempts * scenario.entry().timeoutMs() + backoff);
        }
        this.drainMs = endMs + span + 1;
        this.balancer = scenario.fleet().picker(new SplittableRandom(mix(seed, BALANCER_STREAM)));
        List<GateState> gateList = new ArrayList<>();
        for (Call c : scenario.calls()) {
            Node node = new Node(c.target());
            nodes.put(c.target(), node);
            if (!c.target().workers().isConstant()) {
                schedule(CAPACITY_TICK_MS, node::capacityTick);
            }
            if (!c.protectedCall()) {
                continue;
            }
            GateState[] byInstanceAndEndpoint = new GateState[policies.size() * endpointCount];
            for (int k = 0; k < policies.size(); k++) {
                String prefix = scenario.isFleet() ? Fleet.instanceName(k) + "/" : "";
                Map<Gate, GateState> distinct = new IdentityHashMap<>();
                for (int e = 0; e < endpointCount; e++) {
                    Gate gate = policies.get(k).gate(c, endpoints.get(e));
                    GateState g = distinct.get(gate);
                    if (g == null) {
                        g = new GateState(c, gate, gateList.size(), k, prefix + c.route() + "/" + endpoints.get(e));
                        distinct.put(gate, g);
                        gateList.add(g);
                    }
                    byInstanceAndEndpoint[k * endpointCount + e] = g;
                }
                if (distinct.size() == 1) {
                    byInstanceAndEndpoint[k * endpointCount].label = prefix + c.route(); // one gate for the whole call
                }
            }
            gates.put(c, byInstanceAndEndpoint);
        }
        this.recorder = new Recorder(scenario, gateList);
    }

    /** An independent seed for source {@code i} > 0 (SplitMix64's finalizer over seed and index). */
    private static long mix(long seed, int i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs the whole scenario and returns what was recorded. */
    public Recorder run() {
        VirtualTime time = new Clock();
        for (Policy p : policies) {
            p.start(time);
        }
        for (Arrivals a : sources) {
            a.scheduleNext(0.0);
        }
        Event e;
        while ((e = events.poll()) != null) {
            if (e.time > drainMs) {
                break;
            }
            now = e.time;
            e.run();
        }
        recorder.finish(now);
        return recorder;
    }

    // ------------------------------------------------------------------ arrivals

    /** One source's Poisson process. */
    private final class Arrivals {
        final Source source;
        final SplittableRandom random;
        final int firstTier;
        double nextArrivalMs;

        Arrivals(Source source, SplittableRandom random, int firstTier) {
            this.source = source;
            this.random = random;
            this.firstTier = firstTier;
        }

        void scheduleNext(double fromMs) {
            double rate = Math.max(1e-9, source.ratePerS().at((long) fromMs)); // per second
            double gap = -StrictMath.log(1.0 - random.nextDouble()) * 1000.0 / rate;
            nextArrivalMs = fromMs + gap;
            if (nextArrivalMs < endMs) {
                schedule((long) nextArrivalMs, this::arrive);
            }
        }

        void arrive() {
            double u = random.nextDouble();
            List<Tier> tiers = source.tiers();
            int tier = 0;
            double acc = 0;
            for (int i = 0; i < tiers.size(); i++) {
                acc += tiers.get(i).share();
                if (u < acc || i == tiers.size() - 1) {
                    tier = i;
                    break;
                }
            }
            int t = firstTier + tier;
            Request r = new Request(t, tierVolts[t], tierEndpoint[t], balancer.next(), now, random.split(),
                    source.retry());
            recorder.offered(r);
            attempt(r, 0);
            scheduleNext(nextArrivalMs);
        }
    }

    /**
     * Attempt number {@code n} (0: the first) of a client request; retries per its source's policy,
     * each on the next instance of a fleet.
     */
    private void attempt(Request r, int n) {
        recorder.attempted(r);
        call(scenario.entry(), r, (r.instance + n) % policies.size(), (time, outcome) -> {
            Retry retry = r.retry;
            if (outcome != Outcome.SUCCESS && retry != null && n < retry.maxRetries()) {
                double u = retry.jitter() > 0 ? r.luck.nextDouble() : 0.0;
                schedule(now + retry.delayMs(n + 1, u), () -> attempt(r, n + 1));
            } else {
                recorder.ended(r, outcome);
            }
        });
    }

    // ------------------------------------------------------------------ calls

    /**
     * Starts {@code call} for {@code r} now, through the gates of {@code instance}; {@code done} runs
     * when the caller has its outcome.
     */
    private void call(Call call, Request r, int instance, Done done) {
        GateState[] byInstanceAndEndpoint = gates.get(call);
        GateState g = null;
        Object token = null;
        if (byInstanceAndEndpoint != null) {
            g = byInstanceAndEndpoint[instance * endpointCount + r.endpoint];
            token = g.gate.acquire(now, r.voltage);
            recorder.afterAcquire(g, now, token);
            if (token == null) {
                done.done(now, Outcome.SHED);
                return;
            }
        }
        Pending p = new Pending(g, token, now, done);
        schedule(now + call.timeoutMs(), p::timeout);
        nodes.get(call.target()).submit(new Job(r, instance, p));
    }

    /** A call in progress as its caller sees it: settled once, by the callee or by the timeout. */
    private final class Pending {
        final GateState gate;
        final Object token;
        final long start;
        final Done done;
        boolean settled;

        Pending(GateState gate, Object token, long start, Done done) {
            this.gate = gate;
            this.token = token;
            this.start = start;
            this.done = done;
        }

        void timeout() {
            settle(Outcome.TIMEOUT);
        }

        void settle(Outcome outcome) {
            if (settled) {
                return;
            }
            settled = true;
            if (gate != null) {
                gate.gate.complete(now, token, now - start, outcome);
                recorder.afterComplete(gate, now, outcome);
            }
            done.done(now, outcome);
        }
    }

    private static final class Job {
        final Request request;
        /** The fleet instance whose gates this attempt's protected calls go through. */
        final int instance;
        final Pending caller;

        Job(Request request, int instance, Pending caller) {
            this.request = request;
            this.instance = instance;
            this.caller = caller;
        }
    }

    /** A running service: workers, FIFO queue. */
    private final class Node {
        final Service service;
        final ArrayDeque<Job> queue = new ArrayDeque<>();
        int busy;

        Node(Service service) {
            this.service = service;
        }

        void submit(Job job) {
            if (busy < service.workersAt(now)) {
                start(job);
            } else if (queue.size() < service.queueLimit()) {
                queue.addLast(job);
            } else {
                job.caller.settle(Outcome.ERROR); // queue full: rejected at once
            }
        }

        void start(Job job) {
            busy++;
            SplittableRandom luck = job.request.luck;
            double u1 = luck.nextDouble();
            double u2 = luck.nextDouble();
            double uError = luck.nextDouble();
            double uDownstream = luck.nextDouble();
            double z = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u1)) * StrictMath.cos(TWO_PI * u2);
            double s = Service.JITTER_SIGMA;
            double jitter = StrictMath.exp(s * z - 0.5 * s * s);
            long own = Math.max(1L, Math.round(service.latencyMs().at(now) * jitter));
            boolean error = uError < service.errorRate().at(now);
            Call downstream = service.downstream();
            boolean needsDownstream = downstream != null && uDownstream < downstream.probability();
            schedule(now + own, () -> {
                if (error) {
                    finish(job, Outcome.ERROR);
                } else if (needsDownstream) {
                    call(downstream, job.request, job.instance, (time, outcome) -> finish(job, outcome));
                } else {
                    finish(job, Outcome.SUCCESS);
                }
            });
        }

        void finish(Job job, Outcome outcome) {
            busy--;
            // A downstream timeout is an error of this service to its caller; a downstream shed
            // stays a shed (a protection on the path refused the request, fast).
            job.caller.settle(outcome == Outcome.TIMEOUT ? Outcome.ERROR : outcome);
            startQueued();
        }

        /** Starts queued jobs while workers are free (one at most with a fixed worker count). */
        void startQueued() {
            while (!queue.isEmpty() && busy < service.workersAt(now)) {
                start(queue.pollFirst());
            }
        }

        void capacityTick() {
            startQueued();
            if (now + CAPACITY_TICK_MS <= drainMs) {
                schedule(now + CAPACITY_TICK_MS, this::capacityTick);
            }
        }
    }

    // ------------------------------------------------------------------ events

    @FunctionalInterface
    private interface Done {
        void done(long timeMs, Outcome outcome);
    }

    private void schedule(long time, Runnable action) {
        events.add(new Event(time, sequence++, action));
    }

    /** The simulation's time and event queue as the policies see them. */
    private final class Clock implements VirtualTime {
        @Override
        public long nowMs() {
            return now;
        }

        @Override
        public void at(long timeMs, Runnable action) {
            schedule(Math.max(now, timeMs), action);
        }

        @Override
        public void every(long periodMs, Runnable action) {
            if (periodMs <= 0) {
                throw new IllegalArgumentException("period must be > 0 ms, got " + periodMs);
            }
            schedule(now + periodMs, new Runnable() {
                @Override
                public void run() {
                    action.run();
                    if (!events.isEmpty()) { // anything else left to do: keep ticking
                        schedule(now + periodMs, this);
                    }
                }
            });
        }
    }

    private static final class Event implements Comparable<Event> {
        final long time;
        final long seq;
        final Runnable action;

        Event(long time, long seq, Runnable action) {
            this.time = time;
            this.seq = seq;
            this.action = action;
        }

        void run() {
            action.run();
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** One client request (all its attempts). */
    static final class Request {
        final int tier;
        final double voltage;
        final int endpoint;
        /** The instance the load balancer gave the first attempt to (0 without a fleet). */
        final int instance;
        final long arrivalMs;
        final SplittableRandom luck;
        final Retry retry;

        Request(int tier, double voltage, int endpoint, int instance, long arrivalMs, SplittableRandom luck,
                Retry retry) {
            this.tier = tier;
            this.voltage = voltage;
            this.endpoint = endpoint;
            this.instance = instance;
            this.arrivalMs = arrivalMs;
            this.luck = luck;
            this.retry = retry;
        }
    }

    /** A gate with the bookkeeping the recorder needs. */
    static final class GateState {
        final Call call;
        final Gate gate;
        final int index;
        /** The fleet instance this gate belongs to (0 without a fleet). */
        final int instance;
        String label;
        boolean open;

        GateState(Call call, Gate gate, int index, int instance, String label) {
            this.call = call;
            this.gate = gate;
            this.index = index;
            this.instance = instance;
            this.label = label;
        }
    }
}
