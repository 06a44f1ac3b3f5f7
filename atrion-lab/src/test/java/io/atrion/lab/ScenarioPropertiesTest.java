package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Each scenario's key properties as regression bounds over seeds 1–5 (mean, or every seed). The
 * bounds come from the first runs of this lab (2026-11-30: guard v2 of main, the numbers of the
 * README's headline, in comments as "mean (worst seed)") with headroom for noise; they were not
 * tuned to pass, and several pin findings where Atrion loses (docs/lab.md, "Findings"). A bound
 * that starts failing means the behaviour changed: look at the report, then update the README's
 * table, lab.md and the bound together. The guard's rewrite (issue 9 items 1–3) is expected to
 * move the Atrion bounds: re-take them from its first runs.
 */
class ScenarioPropertiesTest {

    private static List<RunResult> runs(String scenario, PolicyKind p) {
        return LabFixtures.standard().runs(Scenarios.byId(scenario), p);
    }

    private static double mean(String scenario, PolicyKind p, ToDoubleFunction<RunResult> f) {
        double s = 0;
        List<RunResult> rs = runs(scenario, p);
        for (RunResult r : rs) {
            s += f.applyAsDouble(r);
        }
        return s / rs.size();
    }

    private static double max(String scenario, PolicyKind p, ToDoubleFunction<RunResult> f) {
        double m = Double.NEGATIVE_INFINITY;
        for (RunResult r : runs(scenario, p)) {
            m = Math.max(m, f.applyAsDouble(r));
        }
        return m;
    }

    private static double min(String scenario, PolicyKind p, ToDoubleFunction<RunResult> f) {
        return -max(scenario, p, r -> -f.applyAsDouble(r));
    }

    private static final PolicyKind DEFAULTS = PolicyKind.ATRION_DEFAULTS;
    private static final PolicyKind LIMITS = PolicyKind.ATRION_LIMITS;

    @Test
    void errorSpike_atrionShedsSoonAndHealsInItsOwnTime() {
        // atrion-defaults sheds first: 1.4 s (1.5); atrion-limits at its 25 % limit: 8.4 s (9.0)
        assertTrue(max("error-spike", DEFAULTS, RunResult::firstShedS) <= 2.5);
        assertTrue(max("error-spike", LIMITS, RunResult::firstShedS) <= 12);
        // full admission after the fix: 28.6 s (30) and 13.2 s (16); Resilience4j tuned 2.6 s (3)
        assertTrue(max("error-spike", DEFAULTS, RunResult::fullAdmissionS) <= 36);
        assertTrue(max("error-spike", LIMITS, RunResult::fullAdmissionS) <= 22);
        for (PolicyKind p : List.of(DEFAULTS, LIMITS, PolicyKind.R4J_DEFAULT, PolicyKind.R4J_TUNED)) {
            assertEquals(2.0, max("error-spike", p, RunResult::transitions), p.id()); // opened once, closed once
        }
        // wasted: 204 (217) vs Resilience4j default 649 (689)
        assertTrue(mean("error-spike", DEFAULTS, RunResult::wasted)
                < 0.5 * mean("error-spike", PolicyKind.R4J_DEFAULT, RunResult::wasted));
    }

    @Test
    void backgroundErrorsInsideTheSloDoNotMakeAtrionShedBeforeAnyFault() {
        for (String id : Scenarios.IDS) {
            for (PolicyKind p : List.of(DEFAULTS, LIMITS)) {
                // 0.0 % everywhere, except the noisy neighbour's bulk tier: 0.8 % (finding 7)
                double bound = id.equals("noisy-neighbour") ? 0.02 : 0.001;
                assertTrue(max(id, p, RunResult::calmShedRate) <= bound, id + "/" + p.id());
            }
        }
    }

    @Test
    void grayFailure_atrionSeesTheLatencyLongBeforeTheErrorCountingBreakers() {
        assertTrue(max("gray-failure", DEFAULTS, RunResult::firstShedS) <= 27); // 22.6 (23.4)
        assertTrue(min("gray-failure", PolicyKind.R4J_DEFAULT, RunResult::firstShedS) >= 60); // 83.2
        assertTrue(min("gray-failure", PolicyKind.R4J_TUNED, RunResult::firstShedS) >= 60); // 75.2
        // Finding: the defaults' 100 ms SLO sheds critical traffic, 49.1 % (48.0) vs 77.8 % tuned;
        // the limits of tuned Resilience4j bring it to 72.9 % (71.1).
        assertTrue(mean("gray-failure", DEFAULTS, RunResult::criticalSuccessRate) < 0.6);
        assertTrue(min("gray-failure", LIMITS, RunResult::criticalSuccessRate) >= 0.66);
    }

    @Test
    void flapping_atrionFlapsNoMoreThanResilience4jDefaults() {
        for (PolicyKind p : List.of(DEFAULTS, LIMITS)) {
            assertTrue(max("flapping", p, RunResult::transitions) <= 2, p.id()); // 2 (2)
        }
        assertEquals(2.0, max("flapping", PolicyKind.R4J_DEFAULT, RunResult::transitions));
        assertEquals(12.0, min("flapping", PolicyKind.R4J_TUNED, RunResult::transitions));
        // Finding: goodput 87.0 (82.8) with the limits vs 143.4 (141.9) for tuned Resilience4j.
        assertTrue(mean("flapping", LIMITS, RunResult::goodput) < mean("flapping", PolicyKind.R4J_TUNED, RunResult::goodput));
    }

    @Test
    void flashCrowd_priorityKeepsCriticalWholeAndTheLimitersWinGoodput() {
        assertTrue(min("flash-crowd", LIMITS, RunResult::criticalSuccessRate) >= 0.985); // 99.5 % (99.4)
        double none = mean("flash-crowd", PolicyKind.NONE, RunResult::goodput); // 241.3
        assertTrue(mean("flash-crowd", LIMITS, RunResult::goodput) > 1.5 * none); // 425.8
        assertTrue(mean("flash-crowd", PolicyKind.RATE_LIMIT, RunResult::goodput) > 2 * none); // 540.6
        assertTrue(mean("flash-crowd", PolicyKind.R4J_BULKHEAD, RunResult::goodput) > 2.2 * none); // 611.8
        assertTrue(mean("flash-crowd", PolicyKind.CONCURRENCY_LIMITS, RunResult::goodput) > 2.2 * none); // 622.0
    }

    @Test
    void blackFriday_theLimitsKeepCheckoutAndRevenue() {
        // at 1.2 × the database's capacity: revenue 94.9 % (94.5) with the limits, 44.2 % (42.8)
        // with the defaults, 76.7 % (67.2) tuned Resilience4j, 55.6 % (55.4) no protection
        assertTrue(min("black-friday", LIMITS, RunResult::revenueEfficiency) >= 0.92);
        assertTrue(mean("black-friday", DEFAULTS, RunResult::revenueEfficiency) < 0.55);
        for (RunResult r : runs("black-friday", LIMITS)) {
            assertTrue(r.tierSuccessRate("checkout") > r.tierSuccessRate("search")); // 96.0 > 95.0
            assertTrue(r.tierSuccessRate("search") > r.tierSuccessRate("browse")); // 95.0 > 58.5
        }
        for (PolicyKind p : PolicyKind.values()) {
            // nothing shed before the fault, except concurrency-limits' first seconds at its initial
            // limit of 20 (400 requests/s × 50 ms = 20 in flight): 0.04 %
            assertTrue(max("black-friday", p, RunResult::calmShedRate) <= 0.002, p.id());
        }
        assertEquals(0.0, max("black-friday", LIMITS, RunResult::calmShedRate));
        // LOW is 1.5·R_base = 15 V since SPEC §2.8 was amended: browse passes a healthy route.
        assertTrue(min("black-friday", DEFAULTS, r -> r.tierSuccessRate("browse")) > 0.2); // 32.5 %
    }

    @Test
    void cascading_atrionStopsTheCascade() {
        double none = mean("cascading", PolicyKind.NONE, RunResult::successRate); // 59.1 %
        for (PolicyKind p : List.of(DEFAULTS, LIMITS)) {
            assertTrue(mean("cascading", p, RunResult::successRate) > none + 0.04, p.id()); // 66.1, 66.8
            assertTrue(max("cascading", p, RunResult::wasted) * 10 < mean("cascading", PolicyKind.NONE, RunResult::wasted));
            assertTrue(max("cascading", p, RunResult::fullAdmissionS) <= 36, p.id()); // 30.8 (32), 27.6 (31)
        }
    }

    @Test
    void slowHeal_atrionFollowsTheRecovery() {
        assertTrue(max("slow-heal", DEFAULTS, RunResult::fullAdmissionS) <= 27); // 17.0 (22)
        assertTrue(max("slow-heal", DEFAULTS, RunResult::wasted) <= 400); // 290 (315)
        assertTrue(max("slow-heal", LIMITS, RunResult::fullAdmissionS) <= 5); // 0 (0)
    }

    @Test
    void latencyUnderCapacity_theLimitsShedNearlyNothingTheDefaultsHalf() {
        assertTrue(min("latency-under-capacity", PolicyKind.NONE, RunResult::successRate) >= 0.99); // 99.5 %
        assertTrue(min("latency-under-capacity", LIMITS, RunResult::successRate) >= 0.94); // 98.1 % (96.3)
        // Finding: the defaults' 100 ms SLO sheds half of a healthy-enough dependency's traffic.
        assertTrue(mean("latency-under-capacity", DEFAULTS, RunResult::successRate) < 0.6); // 51.5 %
        assertTrue(max("latency-under-capacity", DEFAULTS, RunResult::firstShedS) <= 15); // 9.7 (10.0)
    }

    @Test
    void slowLeak_nothingFailsWithoutProtectionAndTheLimitsShedLate() {
        assertTrue(min("slow-leak", PolicyKind.NONE, RunResult::successRate) >= 0.99); // 99.5 %
        assertTrue(mean("slow-leak", LIMITS, RunResult::successRate) >= 0.84); // 88.5 % (82.4)
        assertTrue(min("slow-leak", LIMITS, RunResult::firstShedS) >= 100); // 133.3 (worst 138.8)
        assertTrue(mean("slow-leak", DEFAULTS, RunResult::successRate) < 0.5); // 42.7 %
    }

    @Test
    void hardDown_everyBreakerShedsWithinSecondsAndResilience4jHealsFirst() {
        for (PolicyKind p : List.of(DEFAULTS, LIMITS, PolicyKind.R4J_DEFAULT, PolicyKind.R4J_TUNED)) {
            assertTrue(max("hard-down", p, RunResult::firstShedS) <= 3, p.id()); // 0.3 .. 2.4
        }
        assertTrue(max("hard-down", PolicyKind.R4J_DEFAULT, RunResult::fullAdmissionS) <= 2); // 1.0 (1)
        assertTrue(max("hard-down", LIMITS, RunResult::fullAdmissionS) <= 30); // 23.4 (24)
        assertTrue(max("hard-down", DEFAULTS, RunResult::fullAdmissionS) <= 45); // 37.2 (39)
    }

    @Test
    void noisyNeighbour_atrionKeepsTheOtherTenantWholeTheLimitersServeMore() {
        assertTrue(min("noisy-neighbour", LIMITS, RunResult::criticalSuccessRate) >= 0.985); // 99.5 % (99.4)
        assertTrue(min("noisy-neighbour", LIMITS, r -> r.tierSuccessRate("normal")) >= 0.98); // 99.5 %
        double none = mean("noisy-neighbour", PolicyKind.NONE, RunResult::goodput); // 250.1
        assertTrue(mean("noisy-neighbour", LIMITS, RunResult::goodput) > 1.4 * none); // 391.7
        assertTrue(mean("noisy-neighbour", PolicyKind.R4J_BULKHEAD, RunResult::goodput) > 3 * none); // 981.9
    }

    @Test
    void retryStorm_unprotectedClientsFeedTheStormProtectionCutsIt() {
        assertTrue(min("retry-storm", PolicyKind.NONE, RunResult::attemptsPerRequest) >= 3); // 3.62
        assertTrue(max("retry-storm", PolicyKind.NONE, RunResult::goodput) < 150); // 89.4: it never recovers
        for (PolicyKind p : List.of(DEFAULTS, LIMITS, PolicyKind.R4J_TUNED, PolicyKind.R4J_BULKHEAD,
                PolicyKind.CONCURRENCY_LIMITS)) {
            assertTrue(min("retry-storm", p, RunResult::goodput) > 5 * mean("retry-storm", PolicyKind.NONE,
                    RunResult::goodput), p.id()); // 580 .. 685
        }
        assertTrue(max("retry-storm", LIMITS, RunResult::attemptsPerRequest) <= 1.4); // 1.24 (1.29)
    }
}
