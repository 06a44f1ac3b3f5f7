package io.atrion.lab.scenarios;

import io.atrion.VoltageTier;
import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Service;
import io.atrion.lab.sim.Tier;
import io.atrion.lab.sim.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The registry of the wind tunnel's scenarios, in report order, and the pieces they share.
 *
 * <p>The standard dependency: 100 workers, 50 ms per request with log-normal jitter, 0.5 %
 * errors, a queue deep enough never to reject (100 000), so it can serve about 2000 requests per
 * second; the clients give up after 1000 ms. The standard traffic is 200 requests per second:
 * 10 % critical (100 V), 30 % high (50 V), 60 % normal (20 V) — voltages from {@link VoltageTier}.
 * The static rate limiter's limit is 80 % of the callee's healthy capacity.
 */
public final class Scenarios {

    /** Healthy latency of the standard dependency, ms. */
    public static final double HEALTHY_LATENCY_MS = 50;
    /** Healthy error rate of the standard dependency. */
    public static final double HEALTHY_ERRORS = 0.005;
    /** Workers of the standard dependency. */
    public static final int WORKERS = 100;
    /** Queue deep enough never to fill in these scenarios: overload shows as latency, not rejections. */
    public static final int DEEP_QUEUE = 100_000;
    /** How long the clients wait, ms. */
    public static final long CLIENT_TIMEOUT_MS = 1000;
    /** Standard offered rate, requests per second. */
    public static final double RATE = 200;

    private Scenarios() {
    }

    /** Every scenario, in report order, with the standard background error rate. */
    public static List<Scenario> all() {
        return all(HEALTHY_ERRORS);
    }

    /**
     * Every scenario, in report order, with {@code healthyErrors} as the error rate of a healthy
     * service (a what-if: the published runs use {@link #HEALTHY_ERRORS}).
     */
    public static List<Scenario> all(double healthyErrors) {
        if (!(healthyErrors >= 0 && healthyErrors < 1)) {
            throw new IllegalArgumentException("healthy error rate must be in [0, 1), got " + healthyErrors);
        }
        List<Scenario> s = new ArrayList<>();
        s.add(ErrorSpike.scenario(healthyErrors));
        s.add(GrayFailure.scenario(healthyErrors));
        s.add(FlappingDependency.scenario(healthyErrors));
        s.add(FlashCrowd.scenario(healthyErrors));
        s.add(BlackFriday.scenario(healthyErrors));
        s.add(CascadingMicroservices.scenario(healthyErrors));
        s.add(SlowHeal.scenario(healthyErrors));
        return s;
    }

    /** The scenario with this id, standard background error rate. */
    public static Scenario byId(String id) {
        return byId(id, HEALTHY_ERRORS);
    }

    /** The scenario with this id and background error rate. */
    public static Scenario byId(String id, double healthyErrors) {
        String t = id.trim().toLowerCase(Locale.ROOT);
        StringBuilder ids = new StringBuilder();
        for (Scenario s : all(healthyErrors)) {
            if (s.id().equals(t)) {
                return s;
            }
            ids.append(ids.length() == 0 ? "" : ", ").append(s.id());
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; one of " + ids);
    }

    /** 10 % critical, 30 % high, 60 % normal; revenue 1 each. */
    static List<Tier> standardTiers() {
        return List.of(
                new Tier("critical", VoltageTier.CRITICAL.voltage(), 0.10, 1),
                new Tier("high", VoltageTier.HIGH.voltage(), 0.30, 1),
                new Tier("normal", VoltageTier.NORMAL.voltage(), 0.60, 1));
    }

    /** The clients' protected call to a standard-sized dependency with these scripts. */
    static Call clientsCall(String route, Timeline latencyMs, Timeline errorRate) {
        Service dep = Service.leaf(route, WORKERS, DEEP_QUEUE, latencyMs, errorRate);
        return new Call(route, dep, 1.0, CLIENT_TIMEOUT_MS, true, rateLimit(dep));
    }

    /** 80 % of the service's healthy capacity at t = 0. */
    static int rateLimit(Service s) {
        return (int) Math.round(0.8 * s.capacityPerSecond(0));
    }
}
