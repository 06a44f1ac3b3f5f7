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
 * bounds were taken again from the first run after guard v3 and the lab's Atrion policies as they
 * are now (2026-11-30: {@code atrion-limits} is {@code Presets.interactive()} with guard limits
 * 500 ms / 25 %; guards decide a booting route on R_base and probe from every tier; the numbers of
 * the README's headline, in comments as "mean (worst seed)"), with headroom for noise. They were
 * not tuned to pass, and several pin findings where Atrion loses (docs/lab.md, "Findings"): when
 * one of those starts failing, Atrion got better there. A bound that starts failing means the
 * behaviour changed: look at the report, then update the README's table, lab.md and the bound
 * together.
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
    void errorSpike_atrionShedsSoonAndTheLimitsHealWithTunedResilience4j() {
        // atrion-defaults sheds first: 1.4 s (1.5); atrion-limits at its 25 % limit: 8.4 s (9.0)
        assertTrue(max("error-spike", DEFAULTS, RunResult::firstShedS) <= 2.5);
        assertTrue(max("error-spike", LIMITS, RunResult::firstShedS) <= 12);
        // full admission after the fix: 18.8 s (20) and 0.6 s (3); Resilience4j tuned 2.6 s (3)
        assertTrue(max("error-spike", DEFAULTS, RunResult::fullAdmissionS) <= 26);
        assertTrue(max("error-spike", LIMITS, RunResult::fullAdmissionS) <= 6);
        for (PolicyKind p : List.of(PolicyKind.R4J_DEFAULT, PolicyKind.R4J_TUNED)) {
            assertEquals(2.0, max("error-spike", p, RunResult::transitions), p.id()); // opened once, closed once
        }
        for (PolicyKind p : List.of(DEFAULTS, LIMITS)) {
            // 3.6 (4): in 4 seeds of 5 the breaker opens a second time while the errors ease
            assertTrue(max("error-spike", p, RunResult::transitions) <= 4, p.id());
        }
        // wasted: 372 (387) vs Resilience4j default 649 (689)
        assertTrue(mean("error-spike", DEFAULTS, RunResult::wasted)
                < 0.7 * mean("error-spike", PolicyKind.R4J_DEFAULT, RunResult::wasted));
        // Finding: with the limits, 983 (1069) against tuned Resilience4j's 684 (716): critical calls
        // flow whenever R dips below 100 V while the dependency still fails (critical 83.8 % vs 77.3 %).
        assertTrue(mean("error-spike", LIMITS, RunResult::wasted)
                > mean("error-spike", PolicyKind.R4J_TUNED, RunResult::wasted));
    }

    @Test
    void nothingIsShedBeforeAnyFault() {
        // 0.0 % for both Atrion policies in every storm, on every seed: background errors inside the
        // SLO do not scar, and the bulk tier passes a booting route (it was shed for the first
        // second of the noisy neighbour, 0.8 %, before guards decided booting routes on R_base).
        for (String id : Scenarios.IDS) {
            for (PolicyKind p : List.of(DEFAULTS, LIMITS)) {
                assertEquals(0.0, max(id, p, RunResult::calmShedRate), id + "/" + p.id());
            }
        }
    }

    @Test
    void grayFailure_atrionSeesTheLatencyLongBeforeTheErrorCountingBreakers() {
        assertTrue(max("gray-failure", DEFAULTS, RunResult::firstShedS) <= 27); // 22.6 (23.4)
        assertTrue(min("gray-failure", PolicyKind.R4J_DEFAULT, RunResult::firstShedS) >= 60); // 83.2 (82.0 earliest)
        assertTrue(min("gray-failure", PolicyKind.R4J_TUNED, RunResult::firstShedS) >= 60); // 75.2 (72.8 earliest)
        // Finding: the defaults' 100 ms SLO sheds critical traffic, 57.6 % (56.9) vs 77.8 % tuned;
        // the limits of tuned Resilience4j bring it to 87.1 % (84.8)...
        assertTrue(mean("gray-failure", DEFAULTS, RunResult::criticalSuccessRate) < 0.65);
        assertTrue(min("gray-failure", LIMITS, RunResult::criticalSuccessRate) >= 0.80);
        assertTrue(mean("gray-failure", LIMITS, RunResult::criticalSuccessRate)
                > mean("gray-failure", PolicyKind.R4J_TUNED, RunResult::criticalSuccessRate));
        // ...and the bulkhead, which never calls 600 ms a failure, keeps 95.6 % (95.2).
        assertTrue(mean("gray-failure", PolicyKind.R4J_BULKHEAD, RunResult::criticalSuccessRate)
                > mean("gray-failure", LIMITS, RunResult::criticalSuccessRate));
    }

    @Test
    void flapping_theLimitsStayNearTunedResilience4jGoodputWithFewTransitions() {
        assertTrue(max("flapping", LIMITS, RunResult::transitions) <= 4); // 2.4 (4)
        assertEquals(12.0, max("flapping", DEFAULTS, RunResult::transitions)); // 12 (12): every cycle
        assertEquals(2.0, max("flapping", PolicyKind.R4J_DEFAULT, RunResult::transitions));
        assertEquals(12.0, min("flapping", PolicyKind.R4J_TUNED, RunResult::transitions));
        // goodput 136.2 (134.4) with the limits vs 143.4 (141.9) for tuned Resilience4j: within 10 %,
        // still below (finding)
        double tuned = mean("flapping", PolicyKind.R4J_TUNED, RunResult::goodput);
        assertTrue(mean("flapping", LIMITS, RunResult::goodput) >= 0.9 * tuned);
        assertTrue(mean("flapping", LIMITS, RunResult::goodput) < tuned);
        // wasted 1449 (1473) vs 3074 (3114)
        assertTrue(max("flapping", LIMITS, RunResult::wasted) < 0.6 * mean("flapping", PolicyKind.R4J_TUNED,
                RunResult::wasted));
    }

    @Test
    void flashCrowd_priorityKeepsCriticalWholeAndTheLimitersWinGoodput() {
        // 98.4 % (94.2: seed 4 opened the breaker once)
        assertTrue(mean("flash-crowd", LIMITS, RunResult::criticalSuccessRate) >= 0.97);
        assertTrue(min("flash-crowd", LIMITS, RunResult::criticalSuccessRate) >= 0.92);
        double none = mean("flash-crowd", PolicyKind.NONE, RunResult::goodput); // 241.3
        assertTrue(mean("flash-crowd", LIMITS, RunResult::goodput) > 1.7 * none); // 443.6 (433.5)
        assertTrue(mean("flash-crowd", PolicyKind.RATE_LIMIT, RunResult::goodput) > 2 * none); // 540.6
        assertTrue(mean("flash-crowd", PolicyKind.R4J_BULKHEAD, RunResult::goodput) > 2.2 * none); // 611.8
        assertTrue(mean("flash-crowd", PolicyKind.CONCURRENCY_LIMITS, RunResult::goodput) > 2.2 * none); // 622.0
        // Finding: shedding whole tiers (the normal tier is 60 % of the traffic) loses goodput to a
        // concurrency cap, which sheds only the excess.
        assertTrue(mean("flash-crowd", PolicyKind.R4J_BULKHEAD, RunResult::goodput)
                > 1.2 * mean("flash-crowd", LIMITS, RunResult::goodput));
    }

    @Test
    void blackFriday_theLimitsKeepCheckoutAndRevenue() {
        // at 1.2 × the database's capacity: revenue 94.9 % (94.5) with the limits, 51.9 % (51.4) with
        // the defaults, 76.7 % (67.2) tuned Resilience4j, 55.6 % (55.4) no protection
        assertTrue(min("black-friday", LIMITS, RunResult::revenueEfficiency) >= 0.93);
        assertTrue(mean("black-friday", DEFAULTS, RunResult::revenueEfficiency) < 0.6);
        for (RunResult r : runs("black-friday", LIMITS)) {
            assertTrue(r.tierSuccessRate("checkout") > r.tierSuccessRate("search")); // 96.0 > 93.1
            assertTrue(r.tierSuccessRate("search") > r.tierSuccessRate("browse")); // 93.1 > 61.4
        }
        for (PolicyKind p : PolicyKind.STANDARD) {
            // nothing shed before the fault, except concurrency-limits' first seconds at its initial
            // limit of 20 (400 requests/s × 50 ms = 20 in flight): 0.04 %
            assertTrue(max("black-friday", p, RunResult::calmShedRate) <= 0.002, p.id());
        }
        // LOW is 1.5·R_base = 15 V since SPEC §2.8 was amended: browse passes a healthy route.
        assertTrue(min("black-friday", DEFAULTS, r -> r.tierSuccessRate("browse")) > 0.3); // 38.3 % (36.4)
    }

    @Test
    void cascading_atrionStopsTheCascade() {
        double none = mean("cascading", PolicyKind.NONE, RunResult::successRate); // 59.1 %
        for (PolicyKind p : List.of(DEFAULTS, LIMITS)) {
            assertTrue(mean("cascading", p, RunResult::successRate) > none + 0.06, p.id()); // 68.6, 72.5
            // wasted 548 (614) and 761 (1315) vs 11 136 without protection
            assertTrue(max("cascading", p, RunResult::wasted) * 6 < mean("cascading", PolicyKind.NONE, RunResult::wasted));
        }
        assertTrue(max("cascading", DEFAULTS, RunResult::fullAdmissionS) <= 36); // 24.4 (30)
        assertTrue(max("cascading", LIMITS, RunResult::fullAdmissionS) <= 13); // 7.4 (9); tuned 12.6 (22)
    }

    @Test
    void slowHeal_atrionFollowsTheRecovery() {
        assertTrue(max("slow-heal", DEFAULTS, RunResult::fullAdmissionS) <= 22); // 14.0 (16)
        assertTrue(max("slow-heal", DEFAULTS, RunResult::wasted) <= 560); // 458 (481)
        assertTrue(max("slow-heal", LIMITS, RunResult::fullAdmissionS) <= 5); // 0 (0)
        // Finding: the limits serve critical calls through the partial failure, 68.2 % (67.0) vs
        // 56.5 % tuned, and waste twice tuned Resilience4j's calls doing it: 2107 (2360) vs 1104 (1180).
        assertTrue(mean("slow-heal", LIMITS, RunResult::criticalSuccessRate)
                > mean("slow-heal", PolicyKind.R4J_TUNED, RunResult::criticalSuccessRate));
        assertTrue(mean("slow-heal", LIMITS, RunResult::wasted)
                > 1.5 * mean("slow-heal", PolicyKind.R4J_TUNED, RunResult::wasted));
    }

    @Test
    void latencyUnderCapacity_theLimitsShedNearlyNothingTheDefaultsHalf() {
        assertTrue(min("latency-under-capacity", PolicyKind.NONE, RunResult::successRate) >= 0.99); // 99.5 %
        assertTrue(min("latency-under-capacity", LIMITS, RunResult::successRate) >= 0.97); // 99.1 % (98.8)
        // Finding: the defaults' 100 ms SLO sheds 40 % of a healthy-enough dependency's traffic.
        assertTrue(mean("latency-under-capacity", DEFAULTS, RunResult::successRate) < 0.65); // 58.8 %
        assertTrue(max("latency-under-capacity", DEFAULTS, RunResult::firstShedS) <= 15); // 9.7 (10.0)
    }

    @Test
    void slowLeak_nothingFailsWithoutProtectionAndTheLimitsShedLate() {
        assertTrue(min("slow-leak", PolicyKind.NONE, RunResult::successRate) >= 0.99); // 99.5 %
        assertTrue(mean("slow-leak", LIMITS, RunResult::successRate) >= 0.88); // 92.3 % (91.1)
        assertTrue(min("slow-leak", LIMITS, RunResult::firstShedS) >= 110); // 134.8 (130.8 earliest)
        assertTrue(mean("slow-leak", DEFAULTS, RunResult::successRate) < 0.55); // 49.3 %
        // Finding: latency under its limit and a pool at 96 % are stress together (the pressure
        // vector's norm passes P_crit before either axis alone does): the limits shed 7 % of a
        // dependency that keeps up.
        assertTrue(mean("slow-leak", LIMITS, RunResult::successRate)
                < mean("slow-leak", PolicyKind.NONE, RunResult::successRate) - 0.03);
    }

    @Test
    void hardDown_everyBreakerShedsWithinSecondsAndHealsWithinOneProbe() {
        for (PolicyKind p : List.of(DEFAULTS, LIMITS, PolicyKind.R4J_DEFAULT, PolicyKind.R4J_TUNED)) {
            assertTrue(max("hard-down", p, RunResult::firstShedS) <= 3, p.id()); // 0.3 .. 2.4
        }
        assertTrue(max("hard-down", PolicyKind.R4J_DEFAULT, RunResult::fullAdmissionS) <= 2); // 1.0 (1)
        assertTrue(max("hard-down", LIMITS, RunResult::fullAdmissionS) <= 3); // 1.0 (1); tuned 3.0 (3)
        assertTrue(max("hard-down", DEFAULTS, RunResult::fullAdmissionS) <= 20); // 14.0 (15)
    }

    @Test
    void noisyNeighbour_atrionKeepsTheOtherTenantWholeTheLimitersServeMore() {
        assertTrue(min("noisy-neighbour", LIMITS, RunResult::criticalSuccessRate) >= 0.985); // 99.5 % (99.4)
        assertTrue(min("noisy-neighbour", LIMITS, r -> r.tierSuccessRate("normal")) >= 0.98); // 99.5 %
        double none = mean("noisy-neighbour", PolicyKind.NONE, RunResult::goodput); // 250.1
        assertTrue(mean("noisy-neighbour", LIMITS, RunResult::goodput) > 1.5 * none); // 422.9 (415.9)
        assertTrue(mean("noisy-neighbour", PolicyKind.R4J_BULKHEAD, RunResult::goodput) > 3 * none); // 981.9
        // Finding: the import (bulk, 12 V) is shed as a whole, 12.8 % served, where a bulkhead serves 71.4 %.
        assertTrue(mean("noisy-neighbour", PolicyKind.R4J_BULKHEAD, RunResult::goodput)
                > 2 * mean("noisy-neighbour", LIMITS, RunResult::goodput));
    }

    @Test
    void retryStorm_unprotectedClientsFeedTheStormProtectionCutsIt() {
        assertTrue(min("retry-storm", PolicyKind.NONE, RunResult::attemptsPerRequest) >= 3); // 3.62
        assertTrue(max("retry-storm", PolicyKind.NONE, RunResult::goodput) < 150); // 89.4: it never recovers
        for (PolicyKind p : List.of(DEFAULTS, LIMITS, PolicyKind.R4J_TUNED, PolicyKind.R4J_BULKHEAD,
                PolicyKind.CONCURRENCY_LIMITS)) {
            assertTrue(min("retry-storm", p, RunResult::goodput) > 5 * mean("retry-storm", PolicyKind.NONE,
                    RunResult::goodput), p.id()); // 642 .. 686
        }
        assertTrue(max("retry-storm", LIMITS, RunResult::attemptsPerRequest) <= 1.25); // 1.14 (1.15)
    }
}
