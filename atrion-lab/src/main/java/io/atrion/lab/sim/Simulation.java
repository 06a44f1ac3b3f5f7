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
 * sleeping, no threads). Everything random comes from one {@link SplittableRandom} seeded by the
 * caller, split so that the clients' arrivals, the tiers and every request's own luck (service
 * time jitter, error draws, whether it needs a downstream call) are the same for every policy:
 * the policies meet identical storms (common random numbers), and the same seed gives the same
 * run to the last bit.
 *
 * <p>Arrivals are a Poisson process with the scenario's rate script. Each request walks the call
 * tree from {@link Scenario#entry()}; protected calls ask their gate at the moment they start and
 * report to it when they end, both at that simulated time. In-flight counts and saturation come
 * from the overlapping requests themselves: workers, queues and timeouts (see {@link Service}).
 */
public final class Simulation {

    private static final double TWO_PI = 2.0 * Math.PI;

    private final Scenario scenario;
    private final Recorder recorder;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final Map<Service, Node> nodes = new IdentityHashMap<>();
    private final Map<Call, GateState> gates = new IdentityHashMap<>();
    private final SplittableRandom arrivals;
    private final long endMs;
    private final long drainMs;
    private long now;
    private long sequence;
    private double nextArrivalMs;

    /**
     * @param policy the policy's instance for this run (a fresh one: gates keep state)
     * @param seed   the run's seed
     */
    public Simulation(Scenario scenario, Policy policy, long seed) {
        this.scenario = scenario;
        this.arrivals = new SplittableRandom(seed);
        this.endMs = scenario.durationS() * 1000L;
        this.drainMs = endMs + scenario.entry().timeoutMs() + 1;
        List<Call> calls = scenario.calls();
        List<GateState> gateList = new ArrayList<>();
        for (Call c : calls) {
            nodes.put(c.target(), new Node(c.target()));
            if (c.protectedCall()) {
                GateState g = new GateState(c, policy.gate(c), gateList.size());
                gates.put(c, g);
                gateList.add(g);
            }
        }
        this.recorder = new Recorder(scenario, gateList);
    }

    /** Runs the whole scenario and returns what was recorded. */
    public Recorder run() {
        scheduleNextArrival(0.0);
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

    private void scheduleNextArrival(double fromMs) {
        double rate = Math.max(1e-9, scenario.rate().at((long) fromMs)); // per second
        double gap = -StrictMath.log(1.0 - arrivals.nextDouble()) * 1000.0 / rate;
        nextArrivalMs = fromMs + gap;
        if (nextArrivalMs < endMs) {
            schedule((long) nextArrivalMs, this::arrive);
        }
    }

    private void arrive() {
        double u = arrivals.nextDouble();
        int tier = 0;
        List<Tier> tiers = scenario.tiers();
        double acc = 0;
        for (int i = 0; i < tiers.size(); i++) {
            acc += tiers.get(i).share();
            if (u < acc || i == tiers.size() - 1) {
                tier = i;
                break;
            }
        }
        Request r = new Request(tier, tiers.get(tier).voltage(), now, arrivals.split());
        recorder.offered(r);
        call(scenario.entry(), r, (time, outcome) -> recorder.ended(r, outcome));
        scheduleNextArrival(nextArrivalMs);
    }

    // ------------------------------------------------------------------ calls

    /** Starts {@code call} for {@code r} now; {@code done} runs when the caller has its outcome. */
    private void call(Call call, Request r, Done done) {
        GateState g = gates.get(call);
        int token = Gate.ADMITTED;
        if (g != null) {
            token = g.gate.acquire(now, r.voltage);
            recorder.afterAcquire(g, now, token);
            if (token == Gate.SHED) {
                done.done(now, Outcome.SHED);
                return;
            }
        }
        Pending p = new Pending(g, token, now, done);
        schedule(now + call.timeoutMs(), p::timeout);
        nodes.get(call.target()).submit(new Job(r, p));
    }

    /** A call in progress as its caller sees it: settled once, by the callee or by the timeout. */
    private final class Pending {
        final GateState gate;
        final int token;
        final long start;
        final Done done;
        boolean settled;

        Pending(GateState gate, int token, long start, Done done) {
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
                gate.gate.complete(now, token, now - start, outcome == Outcome.SUCCESS);
                recorder.afterComplete(gate, now, outcome);
            }
            done.done(now, outcome);
        }
    }

    private static final class Job {
        final Request request;
        final Pending caller;

        Job(Request request, Pending caller) {
            this.request = request;
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
            if (busy < service.workers()) {
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
                    call(downstream, job.request, (time, outcome) -> finish(job, outcome));
                } else {
                    finish(job, Outcome.SUCCESS);
                }
            });
        }

        void finish(Job job, Outcome outcome) {
            busy--;
            job.caller.settle(outcome == Outcome.TIMEOUT ? Outcome.ERROR : outcome);
            Job next = queue.pollFirst();
            if (next != null) {
                start(next);
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

    /** One client request. */
    static final class Request {
        final int tier;
        final double voltage;
        final long arrivalMs;
        final SplittableRandom luck;

        Request(int tier, double voltage, long arrivalMs, SplittableRandom luck) {
            this.tier = tier;
            this.voltage = voltage;
            this.arrivalMs = arrivalMs;
            this.luck = luck;
        }
    }

    /** A gate with the bookkeeping the recorder needs. */
    static final class GateState {
        final Call call;
        final Gate gate;
        final int index;
        boolean open;

        GateState(Call call, Gate gate, int index) {
            this.call = call;
            this.gate = gate;
            this.index = index;
        }
    }
}
