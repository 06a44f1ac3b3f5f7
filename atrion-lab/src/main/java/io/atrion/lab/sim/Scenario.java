package io.atrion.lab.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A storm to put every policy through: who sends what (tiers, rate over time), the services and
 * calls between them with the scripts their latency and error rate follow, and the two moments
 * the metrics are measured from: when the fault starts and when the dependency is healthy again.
 *
 * @param id           command-line name, e.g. {@code error-spike}
 * @param title        one line
 * @param description  a paragraph: what it models and what to look at
 * @param durationS    simulated seconds
 * @param faultStartS  the first moment of the fault (time to first shed is measured from it)
 * @param healS        the moment the dependency is fully healthy again (time to full admission is
 *                     measured from it)
 * @param rate         offered requests per second over time
 * @param tiers        traffic classes; shares sum to 1
 * @param entry        the clients' call (the root of the call tree)
 * @param headline     metric keys shown for this scenario in the headline table
 */
public record Scenario(String id, String title, String description, int durationS, double faultStartS,
                       double healS, Timeline rate, List<Tier> tiers, Call entry, List<String> headline) {

    public Scenario {
        Objects.requireNonNull(id, "id");
        tiers = List.copyOf(tiers);
        headline = List.copyOf(headline);
        double sum = 0;
        for (Tier t : tiers) {
            sum += t.share();
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("scenario " + id + ": tier shares sum to " + sum + ", not 1");
        }
        if (!(faultStartS >= 0 && healS >= faultStartS && healS <= durationS)) {
            throw new IllegalArgumentException("scenario " + id + ": need 0 <= faultStart <= heal <= duration");
        }
    }

    /** Every call of the tree, depth first from the entry. */
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

    /** Whether any tier carries a revenue weight other than 1. */
    public boolean revenueWeighted() {
        for (Tier t : tiers) {
            if (t.revenuePerRequest() != 1.0) {
                return true;
            }
        }
        return false;
    }
}
