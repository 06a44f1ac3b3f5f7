package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.ScenarioFile;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The fleet storm (issue 12): five instances behind a load balancer, each with its own copy of
 * the policy, in front of one dependency that goes hard down. Determinism, the fleet's relation
 * to the storm of one instance, sharing at work on an uneven fleet, and regression bounds.
 */
class FleetTest {

    private static final Scenario FLEET = Scenarios.byId("fleet-hard-down");
    private static final PolicyKind ALONE = PolicyKind.ATRION_ALONE;
    private static final PolicyKind SHARED = PolicyKind.ATRION_SHARED;

    private static List<RunResult> runs(PolicyKind p) {
        return LabFixtures.standard().runs(FLEET, p);
    }

    private static double mean(PolicyKind p, ToDoubleFunction<RunResult> f) {
        return runs(p).stream().mapToDouble(f).average().orElseThrow();
    }

    private static double max(PolicyKind p, ToDoubleFunction<RunResult> f) {
        return runs(p).stream().mapToDouble(f).max().orElseThrow();
    }

    @Test
    void theFleetStormRunsTheFleetPoliciesOnFiveInstances() {
        assertEquals(5, FLEET.instances());
        assertEquals(PolicyKind.FLEET, LabFixtures.standard().policies(FLEET));
        assertEquals(List.of("node-1/dependency", "node-2/dependency", "node-3/dependency", "node-4/dependency",
                "node-5/dependency"), runs(SHARED).get(0).gateRoutes());
    }

    @Test
    void sameSeedsGiveTheSameFleetRunsSequentiallyAsInParallel() {
        // The fixture ran on several threads; these run again on one, every fleet policy, seeds 1..5.
        List<RunResult> again = Lab.runAll(Scenarios.fleets(), PolicyKind.FLEET, Engine.FAST, Lab.DEFAULT_SEEDS, 1);
        int i = 0;
        for (Scenario s : Scenarios.fleets()) {
            for (PolicyKind p : PolicyKind.FLEET) {
                for (long seed : Lab.DEFAULT_SEEDS) {
                    assertEquals(LabFixtures.standard().result(s, p, seed).fingerprint(), again.get(i++).fingerprint(),
                            s.id() + "/" + p.id() + "/" + seed);
                }
            }
        }
    }

    @Test
    void fastAndReferenceEnginesGiveIdenticalFleetRuns() {
        List<PolicyKind> atrion = List.of(ALONE, SHARED);
        List<RunResult> reference = Lab.runAll(Scenarios.fleets(), atrion, Engine.REFERENCE, Lab.DEFAULT_SEEDS, 2);
        int i = 0;
        for (Scenario s : Scenarios.fleets()) {
            for (PolicyKind p : atrion) {
                for (long seed : Lab.DEFAULT_SEEDS) {
                    RunResult ref = reference.get(i++);
                    assertEquals("REFERENCE", ref.engine());
                    assertEquals(LabFixtures.standard().result(s, p, seed).fingerprint(), ref.fingerprint(),
                            s.id() + "/" + p.id() + "/" + seed);
                }
            }
        }
    }

    /**
     * The fleet storm is hard-down's file with five instances: the same arrivals on every seed, so
     * without protection the same run to the last digit, and the fleet's numbers compare with the
     * single instance's.
     */
    @Test
    void theFleetMeetsTheArrivalsOfTheStormOfOneInstance() {
        Scenario single = Scenarios.byId("hard-down");
        for (long seed : Lab.DEFAULT_SEEDS) {
            RunResult one = LabFixtures.standard().result(single, PolicyKind.NONE, seed);
            for (PolicyKind p : PolicyKind.FLEET) {
                assertEquals(Arrays.toString(one.offeredSeries()), Arrays.toString(
                        LabFixtures.standard().result(FLEET, p, seed).offeredSeries()), p.id() + "/" + seed);
            }
            RunResult none = LabFixtures.standard().result(FLEET, PolicyKind.NONE, seed);
            assertEquals(one.wasted(), none.wasted());
            assertEquals(Arrays.toString(one.succeededSeries()), Arrays.toString(none.succeededSeries()));
        }
    }

    /** On one instance there is nobody to share with: both fleet variants are atrion-limits. */
    @Test
    void onOneInstanceAtrionAloneAndSharedAreAtrionLimits() {
        Scenario s = Scenarios.byId("error-spike");
        String limits = Lab.run(s, PolicyKind.ATRION_LIMITS, Engine.FAST, 2).fingerprint();
        for (PolicyKind p : List.of(ALONE, SHARED)) {
            String fp = Lab.run(s, p, Engine.FAST, 2).fingerprint();
            assertEquals(limits, fp.replaceFirst("/" + p.id() + " ", "/atrion-limits "), p.id());
        }
    }

    /**
     * The round-robin balancer spreads the requests evenly, so each instance of the fleet without
     * protection has a fifth of the fleet's wasted calls: 12 113 over the seeds, 2420–2427 each.
     */
    @Test
    void roundRobinGivesEachInstanceAFifth() {
        for (RunResult r : runs(PolicyKind.NONE)) {
            for (int k = 0; k < 5; k++) {
                assertEquals(r.wasted() / 5.0, r.instanceWasted(k), 0.01 * r.wasted(), "node " + k);
            }
        }
    }

    /**
     * Sharing at work where instances see the fault at different paces: examples/lab/fleet-mixed-sizes.json
     * (weights 4, 4, 1, 1, 1: the three small instances take 20 requests/s each, the large ones 80).
     * Measured over seeds 1–5 (mean (worst)): alone, the small instances shed 1.56 s after the fault
     * and the large ones 0.56 s; sharing, the small ones learn from the large ones and shed at 0.96 s,
     * every small instance on every seed earlier than alone; the last instance sheds at 1.03 s (1.27)
     * instead of 1.65 s (1.82). The blend works both ways (SPEC §5: S = γ·S_r' + (1 − γ)·S_local):
     * the small instances' lower scars pull the large ones' down, which shed no earlier than alone
     * (0.62 s vs 0.56 s) and waste more calls (369 vs 341 together), so the fleet wastes about as
     * many calls as alone: 646 (663) vs 642 (658).
     */
    @Test
    void sharingBringsTheSmallInstancesOfAMixedFleetCloserToTheLargeOnes() throws IOException {
        Scenario mixed = ScenarioFile.read(Path.of("../examples/lab/fleet-mixed-sizes.json"));
        List<RunResult> alone = Lab.runAll(List.of(mixed), List.of(ALONE), Engine.FAST, Lab.DEFAULT_SEEDS, 2);
        List<RunResult> shared = Lab.runAll(List.of(mixed), List.of(SHARED), Engine.FAST, Lab.DEFAULT_SEEDS, 2);
        double smallAlone = 0;
        double smallShared = 0;
        double wastedAlone = 0;
        double wastedShared = 0;
        for (int i = 0; i < Lab.DEFAULT_SEEDS.size(); i++) {
            RunResult a = alone.get(i);
            RunResult sh = shared.get(i);
            String seed = "seed " + a.seed();
            assertTrue(sh.lastInstanceShedS() < a.lastInstanceShedS(), seed);
            for (int k = 2; k < 5; k++) {
                assertTrue(sh.instanceFirstShedS(k) < a.instanceFirstShedS(k), seed + " small node " + k);
                smallAlone += a.instanceFirstShedS(k);
                smallShared += sh.instanceFirstShedS(k);
            }
            for (int k = 0; k < 2; k++) {
                assertTrue(sh.instanceFirstShedS(k) >= a.instanceFirstShedS(k), seed + " large node " + k);
            }
            wastedAlone += a.wasted();
            wastedShared += sh.wasted();
        }
        assertTrue(smallShared < smallAlone - 0.4 * 15, "0.96 s vs 1.56 s per small instance");
        assertTrue(Math.abs(wastedShared - wastedAlone) < 0.05 * wastedAlone, "646 vs 642: about the same");
    }

    // ------------------------------------------------------------------ regression bounds
    // From the first run of fleet-hard-down (2026-11-30, seeds 1–5), "mean (worst seed)", with
    // headroom for noise; not tuned to pass. The single instance (hard-down, atrion-limits): 320.6
    // (335) wasted calls, of which 59 probes and about 180 the healthy dependency's 0.5 % errors.

    /**
     * The fleet costs the dependency twice a single instance's wasted calls: atrion-alone 643.4
     * (656), 2.0 × 320.6. Each instance needs its own failures to learn (the fault's first second:
     * about 175 failed requests against 78), and each probes on its own once a second while its
     * breaker is open: 290.4 (292) probes against 59.0.
     */
    @Test
    void theFleetCostsTheDependencyAboutTwiceASingleInstance() {
        double single = LabFixtures.standard().runs(Scenarios.byId("hard-down"), PolicyKind.ATRION_LIMITS).stream()
                .mapToDouble(RunResult::wasted).average().orElseThrow();
        double singleProbes = LabFixtures.standard().runs(Scenarios.byId("hard-down"), PolicyKind.ATRION_LIMITS)
                .stream().mapToDouble(RunResult::probes).average().orElseThrow();
        double alone = mean(ALONE, RunResult::wasted);
        assertTrue(alone > 1.6 * single && alone < 2.5 * single, alone + " vs " + single);
        assertTrue(mean(ALONE, RunResult::probes) > 4.5 * singleProbes, "every instance probes");
        assertTrue(mean(SHARED, RunResult::probes) > 4.5 * singleProbes, "sharing does not share probes");
    }

    /**
     * Finding: in this symmetric fleet sharing changes little. Every instance sees the fault at the
     * same pace, and blending scars that are alike leaves them alike: wasted 625.6 (645) shared vs
     * 643.4 (656) alone, the last instance sheds at 0.79 s (0.91) vs 0.89 s (1.03), full admission
     * after the heal 1.4 s (2) vs 1.2 s (2). When the gain passes 10 %, sharing got better: update
     * lab.md, the README and this bound together.
     */
    @Test
    void sharingHelpsLittleInASymmetricFleet() {
        double alone = mean(ALONE, RunResult::wasted);
        double shared = mean(SHARED, RunResult::wasted);
        assertTrue(shared < alone, shared + " vs " + alone);
        assertTrue(shared > 0.9 * alone, shared + " vs " + alone);
        assertTrue(mean(SHARED, RunResult::lastInstanceShedS) < mean(ALONE, RunResult::lastInstanceShedS));
        for (PolicyKind p : List.of(ALONE, SHARED)) {
            assertTrue(max(p, RunResult::lastInstanceShedS) <= 1.5, p.id()); // 1.03, 0.91 at worst
            assertTrue(max(p, RunResult::fullAdmissionS) <= 3, p.id()); // 2 at worst
            assertTrue(max(p, RunResult::wasted) <= 720, p.id()); // 656, 645
            assertEquals(0.0, max(p, RunResult::calmShedRate), p.id());
            assertEquals(10.0, max(p, RunResult::transitions), p.id()); // each instance opened once and closed once
        }
    }

    /**
     * Resilience4j per instance: the defaults waste the fewest calls, 428.2 (447), because the 60 s
     * wait in OPEN outlasts the 60 s outage (no trial call meets it), and shed last at 1.29 s
     * (1.40): 50 failures of the 100-call window at 40 requests/s each. Tuned: 886.4 (898), the last
     * instance at 2.37 s (2.50), full admission 4.4 s (5). Without protection: 12 113 (12 165).
     */
    @Test
    void resilience4jPerInstance() {
        assertTrue(mean(PolicyKind.R4J_DEFAULT, RunResult::wasted) < mean(SHARED, RunResult::wasted));
        assertTrue(max(PolicyKind.R4J_DEFAULT, RunResult::lastInstanceShedS) <= 2);
        assertTrue(mean(PolicyKind.R4J_TUNED, RunResult::wasted) > 1.2 * mean(SHARED, RunResult::wasted));
        assertTrue(max(PolicyKind.R4J_TUNED, RunResult::lastInstanceShedS) <= 3.5);
        assertTrue(max(PolicyKind.R4J_TUNED, RunResult::fullAdmissionS) <= 8);
        double tuned = mean(PolicyKind.R4J_TUNED, RunResult::wasted);
        assertTrue(mean(PolicyKind.NONE, RunResult::wasted) > 10 * tuned); // 13.7 ×
        for (RunResult r : runs(PolicyKind.NONE)) {
            assertTrue(Double.isNaN(r.lastInstanceShedS()), "no instance ever sheds");
        }
    }
}
