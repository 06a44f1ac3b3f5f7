package io.atrion.lab.scenarios;

import io.atrion.VoltageTier;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Tier;
import io.atrion.lab.sim.Timeline;
import java.util.List;

/**
 * Black Friday: a priority mix in front of a degraded database.
 *
 * <pre>
 *   0– 30 s  calm       400 requests/s; database 50 ms, 0.5 % errors
 *  30– 60 s  degrading  database latency climbs to 250 ms, errors to 8 %
 *  60–150 s  degraded   250 ms, 8 % errors (at 400 requests/s the 100 workers are saturated)
 * 150–165 s  recovering back to 50 ms and 0.5 % at 165 s (the heal)
 * 165–240 s  healthy
 * </pre>
 *
 * <p>Tiers, with the revenue one served request brings (the weights of the revenue-weighted
 * efficiency): checkout — critical (100 V), 10 % of requests, 50 per request; search — normal
 * (20 V), 30 %, 1 per request; browse — low (5 V), 60 %, 0.25 per request. So checkout is 10 % of
 * the traffic and about 91 % of the revenue.
 *
 * <p>Note: {@link VoltageTier#LOW} is 5 V and Atrion's resistance never falls below R_base =
 * 10 Ω, so with the default physics Atrion admits no low-tier request at all, even when the
 * database is healthy. The lab uses the documented tier voltages as a user would, and shows it.
 */
public final class BlackFriday {

    /** Revenue of one served checkout request. */
    public static final double CHECKOUT_REVENUE = 50;
    /** Revenue of one served search request. */
    public static final double SEARCH_REVENUE = 1;
    /** Revenue of one served browse request. */
    public static final double BROWSE_REVENUE = 0.25;

    private BlackFriday() {
    }

    /** The scenario with the standard background error rate. */
    public static Scenario scenario() {
        return scenario(Scenarios.HEALTHY_ERRORS);
    }

    /** The scenario with {@code healthyErrors} as the dependency's error rate when healthy. */
    public static Scenario scenario(double healthyErrors) {
        Timeline latency = Timeline.starting(Scenarios.HEALTHY_LATENCY_MS).hold(30).rampTo(60, 250).hold(150)
                .rampTo(165, Scenarios.HEALTHY_LATENCY_MS);
        Timeline errors = Timeline.starting(healthyErrors).hold(30).rampTo(60, 0.08).hold(150)
                .rampTo(165, healthyErrors);
        List<Tier> tiers = List.of(
                new Tier("checkout", VoltageTier.CRITICAL.voltage(), 0.10, CHECKOUT_REVENUE),
                new Tier("search", VoltageTier.NORMAL.voltage(), 0.30, SEARCH_REVENUE),
                new Tier("browse", VoltageTier.LOW.voltage(), 0.60, BROWSE_REVENUE));
        return new Scenario("black-friday", "Black Friday priority mix under a degraded database",
                "The biggest sales day, and the database is struggling. 400 requests/s: checkout (critical, "
                        + "100 V, 10 %), search (normal, 20 V, 30 %), browse (low, 5 V, 60 %). From 30 s the database "
                        + "slows to 250 ms and fails 8 % of queries; at that speed its 100 workers cannot serve "
                        + "400 requests/s, so without shedding everyone waits and times out. It recovers between "
                        + "150 s and 165 s. Revenue per served request (the weights): checkout 50, search 1, "
                        + "browse 0.25. A good protection sheds browse first, then search, and keeps checkout "
                        + "flowing. Atrion's tier voltages are used as documented: LOW = 5 V is below R_base = 10 Ω, "
                        + "so Atrion sheds all browse traffic even while the database is healthy.",
                240, 30, 165, Timeline.constant(400), tiers,
                Scenarios.clientsCall("database", latency, errors),
                List.of("revenue", "tier:checkout", "tier:search", "tier:browse", "calmShed"));
    }
}
