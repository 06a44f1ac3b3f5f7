package io.atrion.lab.scenarios;

import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Service;
import io.atrion.lab.sim.Timeline;
import java.util.List;

/**
 * Cascading microservices: A → B → C, and C hangs.
 *
 * <pre>
 * clients ──(1 s)──▶ A: 100 workers, 10 ms
 *                    └─ 70 % of requests ──(policy "b", 1 s)──▶ B: 60 workers, 20 ms
 *                                                             └─ 50 % ──(policy "c", 1 s)──▶ C: 50 workers, 30 ms
 *
 *   0– 30 s  calm
 *  30–120 s  C hangs: 2000 ms per request, 50 % errors
 * 120 s      C is restarted: healthy again (the heal)
 * 120–240 s  healthy
 * </pre>
 * 300 requests/s, standard tiers. The policy under test guards both A→B and B→C (one instance,
 * two routes); the clients' call to A is not guarded.
 */
public final class CascadingMicroservices {

    private CascadingMicroservices() {
    }

    /** The scenario with the standard background error rate. */
    public static Scenario scenario() {
        return scenario(Scenarios.HEALTHY_ERRORS);
    }

    /** The scenario with {@code healthyErrors} as the dependency's error rate when healthy. */
    public static Scenario scenario(double healthyErrors) {
        Timeline cLatency = Timeline.starting(30).jumpTo(30, 2000).jumpTo(120, 30);
        Timeline cErrors = Timeline.starting(healthyErrors).jumpTo(30, 0.5)
                .jumpTo(120, healthyErrors);
        Service c = Service.leaf("C", 50, Scenarios.DEEP_QUEUE, cLatency, cErrors);
        Call bToC = new Call("c", c, 0.5, 1000, true, Scenarios.rateLimit(c));
        Service b = new Service("B", 60, Scenarios.DEEP_QUEUE, Timeline.constant(20),
                Timeline.constant(healthyErrors), bToC);
        // B's healthy capacity counts its wait for C: 20 ms + 50 % of 30 ms.
        int bLimit = (int) Math.round(0.8 * 60 * 1000.0 / (20 + 0.5 * 30));
        Call aToB = new Call("b", b, 0.7, 1000, true, bLimit);
        Service a = new Service("A", 100, Scenarios.DEEP_QUEUE, Timeline.constant(10),
                Timeline.constant(healthyErrors), aToB);
        Call clientsToA = new Call("a", a, 1.0, Scenarios.CLIENT_TIMEOUT_MS, false, 1_000_000);
        return new Scenario("cascading", "Cascading microservices (A -> B -> C, C fails)",
                "Three services in a chain, each with a fixed pool of workers, and the same 1 s timeout "
                        + "everywhere. A serves 30 % of requests by itself and calls B for the rest; B calls C for "
                        + "half of its requests. At 30 s C hangs: 2 s per request and 50 % errors, until it is "
                        + "restarted at 120 s. Without protection, B's 60 workers all end up waiting on C, B stops "
                        + "answering, A's workers wait on B, and even the requests that never needed C fail: the "
                        + "failure cascades to the edge. The policy guards A→B and B→C (300 requests/s, standard "
                        + "tiers). A good protection fails the C calls fast so B and A keep serving everything "
                        + "else.",
                240, 30, 120, Timeline.constant(300), Scenarios.standardTiers(), clientsToA,
                List.of("success", "goodput", "wasted", "fullAdmission", "transitions"));
    }
}
