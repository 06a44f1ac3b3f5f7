package io.atrion.spring.autoconfigure;

import io.atrion.Atrion;
import io.atrion.AutoTunerConfig;
import io.atrion.PhysicsConfig;
import io.atrion.Slo;
import io.atrion.guard.GuardConfig;
import io.atrion.spring.AtrionProperties;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The one place where {@code atrion.*} properties become core configuration objects, through the
 * public builders ({@link PhysicsConfig#builder()}, {@link Slo#builder()},
 * {@link AutoTunerConfig#builder()}, {@link GuardConfig#builder()}); when the core gains its own
 * mapping from dotted keys to config fields, only this class changes.
 *
 * <p>Validation stays in the core: a builder that rejects a value throws an
 * {@link IllegalArgumentException} naming its field ({@code PhysicsConfig.decayRate ...}); this
 * class turns it into an {@link InvalidConfigurationPropertyValueException} naming the property
 * ({@code atrion.physics.decay-rate}) and its value, which Spring Boot reports at startup.
 */
final class AtrionConfigConverter {

    private final AtrionProperties properties;
    /** Property name → value, for every property applied so far (to report the rejected value). */
    private final Map<String, Object> applied = new HashMap<>();

    AtrionConfigConverter(AtrionProperties properties) {
        this.properties = properties;
    }

    /** The Atrion builder with every configured setting (not built). */
    Atrion.Builder builder() {
        PhysicsConfig physics = physics();
        Atrion.Builder b = Atrion.builder()
                .physics(physics)
                .slo(slo(physics))
                .autoTuner(autoTuner())
                .guardConfig(guard("atrion.guard", properties.getGuard(), GuardConfig.builder()))
                .decisionCounters(properties.isDecisionCounters());
        if (properties.getEngine() != null) {
            b.engine(properties.getEngine());
        }
        set("atrion.default-voltage", properties.getDefaultVoltage(), b::defaultVoltage);
        return b;
    }

    PhysicsConfig physics() {
        AtrionProperties.Physics p = properties.getPhysics();
        PhysicsConfig.Builder b = PhysicsConfig.builder();
        String prefix = "atrion.physics.";
        set(prefix + "base-resistance", p.getBaseResistance(), b::baseResistance);
        set(prefix + "decay-rate", p.getDecayRate(), b::decayRate);
        set(prefix + "scar-factor", p.getScarFactor(), b::scarFactor);
        set(prefix + "damping-factor", p.getDampingFactor(), b::dampingFactor);
        set(prefix + "critical-pressure", p.getCriticalPressure(), b::criticalPressure);
        set(prefix + "break-multiplier", p.getBreakMultiplier(), b::breakMultiplier);
        set(prefix + "bootstrap-ticks", p.getBootstrapTicks(), b::bootstrapTicks);
        set(prefix + "tanh-scale", p.getTanhScale(), b::tanhScale);
        return build("atrion.physics", b::build);
    }

    Slo slo(PhysicsConfig physics) {
        AtrionProperties.Slo s = properties.getSlo();
        String prefix = "atrion.slo.";
        boolean limits = s.getMaxLatencyMs() != null || s.getMaxErrorRate() != null || s.getMaxSaturation() != null;
        Slo.Builder b;
        if (limits) {
            Object[][] baselines = {{"baseline-latency-ms", s.getBaselineLatencyMs()},
                    {"target-error-rate", s.getTargetErrorRate()}, {"baseline-saturation", s.getBaselineSaturation()}};
            for (Object[] baseline : baselines) {
                if (baseline[1] != null) {
                    throw new InvalidConfigurationPropertyValueException(prefix + baseline[0], baseline[1],
                            "give the SLO as limits (max-latency-ms, max-error-rate) or as baselines, not both");
                }
            }
            require(prefix + "max-latency-ms", s.getMaxLatencyMs(), "max-error-rate");
            require(prefix + "max-error-rate", s.getMaxErrorRate(), "max-latency-ms");
            applied.put(prefix + "max-latency-ms", s.getMaxLatencyMs());
            applied.put(prefix + "max-error-rate", s.getMaxErrorRate());
            applied.put(prefix + "max-saturation", s.getMaxSaturation());
            double saturation = s.getMaxSaturation() == null ? Double.NaN : s.getMaxSaturation();
            b = build("atrion.slo", () -> Slo.fromLimits(s.getMaxLatencyMs(), s.getMaxErrorRate(), saturation,
                    physics)).toBuilder();
            set(prefix + "max-acceptable-latency-ms", s.getMaxAcceptableLatencyMs(), b::maxAcceptableLatencyMs);
        } else {
            b = Slo.builder();
            set(prefix + "baseline-latency-ms", s.getBaselineLatencyMs(), b::baselineLatencyMs);
            set(prefix + "max-acceptable-latency-ms", s.getMaxAcceptableLatencyMs(), b::maxAcceptableLatencyMs);
            set(prefix + "target-error-rate", s.getTargetErrorRate(), b::targetErrorRate);
            set(prefix + "baseline-saturation", s.getBaselineSaturation(), b::baselineSaturation);
        }
        set(prefix + "criticality.latency", s.getCriticality().getLatency(), b::latencyCriticality);
        set(prefix + "criticality.error", s.getCriticality().getError(), b::errorCriticality);
        set(prefix + "criticality.saturation", s.getCriticality().getSaturation(), b::saturationCriticality);
        return build("atrion.slo", b::build);
    }

    /** The tuner's settings, or null when {@code atrion.auto-tuner.enabled=false}. */
    AutoTunerConfig autoTuner() {
        AtrionProperties.AutoTuner t = properties.getAutoTuner();
        if (!t.isEnabled()) {
            return null;
        }
        AutoTunerConfig.Builder b = AutoTunerConfig.builder();
        String prefix = "atrion.auto-tuner.";
        set(prefix + "window-size", t.getWindowSize(), b::windowSize);
        set(prefix + "sensitivity", t.getSensitivity(), b::sensitivity);
        set(prefix + "min-floor", t.getMinFloor(), b::minFloor);
        set(prefix + "hard-ceiling", t.getHardCeiling(), b::hardCeiling);
        set(prefix + "warmup-ticks", t.getWarmupTicks(), b::warmupTicks);
        set(prefix + "recovery-multiplier", t.getRecoveryMultiplier(), b::recoveryMultiplier);
        return build("atrion.auto-tuner", b::build);
    }

    /**
     * A guard configuration: {@code g}'s settings over {@code base} (the global guard settings for
     * a route, the core defaults for the global ones).
     */
    GuardConfig guard(String prefix, AtrionProperties.Guard g, GuardConfig.Builder base) {
        String p = prefix + ".";
        set(p + "max-concurrent-calls", g.getMaxConcurrentCalls(), base::maxConcurrentCalls);
        set(p + "telemetry-window", g.getTelemetryWindow(), base::telemetryWindow);
        set(p + "error-confidence-z", g.getErrorConfidenceZ(), base::errorConfidenceZ);
        set(p + "update-interval", g.getUpdateInterval(), d -> base.updateIntervalMillis(d.toMillis()));
        set(p + "probe-interval", g.getProbeInterval(), d -> base.probeIntervalMillis(d.toMillis()));
        set(p + "probe-min-voltage", g.getProbeMinVoltage(), base::probeMinVoltage);
        return build(prefix, base::build);
    }

    /** Per-route guard settings: {@code atrion.routes.<id>.guard.*} over {@code atrion.guard.*}. */
    Map<String, GuardConfig> routeGuards() {
        Map<String, GuardConfig> configs = new HashMap<>();
        GuardConfig global = guard("atrion.guard", properties.getGuard(), GuardConfig.builder());
        properties.getRoutes().forEach((id, route) -> {
            AtrionProperties.Guard g = route.getGuard();
            boolean any = g.getMaxConcurrentCalls() != null || g.getTelemetryWindow() != null
                    || g.getErrorConfidenceZ() != null || g.getUpdateInterval() != null || g.getProbeInterval() != null
                    || g.getProbeMinVoltage() != null;
            if (any) {
                configs.put(id, guard("atrion.routes.[" + id + "].guard", g, global.toBuilder()));
            }
            Double v = route.getVoltage();
            if (v != null && !(Double.isFinite(v) && v >= 0)) {
                throw new InvalidConfigurationPropertyValueException("atrion.routes.[" + id + "].voltage", v,
                        "a voltage must be a finite number >= 0");
            }
        });
        return configs;
    }

    private static void require(String property, Double value, String other) {
        if (value == null) {
            throw new InvalidConfigurationPropertyValueException(property, null,
                    "an SLO given as limits needs both max-latency-ms and max-error-rate (" + other + " is set)");
        }
    }

    private <T> void set(String property, T value, Consumer<T> setter) {
        if (value != null) {
            applied.put(property, value);
            setter.accept(value);
        }
    }

    /**
     * Runs a builder's validation; a rejected value becomes an exception naming the property. The
     * core names the field as {@code Type.field} at the start of its message; the property is the
     * section's prefix plus that field in kebab case ({@code Millis} dropped: those are Durations).
     */
    private <T> T build(String section, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String property = property(section, e.getMessage());
            throw new InvalidConfigurationPropertyValueException(property, applied.get(property), e.getMessage());
        }
    }

    /** A builder's validation outside the atrion.* tree of config objects (filter, stream). */
    static <T> T checked(String section, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(property(section, e.getMessage()), null, e.getMessage());
        }
    }

    static String property(String section, String message) {
        if (message == null) {
            return section;
        }
        int space = message.indexOf(' ');
        String token = space < 0 ? message : message.substring(0, space);
        int dot = token.indexOf('.');
        if (dot < 0 || !Character.isUpperCase(token.charAt(0))) {
            return section;
        }
        String type = token.substring(0, dot);
        String field = token.substring(dot + 1).replace("fromLimits.", "");
        if (type.equals("Atrion")) {
            return "atrion." + kebab(field);
        }
        if (field.endsWith("Millis")) {
            field = field.substring(0, field.length() - "Millis".length());
        }
        return section + "." + kebab(field);
    }

    private static String kebab(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                b.append('-').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** Builds the instance; its own settings (default voltage, ATRION_ENGINE) are checked here. */
    Atrion build() {
        Atrion.Builder b = builder();
        return build("atrion", b::build);
    }
}
