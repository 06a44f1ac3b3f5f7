package io.atrion.lab.scenarios;

import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Timeline;
import java.util.List;

/**
 * Error spike: a dependency that starts failing, fails hard, and recovers at once.
 *
 * <pre>
 *   0– 30 s  calm      50 ms, 0.5 % errors
 *  30– 45 s  rising    errors climb to 60 %, latency to 150 ms
 *  45– 75 s  peak      60 % errors, 150 ms
 *  75– 90 s  post      errors fall to 5 %, latency to 80 ms
 *  90–240 s  recovery  healthy again at 90 s (the heal); 150 s to watch the policies re-admit
 * </pre>
 * 200 requests/s, standard tiers.
 */
public final class ErrorSpike {

    private ErrorSpike() {
    }

    /** The scenario with the standard background error rate. */
    public static Scenario scenario() {
        return scenario(Scenarios.HEALTHY_ERRORS);
    }

    /** The scenario with {@code healthyErrors} as the dependency's error rate when healthy. */
    public static Scenario scenario(double healthyErrors) {
        Timeline errors = Timeline.starting(healthyErrors).hold(30).rampTo(45, 0.60).hold(75)
                .rampTo(90, 0.05).jumpTo(90, healthyErrors);
        Timeline latency = Timeline.starting(Scenarios.HEALTHY_LATENCY_MS).hold(30).rampTo(45, 150).hold(75)
                .rampTo(90, 80).jumpTo(90, Scenarios.HEALTHY_LATENCY_MS);
        return new Scenario("error-spike", "Error spike (calm, rising, peak, post, recovery)",
                "A dependency that throws: a bad deploy or a failing disk drives its error rate from 0.5 % to "
                        + "60 % over 15 s, holds it there for 30 s, eases to 5 % and is then fixed at once (90 s). "
                        + "200 requests/s of critical, high and normal traffic. A good protection stops sending "
                        + "traffic soon after the errors rise, wastes few calls on the broken dependency, and "
                        + "admits everyone again soon after the fix.",
                240, 30, 90, Timeline.constant(Scenarios.RATE), Scenarios.standardTiers(),
                Scenarios.clientsCall("dependency", latency, errors),
                List.of("firstShed", "fullAdmission", "wasted", "goodput", "transitions"));
    }
}
