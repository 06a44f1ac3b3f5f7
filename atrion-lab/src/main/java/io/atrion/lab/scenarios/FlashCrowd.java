package io.atrion.lab.scenarios;

import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Timeline;
import java.util.List;

/**
 * Flash crowd: a surge of traffic beyond capacity, no errors.
 *
 * <pre>
 *   0– 30 s  calm       200 requests/s
 *  30– 40 s  surge      climbing to 2600 requests/s (capacity ≈ 2000)
 *  40– 70 s  crowd      2600 requests/s
 *  70– 80 s  ebbing     back to 200 requests/s at 80 s (the heal)
 *  80–180 s  calm
 * </pre>
 * The dependency itself stays healthy (50 ms, 0.5 % errors); only its workers saturate.
 */
public final class FlashCrowd {

    private FlashCrowd() {
    }

    /** The scenario with the standard background error rate. */
    public static Scenario scenario() {
        return scenario(Scenarios.HEALTHY_ERRORS);
    }

    /** The scenario with {@code healthyErrors} as the dependency's error rate when healthy. */
    public static Scenario scenario(double healthyErrors) {
        Timeline rate = Timeline.starting(Scenarios.RATE).hold(30).rampTo(40, 2600).hold(70)
                .rampTo(80, Scenarios.RATE);
        return new Scenario("flash-crowd", "Flash crowd (saturation surge, no errors)",
                "A surge of users: a TV spot, a viral link, a retry storm from another team. Offered traffic "
                        + "climbs from 200 to 2600 requests/s in 10 s, stays there for 30 s and ebbs by 80 s. The "
                        + "dependency never fails by itself (50 ms, 0.5 % errors), but its 100 workers can serve "
                        + "about 2000 requests/s; above that its queue grows without bound, every request waits "
                        + "longer than the clients' 1 s timeout, and goodput collapses although the dependency is "
                        + "busy all the time. A good protection sheds the low-priority excess so the rest is served "
                        + "in time.",
                180, 30, 80, rate, Scenarios.standardTiers(),
                Scenarios.clientsCall("dependency", Timeline.constant(Scenarios.HEALTHY_LATENCY_MS),
                        Timeline.constant(healthyErrors)),
                List.of("goodput", "tier:critical", "tier:normal", "wasted", "fullAdmission"));
    }
}
