package io.atrion;

import java.util.Locale;

/**
 * Named priorities for callers that send a tier rather than a number (SPEC.md §2.8), e.g. in an
 * {@code X-Atrion-Voltage} header.
 */
public enum VoltageTier {
    /** 100 V: must flow unless the breaker is open. */
    CRITICAL(100),
    /** 50 V. */
    HIGH(50),
    /** 20 V. */
    NORMAL(20),
    /** 5 V: shed early. */
    LOW(5),
    /** 1 V: shed first. */
    BULK(1);

    private final double voltage;

    VoltageTier(double voltage) {
        this.voltage = voltage;
    }

    /** The voltage of this tier. */
    public double voltage() {
        return voltage;
    }

    /**
     * Parses a tier name (case-insensitive, e.g. {@code "critical"}) or a number
     * (e.g. {@code "42.5"}) into a voltage.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static double parseVoltage(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("voltage must be a number or one of critical, high, normal, low, bulk");
        }
        String t = text.trim();
        for (VoltageTier tier : values()) {
            if (tier.name().equalsIgnoreCase(t)) {
                return tier.voltage;
            }
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("voltage '" + t + "' is neither a number nor one of "
                    + "critical, high, normal, low, bulk", e);
        }
    }

    /** Lower-case name, as used in headers. */
    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
