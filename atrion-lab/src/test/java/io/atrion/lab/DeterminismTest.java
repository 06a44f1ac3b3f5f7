package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same metrics and series to the last digit: twice in one JVM, in
 * parallel or not, and on both Atrion engines; every policy meets the same arrivals, and another
 * seed is another storm.
 */
class DeterminismTest {

    @Test
    void sameSeedsGiveTheSameRunsSequentiallyAsInParallel() {
        // The fixture ran in parallel; these run again on one thread, for every scenario and
        // policy (concurrency-limits and both Resilience4j breakers included) and two seeds.
        List<Long> seeds = List.of(1L, 5L);
        List<RunResult> again = Lab.runAll(Scenarios.all(), PolicyKind.STANDARD, Engine.FAST, seeds, 1);
        int i = 0;
        for (Scenario s : Scenarios.all()) {
            for (PolicyKind p : PolicyKind.STANDARD) {
                for (long seed : seeds) {
                    RunResult r = again.get(i++);
                    assertEquals(LabFixtures.standard().result(s, p, seed).fingerprint(), r.fingerprint(),
                            s.id() + "/" + p.id() + "/" + seed);
                }
            }
        }
    }

    @Test
    void fastAndReferenceEnginesGiveIdenticalRunsOnEverySeed() {
        List<PolicyKind> atrion = List.of(PolicyKind.ATRION_DEFAULTS, PolicyKind.ATRION_LIMITS);
        List<RunResult> reference = Lab.runAll(Scenarios.all(), atrion, Engine.REFERENCE, Lab.DEFAULT_SEEDS, 2);
        int i = 0;
        for (Scenario s : Scenarios.all()) {
            for (PolicyKind p : atrion) {
                for (long seed : Lab.DEFAULT_SEEDS) {
                    RunResult fast = LabFixtures.standard().result(s, p, seed);
                    RunResult ref = reference.get(i++);
                    assertEquals("REFERENCE", ref.engine());
                    assertEquals(fast.fingerprint(), ref.fingerprint(), s.id() + "/" + p.id() + "/" + seed);
                }
            }
        }
    }

    @Test
    void fastAndReferenceAgreeOnTheQuietWhatIfToo() {
        Scenario s = Scenarios.byId("flapping", 0.0);
        assertEquals(Lab.run(s, PolicyKind.ATRION_LIMITS, Engine.FAST, 7).fingerprint(),
                Lab.run(s, PolicyKind.ATRION_LIMITS, Engine.REFERENCE, 7).fingerprint());
    }

    @Test
    void eachSeedIsAnotherStorm() {
        for (Scenario s : Scenarios.all()) {
            for (int a = 0; a < Lab.DEFAULT_SEEDS.size(); a++) {
                for (int b = a + 1; b < Lab.DEFAULT_SEEDS.size(); b++) {
                    assertNotEquals(
                            Arrays.toString(LabFixtures.standard().result(s, PolicyKind.NONE, Lab.DEFAULT_SEEDS.get(a))
                                    .offeredSeries()),
                            Arrays.toString(LabFixtures.standard().result(s, PolicyKind.NONE, Lab.DEFAULT_SEEDS.get(b))
                                    .offeredSeries()),
                            s.id() + " seeds " + Lab.DEFAULT_SEEDS.get(a) + " and " + Lab.DEFAULT_SEEDS.get(b));
                }
            }
        }
    }

    @Test
    void everyPolicyMeetsTheSameArrivals() {
        for (Scenario s : Scenarios.all()) {
            for (long seed : Lab.DEFAULT_SEEDS) {
                int[] offered = LabFixtures.standard().result(s, PolicyKind.NONE, seed).offeredSeries();
                for (PolicyKind p : PolicyKind.STANDARD) {
                    assertEquals(Arrays.toString(offered),
                            Arrays.toString(LabFixtures.standard().result(s, p, seed).offeredSeries()),
                            s.id() + "/" + p.id() + "/" + seed);
                }
            }
        }
    }
}
