package io.atrion.lab.sim;

import java.util.Objects;

/**
 * One class of client traffic: its name, the voltage (priority) its requests carry, its share of
 * the offered requests, and the value of one of its requests served (for the revenue-weighted
 * efficiency; 1 when a scenario does not care).
 */
public record Tier(String name, double voltage, double share, double revenuePerRequest) {

    public Tier {
        Objects.requireNonNull(name, "name");
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("tier " + name + ": share must be in (0, 1], got " + share);
        }
        if (!(voltage >= 0) || !(revenuePerRequest >= 0)) {
            throw new IllegalArgumentException("tier " + name + ": voltage and revenue must be >= 0");
        }
    }
}
