package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.report.Targets;
import io.atrion.lab.report.Targets.Check;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The targets the lab checks on a run (Atrion with tuned Resilience4j's limits against the other
 * policies, see lab.md): which checks exist, and that they compare the right numbers.
 */
class TargetsTest {

    @Test
    void everyStormHasTheGeneralChecksAndTheIssuesExtras() {
        List<Check> checks = Targets.checks(LabFixtures.standard());
        // 5 in every storm (12), + "goodput > none" in 4, + revenue in Black Friday, + 2 in flapping
        assertEquals(5 * 12 + 4 + 1 + 2, checks.size());
        for (String id : Scenarios.IDS) {
            long n = checks.stream().filter(c -> c.scenario().equals(id)).count();
            int expected = 5 + (List.of("flash-crowd", "black-friday", "noisy-neighbour", "retry-storm").contains(id) ? 1 : 0)
                    + (id.equals("black-friday") ? 1 : 0) + (id.equals("flapping") ? 2 : 0);
            assertEquals(expected, n, id);
        }
    }

    @Test
    void theRevenueCheckIsTheMeanOverTheSeedsAgainst95Percent() {
        double sum = 0;
        for (RunResult r : LabFixtures.standard().runs(Scenarios.byId("black-friday"), PolicyKind.ATRION_LIMITS)) {
            sum += r.revenueEfficiency();
        }
        double mean = sum / Lab.DEFAULT_SEEDS.size();
        Check c = Targets.checks(LabFixtures.standard()).stream()
                .filter(x -> x.target().startsWith("revenue efficiency")).findFirst().orElseThrow();
        assertEquals(mean >= 0.95, c.holds());
        assertEquals(String.format(java.util.Locale.ROOT, "%.1f %%", 100 * mean), c.atrion());
    }

    @Test
    void onlyAFullRunHasTargets() {
        assertTrue(Targets.applicable(LabFixtures.standard()));
        LabRun one = LabCommand.execute(List.of(Scenarios.byId("hard-down")), List.of(PolicyKind.ATRION_LIMITS),
                Engine.FAST, List.of(1L), Scenarios.HEALTHY_ERRORS);
        assertTrue(!Targets.applicable(one));
    }
    /**
     * Each check recomputed here from the runs, with the issue's wording spelled out: the means over
     * the seeds of atrion-limits against r4j-default, r4j-tuned, r4j-bulkhead, concurrency-limits and
     * rate-limit (not none, not atrion-defaults) for goodput and critical success; against r4j-tuned
     * for wasted calls and full admission (+5 s); nothing shed before the fault on any seed; more
     * goodput than none in the four load-caused storms; revenue >= 95 % in Black Friday; flapping
     * transitions <= r4j-default and goodput >= 90 % of r4j-tuned.
     */
    @Test
    void everyCheckIsTheIssuesWordingRecomputedFromTheRuns() {
        LabRun run = LabFixtures.standard();
        List<PolicyKind> others = List.of(PolicyKind.R4J_DEFAULT, PolicyKind.R4J_TUNED, PolicyKind.R4J_BULKHEAD,
                PolicyKind.CONCURRENCY_LIMITS, PolicyKind.RATE_LIMIT);
        for (Check c : Targets.checks(run)) {
            Scenario s = Scenarios.byId(c.scenario());
            BiFunction<PolicyKind, ToDoubleFunction<RunResult>, Double> mean =
                    (p, f) -> run.runs(s, p).stream().mapToDouble(f).average().orElseThrow();
            PolicyKind a = PolicyKind.ATRION_LIMITS;
            boolean expected;
            switch (c.target()) {
                case "goodput >= every breaker/limiter" -> expected = others.stream()
                        .allMatch(p -> mean.apply(a, RunResult::goodput) >= mean.apply(p, RunResult::goodput));
                case "critical success >= every breaker/limiter" -> expected = others.stream()
                        .allMatch(p -> mean.apply(a, RunResult::criticalSuccessRate)
                                >= mean.apply(p, RunResult::criticalSuccessRate));
                case "fewer wasted calls than r4j-tuned" -> expected =
                        mean.apply(a, RunResult::wasted) < mean.apply(PolicyKind.R4J_TUNED, RunResult::wasted);
                case "full admission within 5 s of r4j-tuned" -> {
                    double at = mean.apply(a, RunResult::fullAdmissionS);
                    double tt = mean.apply(PolicyKind.R4J_TUNED, RunResult::fullAdmissionS);
                    expected = !Double.isNaN(at) && (Double.isNaN(tt) || at <= tt + 5);
                }
                case "nothing shed before the fault (every seed)" ->
                        expected = run.runs(s, a).stream().allMatch(r -> r.calmShedRate() == 0);
                case "goodput > no protection" -> {
                    assertTrue(List.of("flash-crowd", "black-friday", "noisy-neighbour", "retry-storm")
                            .contains(s.id()), s.id());
                    expected = mean.apply(a, RunResult::goodput) > mean.apply(PolicyKind.NONE, RunResult::goodput);
                }
                case "revenue efficiency >= 95 %" -> expected = mean.apply(a, RunResult::revenueEfficiency) >= 0.95;
                case "transitions <= r4j-default" -> expected =
                        mean.apply(a, RunResult::transitions) <= mean.apply(PolicyKind.R4J_DEFAULT, RunResult::transitions);
                case "goodput within 10 % of r4j-tuned" -> expected =
                        mean.apply(a, RunResult::goodput) >= 0.9 * mean.apply(PolicyKind.R4J_TUNED, RunResult::goodput);
                default -> throw new AssertionError("unexpected target " + c.target());
            }
            assertEquals(expected, c.holds(), c.scenario() + ": " + c.target());
        }
    }
}
