package io.atrion.lab.scenarios;

import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Timeline;
import java.util.List;

/**
 * Slow heal: a hard failure that recovers gradually.
 *
 * <pre>
 *   0– 30 s  calm
 *  30– 60 s  down        90 % errors, 300 ms
 *  60–180 s  healing     errors fall linearly to 0.5 %, latency to 50 ms
 * 180–300 s  healthy     (the heal is at 180 s)
 * </pre>
 * 200 requests/s, standard tiers.
 */
public final class SlowHeal {

    private SlowHeal() {
    }

    /** The scenario with the standard background error rate. */
    public static Scenario scenario() {
        return scenario(Scenarios.HEALTHY_ERRORS);
    }

    /** The scenario with {@code healthyErrors} as the dependency's error rate when healthy. */
    public static Scenario scenario(double healthyErrors) {
        Timeline errors = Timeline.starting(healthyErrors).jumpTo(30, 0.90).hold(60)
                .rampTo(180, healthyErrors);
        Timeline latency = Timeline.starting(Scenarios.HEALTHY_LATENCY_MS).jumpTo(30, 300).hold(60)
                .rampTo(180, Scenarios.HEALTHY_LATENCY_MS);
        return new Scenario("slow-heal", "Slow heal (the dependency recovers gradually)",
                "A dependency that goes down hard (90 % errors) and comes back slowly: a database warming its "
                        + "cache, a cluster re-balancing after an outage. From 60 s its error rate falls linearly "
                        + "from 90 % to 0.5 % and its latency from 300 ms to 50 ms, healthy at 180 s. 200 "
                        + "requests/s, standard tiers. Re-admitting too early hammers a dependency that is still "
                        + "weak (wasted calls); too late loses good traffic. A good protection follows the "
                        + "recovery.",
                300, 30, 180, Timeline.constant(Scenarios.RATE), Scenarios.standardTiers(),
                Scenarios.clientsCall("dependency", latency, errors),
                List.of("fullAdmission", "wasted", "goodput", "transitions"));
    }
}
