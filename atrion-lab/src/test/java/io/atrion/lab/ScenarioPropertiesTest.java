package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each scenario's key property, as regression bounds. The bounds come from the first honest
 * runs (seed 42, 2026-11-27, the numbers in README and docs/lab.md), with a little headroom;
 * they were not tuned to pass. A bound that starts failing means the behaviour changed: look
 * at the report, then update the README's table and the bound together.
 *
 * <p>Two sets: the published run (healthy services fail 0.5 % of calls, as real ones do) and
 * the "quiet" what-if ({@code --healthy-errors 0}) that shows Atrion's physics without the
 * background-error finding described in docs/lab.md.
 */
class ScenarioPropertiesTest {

    private static RunResult published(String scenario, PolicyKind p) {
        return LabFixtures.standard().result(Scenarios.byId(scenario), p);
    }

    private static RunResult quiet(String scenario, PolicyKind p) {
        return LabFixtures.quiet().result(Scenarios.byId(scenario, 0.0), p);
    }

    /** The published run, healthy error rate 0.5 %. */
    @Nested
    class Published {

        /**
         * Known finding, pinned: the guard's error average (window 50) jumps to 3.9 % on a single
         * failed call, above the 1.9 % at which the error pressure exceeds P_crit, so 0.5 %
         * background errors scar the route every few calls and Atrion (defaults) stays in
         * CIRCUIT_BREAKER before any fault (observed: 98.7 % shed before the fault). When the
         * guard is fixed this fails: re-run ./atrion lab, update README and these bounds.
         */
        @Test
        void knownFinding_backgroundErrorsKeepAtrionShedding() {
            for (String id : new String[] {"error-spike", "gray-failure", "flapping", "flash-crowd", "slow-heal"}) {
                RunResult r = published(id, PolicyKind.ATRION);
                assertTrue(r.calmShedRate() >= 0.90, id + ": shed before the fault " + r.calmShedRate());
                assertTrue(r.shedBeforeFault(), id);
            }
        }

        @Test
        void blackFriday_checkoutBeatsBrowseAndLowTierIsNeverAdmittedByAtrion() {
            for (PolicyKind p : new PolicyKind[] {PolicyKind.ATRION, PolicyKind.ATRION_NO_TUNER}) {
                RunResult r = published("black-friday", p);
                assertTrue(r.tierSuccessRate("checkout") > r.tierSuccessRate("browse"), p.id());
                // VoltageTier.LOW = 5 V and R >= R_base = 10: V > R never holds.
                assertEquals(0.0, r.tierSuccessRate("browse"), p.id());
            }
        }

        @Test
        void errorSpike_resilience4jDefaultsOpenWithinItsWindowAndHealAfterItsWait() {
            RunResult r = published("error-spike", PolicyKind.R4J_DEFAULT);
            assertTrue(r.firstShedS() <= 15, "first shed " + r.firstShedS()); // observed 9.7 s
            assertTrue(r.fullAdmissionS() <= 15, "full admission " + r.fullAdmissionS()); // observed 10 s
            assertEquals(2, r.transitions());
        }

        @Test
        void grayFailure_errorCountingBreakersAreBlindUntilTimeouts() {
            assertTrue(published("gray-failure", PolicyKind.R4J_DEFAULT).firstShedS() >= 60); // observed 80.8 s
            assertTrue(published("gray-failure", PolicyKind.R4J_TUNED).firstShedS() >= 60); // observed 74.3 s
        }

        @Test
        void flashCrowd_aStaticLimitBelowCapacityDoublesGoodput() {
            double limited = published("flash-crowd", PolicyKind.RATE_LIMIT).goodput(); // observed 540.6
            double none = published("flash-crowd", PolicyKind.NONE).goodput(); // observed 236.8
            assertTrue(limited >= 2 * none, limited + " vs " + none);
        }

        @Test
        void cascading_breakersStopTheCascade() {
            RunResult none = published("cascading", PolicyKind.NONE);
            RunResult r4j = published("cascading", PolicyKind.R4J_DEFAULT);
            assertTrue(r4j.successRate() > none.successRate() + 0.03); // observed 63.2 % vs 58.8 %
            assertTrue(r4j.wasted() * 10 < none.wasted()); // observed 472 vs 11120
        }
    }

    /** The what-if with healthy services that never fail. */
    @Nested
    class Quiet {

        @Test
        void errorSpike_atrionShedsWithinTwoSecondsAndFullyAdmitsWithin65sOfTheHeal() {
            RunResult r = quiet("error-spike", PolicyKind.ATRION);
            assertTrue(r.firstShedS() <= 2.0, "first shed " + r.firstShedS()); // N: observed 0.98 s
            assertTrue(r.fullAdmissionS() <= 65.0, "full admission " + r.fullAdmissionS()); // M: observed 59 s
            assertTrue(r.wasted() < quiet("error-spike", PolicyKind.R4J_DEFAULT).wasted()); // 27 vs 395
        }

        @Test
        void grayFailure_atrionSeesTheLatencyLongBeforeTheBreakersSeeErrors() {
            double atrion = quiet("gray-failure", PolicyKind.ATRION).firstShedS(); // observed 21.5 s
            assertTrue(atrion <= 25.0, "first shed " + atrion);
            assertTrue(atrion < quiet("gray-failure", PolicyKind.R4J_DEFAULT).firstShedS()); // 80.8 s
            assertTrue(atrion < quiet("gray-failure", PolicyKind.R4J_TUNED).firstShedS()); // 74.3 s
        }

        /**
         * The issue asked for "fewer transitions than Resilience4j-default": observed 2 and 2 (the
         * 60 s wait of the defaults also spans the cycles), so the bound is "no more than", and
         * strictly fewer than the tuned breaker (12), which flaps with every cycle.
         */
        @Test
        void flapping_atrionFlapsNoMoreThanResilience4jDefaultsAndLessThanTuned() {
            int atrion = quiet("flapping", PolicyKind.ATRION).transitions();
            assertTrue(atrion <= quiet("flapping", PolicyKind.R4J_DEFAULT).transitions(), "atrion " + atrion);
            assertTrue(atrion < quiet("flapping", PolicyKind.R4J_TUNED).transitions(), "atrion " + atrion);
            assertTrue(atrion <= 2);
        }

        @Test
        void flashCrowd_priorityShedding() {
            RunResult noTuner = quiet("flash-crowd", PolicyKind.ATRION_NO_TUNER);
            assertTrue(noTuner.tierSuccessRate("critical") >= 0.99, "critical " + noTuner.tierSuccessRate("critical"));
            assertTrue(noTuner.tierSuccessRate("high") > noTuner.tierSuccessRate("normal"));
            RunResult atrion = quiet("flash-crowd", PolicyKind.ATRION);
            assertTrue(atrion.tierSuccessRate("critical") > atrion.tierSuccessRate("normal")); // 30.6 % vs 22.8 %
        }

        @Test
        void blackFriday_criticalBeatsLow() {
            RunResult r = quiet("black-friday", PolicyKind.ATRION);
            assertTrue(r.tierSuccessRate("checkout") > r.tierSuccessRate("browse")); // 17.7 % vs 0 %
        }

        /**
         * Known finding, pinned: Atrion's A→B breaker never closes after C heals (its probes are
         * mostly normal-voltage requests that B→C's still-high R sheds, so the probes fail).
         */
        @Test
        void cascading_atrionWastesLittleButTheOuterBreakerDoesNotHeal() {
            RunResult r = quiet("cascading", PolicyKind.ATRION);
            assertTrue(r.wasted() <= 200, "wasted " + r.wasted()); // observed 146
            assertTrue(r.wasted() * 50 < quiet("cascading", PolicyKind.NONE).wasted()); // vs 10677
            assertTrue(Double.isNaN(r.fullAdmissionS()), "full admission " + r.fullAdmissionS());
        }

        @Test
        void slowHeal_atrionFollowsTheRecoveryWithFewWastedCalls() {
            RunResult r = quiet("slow-heal", PolicyKind.ATRION);
            assertTrue(r.fullAdmissionS() <= 50, "full admission " + r.fullAdmissionS()); // observed 43 s
            assertTrue(r.wasted() <= 200, "wasted " + r.wasted()); // observed 138
            assertTrue(r.wasted() < quiet("slow-heal", PolicyKind.R4J_DEFAULT).wasted()); // vs 777
        }
    }
}
