package io.atrion;

import java.util.Locale;
import java.util.Objects;

/**
 * Named priorities for callers that send a tier rather than a number (SPEC.md §2.8), e.g. in an
 * {@code X-Atrion-Voltage} header.
 *
 * <p><b>The ladder is anchored on R_base</b>, the floor of the resistance: a healthy route sits at
 * R = R_base, so every tier is above the floor and passes a healthy route, and as stress raises R
 * the tiers are shed in order, bulk first. (A booting route holds R = 1.2·R_base, exactly BULK, so
 * {@link Atrion#route} alone sheds BULK for a route's first N updates; a
 * {@link io.atrion.guard.RouteGuard} decides a booting route on R_base, so through a guard every
 * tier passes a route that has seen nothing yet.)
 *
 * <table>
 *   <caption>Tiers as multiples of R_base (volts with the default physics, R_base = 10 Ω, γ = 10)</caption>
 *   <tr><th>tier</th><th>voltage</th><th>default</th><th>shed when</th></tr>
 *   <tr><td>BULK</td><td>1.2·R_base</td><td>12 V</td><td>R ≥ 12: any measurable stress</td></tr>
 *   <tr><td>LOW</td><td>1.5·R_base</td><td>15 V</td><td>R ≥ 15</td></tr>
 *   <tr><td>NORMAL</td><td>2·R_base</td><td>20 V</td><td>R ≥ 20: about one scar (σ = 5) over a stressed floor</td></tr>
 *   <tr><td>HIGH</td><td>5·R_base</td><td>50 V</td><td>R ≥ 50</td></tr>
 *   <tr><td>CRITICAL</td><td>γ·R_base (the static break point)</td><td>100 V</td><td>only when the breaker opens</td></tr>
 * </table>
 *
 * <p>The band that sheds gradually is between R_base and the break point: a route whose R
 * climbs from 10 to 100 Ω sheds bulk, low, normal and high traffic in that order before its
 * breaker opens and stops the critical tier too. With the AutoTuner on, the break point is
 * learned: after a calm warm-up it can sit at the tuner's {@code minFloor} (30 Ω by default),
 * below HIGH and CRITICAL, so the breaker may open before those tiers are shed by voltage; the
 * ladder still orders bulk, low and normal below it.
 *
 * <p>{@link #voltage()} is the tier's voltage for the default physics;
 * {@link #voltage(PhysicsConfig)} and {@link Atrion#voltage(VoltageTier)} give it for a given
 * configuration. With R_base = 0 every tier is 0 V (and only a route at R &lt; 0, which cannot
 * exist, would pass): give such a configuration numeric voltages.
 */
public enum VoltageTier {
    /** γ·R_base (the static break point; 100 V by default): flows unless the breaker is open. */
    CRITICAL(Double.NaN),
    /** 5·R_base (50 V by default). */
    HIGH(5.0),
    /** 2·R_base (20 V by default). */
    NORMAL(2.0),
    /** 1.5·R_base (15 V by default): shed early. */
    LOW(1.5),
    /** 1.2·R_base (12 V by default): shed first, at the first stress above the floor. */
    BULK(1.2);

    /** Multiple of R_base; NaN for CRITICAL, whose multiple is the break multiplier γ. */
    private final double multiple;
    private final double defaultVoltage;

    VoltageTier(double multiple) {
        this.multiple = multiple;
        double rBase = 10.0; // PhysicsConfig defaults (SPEC §2.1); a constant here avoids a class-init cycle
        this.defaultVoltage = Double.isNaN(multiple) ? rBase * 10.0 : multiple * rBase;
    }

    /** The voltage of this tier for the default physics (R_base = 10 Ω, γ = 10): 100, 50, 20, 15 or 12. */
    public double voltage() {
        return defaultVoltage;
    }

    /**
     * The voltage of this tier for {@code physics}: {@code multiple · R_base}, and for CRITICAL
     * {@code R_base · γ}, the static break point.
     */
    public double voltage(PhysicsConfig physics) {
        Objects.requireNonNull(physics, "physics must not be null");
        return Double.isNaN(multiple) ? physics.staticBreakPoint() : multiple * physics.baseResistance();
    }

    /**
     * Parses a tier name (case-insensitive, e.g. {@code "critical"}) or a number
     * (e.g. {@code "42.5"}) into a voltage, with the default physics' ladder.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static double parseVoltage(String text) {
        return parseVoltage(text, PhysicsConfig.defaults());
    }

    /**
     * Parses a tier name (case-insensitive) or a number into a voltage, with {@code physics}'s
     * ladder for names.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static double parseVoltage(String text, PhysicsConfig physics) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("voltage must be a number or one of critical, high, normal, low, bulk");
        }
        String t = text.trim();
        for (VoltageTier tier : values()) {
            if (tier.name().equalsIgnoreCase(t)) {
                return tier.voltage(physics);
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
