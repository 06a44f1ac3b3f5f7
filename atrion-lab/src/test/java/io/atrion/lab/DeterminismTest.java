package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same metrics and series to the last digit: twice in one JVM, in
 * parallel or not, and on both Atrion engines.
 */
class DeterminismTest {

    @Test
    void sameSeedGivesTheSameRunTwiceInOneJvm() {
        List<RunResult> first = LabFixtures.standard().results();
        // Second time sequentially, the first was parallel: neither order nor threads matter.
        List<RunResult> second = Lab.runAll(Scenarios.all(), List.of(PolicyKind.values()), Engine.FAST,
                Lab.DEFAULT_SEED, 1);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).fingerprint(), second.get(i).fingerprint(),
                    first.get(i).scenario().id() + "/" + first.get(i).policyId());
        }
    }

    @Test
    void fastAndReferenceEnginesGiveIdenticalRuns() {
        List<PolicyKind> atrion = List.of(PolicyKind.ATRION, PolicyKind.ATRION_NO_TUNER);
        List<RunResult> reference = Lab.runAll(Scenarios.all(), atrion, Engine.REFERENCE, Lab.DEFAULT_SEED, 2);
        int i = 0;
        for (Scenario s : Scenarios.all()) {
            for (PolicyKind p : atrion) {
                RunResult fast = LabFixtures.standard().result(s, p);
                RunResult ref = reference.get(i++);
                assertEquals(fast.fingerprint(), ref.fingerprint(), s.id() + "/" + p.id());
            }
        }
    }

    @Test
    void fastAndReferenceAgreeOnTheQuietWhatIfToo() {
        Scenario s = Scenarios.byId("flapping", 0.0);
        assertEquals(Lab.run(s, PolicyKind.ATRION, Engine.FAST, 7).fingerprint(),
                Lab.run(s, PolicyKind.ATRION, Engine.REFERENCE, 7).fingerprint());
    }

    @Test
    void theSeedMatters() {
        Scenario s = Scenarios.byId("error-spike");
        assertNotEquals(Lab.run(s, PolicyKind.NONE, Engine.FAST, 1).fingerprint(),
                Lab.run(s, PolicyKind.NONE, Engine.FAST, 2).fingerprint());
    }

    @Test
    void everyPolicyMeetsTheSameArrivals() {
        for (Scenario s : Scenarios.all()) {
            int[] offered = LabFixtures.standard().result(s, PolicyKind.NONE).offeredSeries();
            for (PolicyKind p : PolicyKind.values()) {
                assertEquals(java.util.Arrays.toString(offered),
                        java.util.Arrays.toString(LabFixtures.standard().result(s, p).offeredSeries()),
                        s.id() + "/" + p.id());
            }
        }
    }
}
