package io.atrion.lab;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The wind tunnel: runs scenarios against policies on virtual time, once per seed, and collects
 * the results. Every run is independent and deterministic (its seed, its own policy instance),
 * so runs execute in parallel without changing any number.
 */
public final class Lab {

    /** The seeds of the published runs: 1 to 5. */
    public static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L, 4L, 5L);

    private Lab() {
    }

    /** One scenario with one policy (on every instance of a fleet) and one seed. */
    public static RunResult run(Scenario scenario, PolicyKind policy, Engine engine, long seed) {
        Objects.requireNonNull(engine, "engine");
        Simulation sim = new Simulation(scenario, policy.createFleet(engine, scenario.instances()), seed);
        return sim.run().result(policy.id(), engine.name(), seed);
    }

    /** Results in scenario order, then policy order, then seed order. */
    public static List<RunResult> runAll(List<Scenario> scenarios, List<PolicyKind> policies, Engine engine,
                                         List<Long> seeds, int threads) {
        return runAll(scenarios, s -> policies, engine, seeds, threads);
    }

    /**
     * Results in scenario order, then policy order, then seed order; each scenario with its own
     * policies (e.g. {@link PolicyKind#defaultsFor}).
     */
    public static List<RunResult> runAll(List<Scenario> scenarios, Function<Scenario, List<PolicyKind>> policiesFor,
                                         Engine engine, List<Long> seeds, int threads) {
        List<RunResult> out = new ArrayList<>();
        if (threads <= 1) {
            for (Scenario s : scenarios) {
                for (PolicyKind p : policiesFor.apply(s)) {
                    for (long seed : seeds) {
                        out.add(run(s, p, engine, seed));
                    }
                }
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "atrion-lab");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (Scenario s : scenarios) {
                for (PolicyKind p : policiesFor.apply(s)) {
                    for (long seed : seeds) {
                        futures.add(pool.submit(() -> run(s, p, engine, seed)));
                    }
                }
            }
            for (Future<RunResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Threads for a run: the processors, at most 4. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }
}
