package io.atrion.lab.sim;

import io.atrion.VoltageTier;
import java.util.Objects;

/**
 * One class of client traffic: its name, the voltage (priority) its requests carry, its share of
 * its source's requests, the value of one of its requests served (for the value-weighted
 * "revenue efficiency"; 1 when a scenario does not care), and the endpoint its requests call
 * (policies that keep one breaker per endpoint tell them apart; "" when the scenario has one).
 *
 * @param voltage      volts on the default ladder (SPEC §2.8); for a named tier a policy may
 *                     resolve {@code voltageTier} for its own configuration instead
 * @param voltageTier  the named tier the voltage came from, or null for a plain number
 */
public record Tier(String name, double voltage, VoltageTier voltageTier, double share, double valuePerRequest,
                   String endpoint) {

    public Tier {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("tier " + name + ": share must be in (0, 1], got " + share);
        }
        if (!(voltage >= 0) || !Double.isFinite(voltage)) {
            throw new IllegalArgumentException("tier " + name + ": voltage must be a finite number >= 0, got " + voltage);
        }
        if (!(valuePerRequest >= 0) || !Double.isFinite(valuePerRequest)) {
            throw new IllegalArgumentException("tier " + name + ": valuePerRequest must be a finite number >= 0, got "
                    + valuePerRequest);
        }
    }

    /** A tier at a named voltage on the default ladder ({@link VoltageTier#voltage()}). */
    public static Tier named(String name, VoltageTier tier, double share, double valuePerRequest, String endpoint) {
        return new Tier(name, tier.voltage(), tier, share, valuePerRequest, endpoint);
    }

    /** A tier at a number of volts. */
    public static Tier volts(String name, double voltage, double share, double valuePerRequest, String endpoint) {
        return new Tier(name, voltage, null, share, valuePerRequest, endpoint);
    }
}
