package io.atrion.lab.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A storm to put every policy through: who sends what (sources of traffic with their tiers and
 * rate over time), the services and calls between them with the scripts their capacity,
 * latency and error rate follow, and the two moments the metrics are measured from: when the
 * fault starts and when the dependency is healthy again. Built-in storms and user storms are
 * both read from the JSON format of {@code atrion-lab/docs/lab.md} ({@code ScenarioFile}).
 *
 * @param id               command-line name, e.g. {@code error-spike}
 * @param title            one line
 * @param description      a paragraph: what it models and what to look at
 * @param durationS        simulated seconds
 * @param faultStartS      the first moment of the fault (time to first shed is measured from it)
 * @param healS            the moment the dependency is fully healthy again (time to full
 *                         admission is measured from it)
 * @param sources          the client populations (at least one)
 * @param entry            the clients' call (the root of the call chain)
 * @param headline         metric keys shown for this scenario in the headline table
 * @param healthyErrorRate the error rate of a healthy service in this storm's scripts (the
 *                         {@code --healthy-errors} what-if replaces it), or NaN when not stated
 * @param fleet            the instances of the calling application and their load balancer
 *                         ({@link Fleet#SINGLE} for one instance)
 */
public record Scenario(String id, String title, String description, int durationS, double faultStartS,
                       double healS, List<Source> sources, Call entry, List<String> headline,
                       double healthyErrorRate, Fleet fleet) {

    public Scenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(fleet, "fleet");
        sources = List.copyOf(sources);
        headline = List.copyOf(headline);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("scenario " + id + ": needs at least one source of traffic");
        }
        if (durationS < 1) {
            throw new IllegalArgumentException("scenario " + id + ": durationS must be >= 1");
        }
        if (!(faultStartS >= 0 && healS >= faultStartS && healS <= durationS)) {
            throw new IllegalArgumentException("scenario " + id + ": need 0 <= faultStartS <= healS <= durationS");
        }
    }

    /** A scenario with one instance of the calling application ({@link Fleet#SINGLE}). */
    public Scenario(String id, String title, String description, int durationS, double faultStartS, double healS,
                    List<Source> sources, Call entry, List<String> headline, double healthyErrorRate) {
        this(id, title, description, durationS, faultStartS, healS, sources, entry, headline, healthyErrorRate,
                Fleet.SINGLE);
    }

    /** A scenario with one source of traffic and no stated healthy error rate. */
    public Scenario(String id, String title, String description, int durationS, double faultStartS, double healS,
                    Timeline rate, List<Tier> tiers, Call entry, List<String> headline) {
        this(id, title, description, durationS, faultStartS, healS,
                List.of(new Source("clients", rate, tiers, null)), entry, headline, Double.NaN);
    }

    /** The instances of the calling application (1 unless the storm runs a fleet). */
    public int instances() {
        return fleet.instances();
    }

    /** Whether the storm runs several instances behind a load balancer. */
    public boolean isFleet() {
        return fleet.isFleet();
    }

    /** Every tier of every source, in order: the index the metrics use. */
    public List<Tier> tiers() {
        List<Tier> out = new ArrayList<>();
        for (Source s : sources) {
            out.addAll(s.tiers());
        }
        return out;
    }

    /** The distinct endpoints of the tiers, in order of first appearance. */
    public List<String> endpoints() {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            for (Tier t : s.tiers()) {
                if (!out.contains(t.endpoint())) {
                    out.add(t.endpoint());
                }
            }
        }
        return out;
    }

    /** Index (into {@link #tiers()}) of the critical tier: the one with the highest voltage, the first on a tie. */
    public int criticalTier() {
        List<Tier> t = tiers();
        int best = 0;
        for (int i = 1; i < t.size(); i++) {
            if (t.get(i).voltage() > t.get(best).voltage()) {
                best = i;
            }
        }
        return best;
    }

    /** Offered requests per second at {@code tMs}, summed over the sources. */
    public double rateAt(long tMs) {
        double r = 0;
        for (Source s : sources) {
            r += s.ratePerS().at(tMs);
        }
        return r;
    }

    /** Whether any source retries. */
    public boolean hasRetries() {
        for (Source s : sources) {
            if (s.retry() != null) {
                return true;
            }
        }
        return false;
    }

    /** Every call of the chain, from the entry. */
    public List<Call> calls() {
        List<Call> out = new ArrayList<>();
        for (Call c = entry; c != null; c = c.target().downstream()) {
            out.add(c);
        }
        return out;
    }

    /** The calls that go through the policy under test. */
    public List<Call> protectedCalls() {
        List<Call> out = new ArrayList<>();
        for (Call c : calls()) {
            if (c.protectedCall()) {
                out.add(c);
            }
        }
        return out;
    }

    /** The service the fault is injected into (the deepest one). */
    public Service failingService() {
        List<Call> cs = calls();
        return cs.get(cs.size() - 1).target();
    }

    /** Whether any tier carries a value per request other than 1. */
    public boolean revenueWeighted() {
        for (Source s : sources) {
            for (Tier t : s.tiers()) {
                if (t.valuePerRequest() != 1.0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The what-if of {@code --healthy-errors}: every error-rate keyframe at this storm's
     * {@link #healthyErrorRate()} set to {@code rate}. A storm that does not state its healthy
     * error rate is returned unchanged.
     */
    public Scenario withHealthyErrors(double rate) {
        if (Double.isNaN(healthyErrorRate) || rate == healthyErrorRate) {
            return this;
        }
        return new Scenario(id, title, description, durationS, faultStartS, healS, sources,
                replaceErrors(entry, healthyErrorRate, rate), headline, rate, fleet);
    }

    private static Call replaceErrors(Call c, double from, double to) {
        if (c == null) {
            return null;
        }
        Service s = c.target();
        Service t = new Service(s.name(), s.workers(), s.queueLimit(), s.latencyMs(),
                s.errorRate().replaceValue(from, to), replaceErrors(s.downstream(), from, to));
        return new Call(c.route(), t, c.probability(), c.timeoutMs(), c.protectedCall(), c.rateLimitPerSecond(),
                c.maxConcurrentCalls());
    }
}
