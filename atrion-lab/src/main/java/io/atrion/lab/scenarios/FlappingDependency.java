package io.atrion.lab.scenarios;

import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Timeline;
import java.util.List;

/**
 * Flapping dependency: alternating bad and good periods.
 *
 * <pre>
 *   0– 30 s  calm
 *  30–210 s  six cycles of 10 s bad (80 % errors, 200 ms) and 20 s good (healthy)
 * 210–270 s  healthy
 * </pre>
 * The last bad period ends at 190 s: the heal is counted from there. 200 requests/s, standard tiers.
 */
public final class FlappingDependency {

    private FlappingDependency() {
    }

    /** The scenario with the standard background error rate. */
    public static Scenario scenario() {
        return scenario(Scenarios.HEALTHY_ERRORS);
    }

    /** The scenario with {@code healthyErrors} as the dependency's error rate when healthy. */
    public static Scenario scenario(double healthyErrors) {
        Timeline errors = Timeline.starting(healthyErrors);
        Timeline latency = Timeline.starting(Scenarios.HEALTHY_LATENCY_MS);
        for (int cycle = 0; cycle < 6; cycle++) {
            int bad = 30 + 30 * cycle;
            errors = errors.jumpTo(bad, 0.80).jumpTo(bad + 10, healthyErrors);
            latency = latency.jumpTo(bad, 200).jumpTo(bad + 10, Scenarios.HEALTHY_LATENCY_MS);
        }
        return new Scenario("flapping", "Flapping dependency (alternating good and bad periods)",
                "A dependency that keeps falling over and getting up: a crash-looping pod behind a load "
                        + "balancer, a primary that fails over back and forth. Six cycles of 10 s bad (80 % errors, "
                        + "200 ms) and 20 s good, from 30 s to 210 s; the last bad period ends at 190 s (the heal). "
                        + "200 requests/s, standard tiers. A breaker that opens and closes with every cycle "
                        + "flaps: each close lets a burst of traffic into the next failure. A good protection "
                        + "remembers the recent failures, opens fewer times, and still serves most of the good "
                        + "periods.",
                270, 30, 190, Timeline.constant(Scenarios.RATE), Scenarios.standardTiers(),
                Scenarios.clientsCall("dependency", latency, errors),
                List.of("transitions", "wasted", "goodput", "fullAdmission"));
    }
}
