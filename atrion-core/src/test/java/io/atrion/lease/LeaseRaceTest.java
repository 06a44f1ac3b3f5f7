package io.atrion.lease;

import static io.atrion.lease.LeaseTesting.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.WorkloadProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hook runs exactly once for a lease that timed out, and never for one its holder released,
 * when holders release while the scheduler times the same leases out (SPEC §4).
 */
class LeaseRaceTest {

    private static final int ROUNDS = 20;
    private static final int LEASES = 200;
    private static final int THREADS = 8;

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "REFERENCE"})
    void releaseAndTimeoutRace(Engine engine) throws Exception {
        ManualClock clock = new ManualClock(T0);
        Atrion atrion = LeaseTesting.atrion(engine, clock);
        WorkloadProfile quick = WorkloadProfile.custom("QUICK", 100, 1_000, 100, 1.0);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long timedOut = 0;
        long completed = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Lease> leases = new ArrayList<>();
                List<LeaseTesting.CountingHook> hooks = new ArrayList<>();
                for (int i = 0; i < LEASES; i++) {
                    LeaseTesting.CountingHook hook = new LeaseTesting.CountingHook();
                    hooks.add(hook);
                    leases.add(atrion.startTask("jobs-" + round, TaskOptions.builder().profile(quick).onCancel(hook).build()));
                }
                clock.advance(1_001); // every lease is now past its maximum duration
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = first; i < LEASES; i += THREADS) {
                            leases.get(i).release(LeaseOutcome.COMPLETED);
                        }
                        return null;
                    }));
                }
                go.countDown();
                atrion.leases().sweep(); // races the releases
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
                atrion.leases().sweep();
                for (int i = 0; i < LEASES; i++) {
                    LeaseOutcome o = leases.get(i).outcome().orElseThrow();
                    int calls = hooks.get(i).calls.get();
                    if (o == LeaseOutcome.TIMEOUT) {
                        assertEquals(1, calls, "lease " + i + " timed out");
                        timedOut++;
                    } else {
                        assertEquals(LeaseOutcome.COMPLETED, o);
                        assertEquals(0, calls, "lease " + i + " was released first");
                        completed++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            atrion.close();
        }
        assertEquals(ROUNDS * LEASES, timedOut + completed);
        long countedTimeouts = 0;
        long countedCompletions = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // A round per route: 200 outcomes at once would scar one route shut (as they should).
            LeaseCounts c = atrion.leases().counts("jobs-" + round).orElseThrow();
            countedTimeouts += c.timedOut();
            countedCompletions += c.completed();
            assertEquals(0, c.active());
            assertEquals(LEASES, c.started());
        }
        assertEquals(timedOut, countedTimeouts);
        assertEquals(completed, countedCompletions);
    }
}
