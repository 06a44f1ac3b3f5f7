package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.report.Targets;
import io.atrion.lab.report.Targets.Check;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import java.util.List;
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
}
