package io.atrion.lab.scenarios;

import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Timeline;
import java.util.List;

/**
 * Gray failure: latency creeps up, no errors.
 *
 * <pre>
 *   0– 30 s  calm       50 ms, 0.5 % errors
 *  30–120 s  creeping   service time climbs linearly to 600 ms; errors stay at 0.5 %
 * 120–150 s  degraded   600 ms
 * 150–165 s  mending    back to 50 ms at 165 s (the heal)
 * 165–240 s  healthy
 * </pre>
 * 200 requests/s, standard tiers. The dependency's 100 workers saturate once a request takes
 * more than 500 ms; from there its queue grows and the clients' 1 s timeouts start to fire.
 */
public final class GrayFailure {

    private GrayFailure() {
    }

    /** The scenario with the standard background error rate. */
    public static Scenario scenario() {
        return scenario(Scenarios.HEALTHY_ERRORS);
    }

    /** The scenario with {@code healthyErrors} as the dependency's error rate when healthy. */
    public static Scenario scenario(double healthyErrors) {
        Timeline latency = Timeline.starting(Scenarios.HEALTHY_LATENCY_MS).hold(30).rampTo(120, 600).hold(150)
                .rampTo(165, Scenarios.HEALTHY_LATENCY_MS);
        return new Scenario("gray-failure", "Gray failure (latency creeping up, no errors)",
                "A dependency that gets slower without failing: a leaking cache, a growing GC pause, a disk "
                        + "that starts retrying. Its service time climbs from 50 ms to 600 ms over 90 s with no "
                        + "errors at all; once a request takes more than 500 ms its 100 workers cannot keep up with "
                        + "200 requests/s, the queue grows and the clients' 1 s timeouts fire. Error-counting "
                        + "breakers see nothing until the timeouts come. A good protection notices the latency, "
                        + "sheds the low-priority share early so the rest stays fast, and lets it back after the "
                        + "dependency mends (165 s).",
                240, 30, 165, Timeline.constant(Scenarios.RATE), Scenarios.standardTiers(),
                Scenarios.clientsCall("dependency", latency, Timeline.constant(healthyErrors)),
                List.of("firstShed", "tier:critical", "tier:normal", "goodput", "wasted"));
    }
}
