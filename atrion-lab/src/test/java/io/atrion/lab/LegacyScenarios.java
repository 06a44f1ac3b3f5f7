package io.atrion.lab;

import io.atrion.VoltageTier;
import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Service;
import io.atrion.lab.sim.Source;
import io.atrion.lab.sim.Tier;
import io.atrion.lab.sim.Timeline;
import java.util.List;

/**
 * The seven storms as they were written in Java before they became JSON files (main at e39dc43,
 * io.atrion.lab.scenarios.*), frozen here with the same builder calls and constants, adapted only
 * to the constructors of today (a source of traffic, named tiers, the bulkhead's limit). Titles
 * and descriptions are taken from the files (text does not change a storm). The conversion test
 * compares these with the files.
 */
final class LegacyScenarios {

    static final double HEALTHY_LATENCY_MS = 50;
    static final int WORKERS = 100;
    static final int DEEP_QUEUE = 100_000;
    static final long CLIENT_TIMEOUT_MS = 1000;
    static final double RATE = 200;

    private LegacyScenarios() {
    }

    static List<Tier> standardTiers() {
        return List.of(
                Tier.named("critical", VoltageTier.CRITICAL, 0.10, 1, ""),
                Tier.named("high", VoltageTier.HIGH, 0.30, 1, ""),
                Tier.named("normal", VoltageTier.NORMAL, 0.60, 1, ""));
    }

    static Call clientsCall(String route, Timeline latencyMs, Timeline errorRate) {
        Service dep = Service.leaf(route, WORKERS, DEEP_QUEUE, latencyMs, errorRate);
        return new Call(route, dep, 1.0, CLIENT_TIMEOUT_MS, true, rateLimit(dep), WORKERS);
    }

    static int rateLimit(Service s) {
        return (int) Math.round(0.8 * s.capacityPerSecond(0));
    }

    private static Scenario scenario(Scenario text, int durationS, double fault, double heal, Timeline rate,
                                     String source, List<Tier> tiers, Call entry, List<String> headline,
                                     double healthy) {
        return new Scenario(text.id(), text.title(), text.description(), durationS, fault, heal,
                List.of(new Source(source, rate, tiers, null)), entry, headline, healthy);
    }

    static Scenario errorSpike(Scenario text, double healthyErrors) {
        Timeline errors = Timeline.starting(healthyErrors).hold(30).rampTo(45, 0.60).hold(75)
                .rampTo(90, 0.05).jumpTo(90, healthyErrors);
        Timeline latency = Timeline.starting(HEALTHY_LATENCY_MS).hold(30).rampTo(45, 150).hold(75)
                .rampTo(90, 80).jumpTo(90, HEALTHY_LATENCY_MS);
        return scenario(text, 240, 30, 90, Timeline.constant(RATE), "clients", standardTiers(),
                clientsCall("dependency", latency, errors),
                List.of("firstShed", "fullAdmission", "wasted", "goodput", "transitions"), healthyErrors);
    }

    static Scenario grayFailure(Scenario text, double healthyErrors) {
        Timeline latency = Timeline.starting(HEALTHY_LATENCY_MS).hold(30).rampTo(120, 600).hold(150)
                .rampTo(165, HEALTHY_LATENCY_MS);
        return scenario(text, 240, 30, 165, Timeline.constant(RATE), "clients", standardTiers(),
                clientsCall("dependency", latency, Timeline.constant(healthyErrors)),
                List.of("firstShed", "tier:critical", "tier:normal", "goodput", "wasted"), healthyErrors);
    }

    static Scenario flapping(Scenario text, double healthyErrors) {
        Timeline errors = Timeline.starting(healthyErrors);
        Timeline latency = Timeline.starting(HEALTHY_LATENCY_MS);
        for (int cycle = 0; cycle < 6; cycle++) {
            int bad = 30 + 30 * cycle;
            errors = errors.jumpTo(bad, 0.80).jumpTo(bad + 10, healthyErrors);
            latency = latency.jumpTo(bad, 200).jumpTo(bad + 10, HEALTHY_LATENCY_MS);
        }
        return scenario(text, 270, 30, 190, Timeline.constant(RATE), "clients", standardTiers(),
                clientsCall("dependency", latency, errors),
                List.of("transitions", "wasted", "goodput", "fullAdmission"), healthyErrors);
    }

    static Scenario flashCrowd(Scenario text, double healthyErrors) {
        Timeline rate = Timeline.starting(RATE).hold(30).rampTo(40, 2600).hold(70).rampTo(80, RATE);
        return scenario(text, 180, 30, 80, rate, "clients", standardTiers(),
                clientsCall("dependency", Timeline.constant(HEALTHY_LATENCY_MS), Timeline.constant(healthyErrors)),
                List.of("goodput", "tier:critical", "tier:normal", "wasted", "fullAdmission"), healthyErrors);
    }

    /**
     * Black Friday with the degraded latency and the endpoints as parameters: in the Java storms it
     * was 250 ms (exactly the database's capacity at 400 requests/s) and the tiers named no
     * endpoint; the JSON storm moved it to about 1.2 times capacity (300 ms) and the tiers are the
     * shop's three endpoints. LOW is a named tier either way (its volts changed with SPEC §2.8).
     */
    static Scenario blackFriday(Scenario text, double healthyErrors, double degradedLatencyMs, boolean endpoints,
                                String source) {
        Timeline latency = Timeline.starting(HEALTHY_LATENCY_MS).hold(30).rampTo(60, degradedLatencyMs).hold(150)
                .rampTo(165, HEALTHY_LATENCY_MS);
        Timeline errors = Timeline.starting(healthyErrors).hold(30).rampTo(60, 0.08).hold(150)
                .rampTo(165, healthyErrors);
        List<Tier> tiers = List.of(
                Tier.named("checkout", VoltageTier.CRITICAL, 0.10, 50, endpoints ? "checkout" : ""),
                Tier.named("search", VoltageTier.NORMAL, 0.30, 1, endpoints ? "search" : ""),
                Tier.named("browse", VoltageTier.LOW, 0.60, 0.25, endpoints ? "browse" : ""));
        return scenario(text, 240, 30, 165, Timeline.constant(400), source, tiers,
                clientsCall("database", latency, errors),
                List.of("revenue", "tier:checkout", "tier:search", "tier:browse", "calmShed"), healthyErrors);
    }

    static Scenario cascading(Scenario text, double healthyErrors) {
        Timeline cLatency = Timeline.starting(30).jumpTo(30, 2000).jumpTo(120, 30);
        Timeline cErrors = Timeline.starting(healthyErrors).jumpTo(30, 0.5).jumpTo(120, healthyErrors);
        Service c = Service.leaf("C", 50, DEEP_QUEUE, cLatency, cErrors);
        Call bToC = new Call("c", c, 0.5, 1000, true, rateLimit(c), 50);
        Service b = new Service("B", 60, DEEP_QUEUE, Timeline.constant(20), Timeline.constant(healthyErrors), bToC);
        int bLimit = (int) Math.round(0.8 * 60 * 1000.0 / (20 + 0.5 * 30));
        Call aToB = new Call("b", b, 0.7, 1000, true, bLimit, 60);
        Service a = new Service("A", 100, DEEP_QUEUE, Timeline.constant(10), Timeline.constant(healthyErrors), aToB);
        // The clients' call is not protected: its rate limit was 1 000 000 and is never read. The
        // file leaves it out, so it has the default (80 % of A's capacity); the rest is the same.
        Call clientsToA = new Call("a", a, 1.0, CLIENT_TIMEOUT_MS, false, Call.defaultRateLimit(a), 100);
        return scenario(text, 240, 30, 120, Timeline.constant(300), "clients", standardTiers(), clientsToA,
                List.of("success", "goodput", "wasted", "fullAdmission", "transitions"), healthyErrors);
    }

    static Scenario slowHeal(Scenario text, double healthyErrors) {
        Timeline errors = Timeline.starting(healthyErrors).jumpTo(30, 0.90).hold(60).rampTo(180, healthyErrors);
        Timeline latency = Timeline.starting(HEALTHY_LATENCY_MS).jumpTo(30, 300).hold(60)
                .rampTo(180, HEALTHY_LATENCY_MS);
        return scenario(text, 300, 30, 180, Timeline.constant(RATE), "clients", standardTiers(),
                clientsCall("dependency", latency, errors),
                List.of("fullAdmission", "wasted", "goodput", "transitions"), healthyErrors);
    }
}
