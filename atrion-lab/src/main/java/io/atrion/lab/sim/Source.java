package io.atrion.lab.sim;

import java.util.List;
import java.util.Objects;

/**
 * A population of clients: a Poisson process of requests at {@code ratePerS} (a script over
 * time), split among its tiers by share, all calling the scenario's entry call; optionally
 * retrying failed and shed calls. A scenario with several sources (tenants, say) runs one
 * arrival process per source.
 *
 * @param retry how these clients retry, or null when they do not
 */
public record Source(String name, Timeline ratePerS, List<Tier> tiers, Retry retry) {

    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ratePerS, "ratePerS");
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("source " + name + ": needs at least one tier");
        }
        double sum = 0;
        for (Tier t : tiers) {
            sum += t.share();
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("source " + name + ": tier shares sum to " + sum + ", not 1");
        }
        if (ratePerS.min() < 0) {
            throw new IllegalArgumentException("source " + name + ": ratePerS must be >= 0");
        }
    }
}
