package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import org.junit.jupiter.api.Test;

/**
 * Each scenario's key property, as regression bounds. The bounds come from the first honest runs
 * of the current guard (seed 42, 2026-11-27: the numbers in README and docs/lab.md, in comments
 * below), with some headroom; they were not tuned to pass. A bound that starts failing means the
 * behaviour changed: look at the report, then update the README's table and the bound together.
 *
 * <p>History: the first baseline (guard with a raw error average and an update per admission)
 * pinned the finding that 0.5 % background errors kept Atrion's breaker open; the guard was fixed
 * (Wilson lower bound of the error rate, paced updates, probes on stale averages) and these
 * bounds were taken again from the first runs after the fix (docs/lab.md, "Findings").
 * Guard v3 (2026-11-30: physics updates only on fresh evidence, so no scar while a route sheds,
 * and probes judged on their own terms) heals sooner; the three bounds it moved were taken again
 * from its first seed-42 run and say so where they are.
 */
class ScenarioPropertiesTest {

    private static RunResult run(String scenario, PolicyKind p) {
        return LabFixtures.standard().result(Scenarios.byId(scenario), p);
    }

    private static RunResult quiet(String scenario, PolicyKind p) {
        return LabFixtures.quiet().result(Scenarios.byId(scenario, 0.0), p);
    }

    @Test
    void errorSpike_atrionShedsWithinTwoSecondsAndFullyAdmitsWithin30sOfTheHeal() {
        RunResult r = run("error-spike", PolicyKind.ATRION);
        assertTrue(r.firstShedS() <= 2.0, "first shed " + r.firstShedS()); // N: observed 1.3 s
        assertTrue(r.fullAdmissionS() <= 30.0, "full admission " + r.fullAdmissionS()); // M: observed 26 s
        // Guard v3: opened, closed after the fix of the peak, opened again on the 5 % errors of the
        // post-fault ramp (SLO target 1 %), closed after the heal: observed 4 (v2: 2).
        assertTrue(r.transitions() <= 4, "transitions " + r.transitions());
        assertTrue(r.wasted() < run("error-spike", PolicyKind.R4J_DEFAULT).wasted()); // 196 vs 567
        assertTrue(r.firstShedS() < run("error-spike", PolicyKind.R4J_DEFAULT).firstShedS()); // vs 9.7 s
    }

    @Test
    void backgroundErrorsInsideTheSloDoNotMakeAtrionShed() {
        // Healthy dependencies fail 0.5 % of calls (SLO target 1 %): nothing is shed before the fault.
        for (String id : new String[] {"error-spike", "gray-failure", "flapping", "flash-crowd", "slow-heal"}) {
            for (PolicyKind p : new PolicyKind[] {PolicyKind.ATRION, PolicyKind.ATRION_NO_TUNER}) {
                RunResult r = run(id, p);
                assertTrue(r.calmShedRate() <= 0.01, id + "/" + p.id() + ": shed before the fault " + r.calmShedRate());
            }
        }
        // ... and the run is close to the one where healthy services never fail.
        double withErrors = run("error-spike", PolicyKind.ATRION).goodput(); // 135.9
        double without = quiet("error-spike", PolicyKind.ATRION).goodput(); // 136.9
        assertTrue(Math.abs(withErrors - without) < 0.05 * without, withErrors + " vs " + without);
    }

    @Test
    void grayFailure_atrionSeesTheLatencyLongBeforeTheBreakersSeeErrors() {
        double atrion = run("gray-failure", PolicyKind.ATRION).firstShedS(); // observed 21.8 s
        assertTrue(atrion <= 25.0, "first shed " + atrion);
        assertTrue(run("gray-failure", PolicyKind.R4J_DEFAULT).firstShedS() >= 60); // observed 80.8 s
        assertTrue(run("gray-failure", PolicyKind.R4J_TUNED).firstShedS() >= 60); // observed 74.3 s
        assertTrue(run("gray-failure", PolicyKind.ATRION).wasted() < run("gray-failure", PolicyKind.R4J_TUNED).wasted()); // 90 vs 191
    }

    /**
     * Guard v2 kept the breaker open through all six cycles (2 transitions, goodput 64.9 req/s):
     * its paced updates fed the failures of the past to the physics while the route was shed, so
     * the scar settled near 500. Guard v3 adds no scar without fresh evidence, so the route follows
     * the cycles like the tuned breaker (observed 12 transitions, as tuned Resilience4j), serving
     * the good periods (observed 128.4 req/s vs 66.3 for Resilience4j defaults) with a fifth of the
     * tuned breaker's wasted calls (617 vs 3192).
     */
    @Test
    void flapping_atrionFollowsTheCyclesWithFarFewerWastedCallsThanTheTunedBreaker() {
        RunResult atrion = run("flapping", PolicyKind.ATRION);
        RunResult tuned = run("flapping", PolicyKind.R4J_TUNED);
        assertTrue(atrion.transitions() <= tuned.transitions(), "atrion " + atrion.transitions());
        assertTrue(atrion.wasted() * 3 < tuned.wasted(), "wasted " + atrion.wasted());
        assertTrue(atrion.goodput() > 1.5 * run("flapping", PolicyKind.R4J_DEFAULT).goodput(),
                "goodput " + atrion.goodput());
    }

    @Test
    void flashCrowd_atrionKeepsCriticalTrafficWhole() {
        RunResult r = run("flash-crowd", PolicyKind.ATRION);
        assertTrue(r.tierSuccessRate("critical") >= 0.99, "critical " + r.tierSuccessRate("critical")); // 99.6 %
        assertTrue(r.tierSuccessRate("critical") > r.tierSuccessRate("normal")); // vs 28.7 %
        assertTrue(r.goodput() > 1.5 * run("flash-crowd", PolicyKind.NONE).goodput()); // 418.6 vs 236.8
        assertTrue(run("flash-crowd", PolicyKind.RATE_LIMIT).goodput() >= 2 * run("flash-crowd", PolicyKind.NONE).goodput()); // 540.6
    }

    @Test
    void blackFriday_criticalBeatsNormalBeatsLow() {
        for (PolicyKind p : new PolicyKind[] {PolicyKind.ATRION, PolicyKind.ATRION_NO_TUNER}) {
            RunResult r = run("black-friday", p);
            assertTrue(r.tierSuccessRate("checkout") > r.tierSuccessRate("search"), p.id()); // 46.5 % vs 36.2 %
            assertTrue(r.tierSuccessRate("search") > r.tierSuccessRate("browse"), p.id());
            // VoltageTier.LOW is 1.5·R_base = 15 V since SPEC §2.8 was amended: browse traffic
            // passes while the route is healthy, so some of it succeeds.
            assertTrue(r.tierSuccessRate("browse") > 0, p.id());
        }
    }

    @Test
    void cascading_atrionStopsTheCascadeAndHeals() {
        RunResult atrion = run("cascading", PolicyKind.ATRION);
        RunResult none = run("cascading", PolicyKind.NONE);
        assertTrue(atrion.successRate() > none.successRate() + 0.03, atrion.successRate() + ""); // 66.2 % vs 58.8 %
        assertTrue(atrion.wasted() * 10 < none.wasted()); // 501 vs 11120
        assertTrue(atrion.fullAdmissionS() <= 35, "full admission " + atrion.fullAdmissionS()); // 29 s
        RunResult r4j = run("cascading", PolicyKind.R4J_DEFAULT);
        assertTrue(r4j.successRate() > none.successRate() + 0.03); // 63.2 %
        assertTrue(r4j.wasted() * 10 < none.wasted()); // 472
    }

    @Test
    void slowHeal_atrionFollowsTheRecoveryWithFewWastedCalls() {
        RunResult r = run("slow-heal", PolicyKind.ATRION);
        assertTrue(r.fullAdmissionS() <= 25, "full admission " + r.fullAdmissionS()); // observed 18 s (v2: 21 s)
        assertTrue(r.wasted() <= 550, "wasted " + r.wasted()); // guard v3: observed 464 (v2: 323)
        assertTrue(r.wasted() < run("slow-heal", PolicyKind.R4J_DEFAULT).wasted()); // vs 954
    }

    @Test
    void errorSpike_resilience4jDefaultsOpenWithinItsWindowAndHealAfterItsWait() {
        RunResult r = run("error-spike", PolicyKind.R4J_DEFAULT);
        assertTrue(r.firstShedS() <= 15, "first shed " + r.firstShedS()); // observed 9.7 s
        assertTrue(r.fullAdmissionS() <= 15, "full admission " + r.fullAdmissionS()); // observed 10 s
        assertEquals(2, r.transitions());
    }
}
