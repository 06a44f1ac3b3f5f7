package io.atrion.lab;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.Scenarios;
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

/**
 * The wind tunnel: runs scenarios against policies on virtual time and collects the results.
 * Every run is independent and deterministic (its seed, its own policy instance), so runs execute
 * in parallel without changing any number.
 */
public final class Lab {

    /** The seed of the published runs. */
    public static final long DEFAULT_SEED = 42;

    private Lab() {
    }

    /** One scenario with one policy. */
    public static RunResult run(Scenario scenario, PolicyKind policy, Engine engine, long seed) {
        Objects.requireNonNull(engine, "engine");
        Simulation sim = new Simulation(scenario, policy.create(engine), seed);
        return sim.run().result(policy.id(), engine.name(), seed);
    }

    /** Results in scenario order, then policy order. */
    public static List<RunResult> runAll(List<Scenario> scenarios, List<PolicyKind> policies, Engine engine,
                                         long seed, int threads) {
        List<RunResult> out = new ArrayList<>();
        if (threads <= 1) {
            for (Scenario s : scenarios) {
                for (PolicyKind p : policies) {
                    out.add(run(s, p, engine, seed));
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
                for (PolicyKind p : policies) {
                    futures.add(pool.submit(() -> run(s, p, engine, seed)));
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

    /** Every scenario with every policy. */
    public static List<RunResult> runAll(Engine engine, long seed) {
        return runAll(Scenarios.all(), List.of(PolicyKind.values()), engine, seed,
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }
}
