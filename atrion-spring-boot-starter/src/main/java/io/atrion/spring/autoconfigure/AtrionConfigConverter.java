package io.atrion.spring.autoconfigure;

import io.atrion.Atrion;
import io.atrion.ConfigKeys;
import io.atrion.PhysicsConfig;
import io.atrion.Slo;
import io.atrion.WorkloadProfile;
import io.atrion.guard.GuardConfig;
import io.atrion.spring.AtrionProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The one place where {@code atrion.*} properties become core configuration objects. The physics,
 * SLO and AutoTuner settings go through the core's one mapping from dotted keys to config fields,
 * {@link ConfigKeys}: each of its keys is read from {@link AtrionProperties} at the same path
 * (the {@code config.*} keys live under {@code physics}, the {@code autoTuner} switch is
 * {@code autoTuner.enabled}), so this class names no physics field, and a key without its
 * property fails at startup ({@code AtrionPropertiesTest} checks every key). Guard settings go
 * through {@link GuardConfig#builder()}.
 *
 * <p>Validation stays in the core: a value out of range throws an {@link IllegalArgumentException}
 * naming the dotted key ({@code config.decayRate ...}) or the field ({@code GuardConfig.probeInterval...});
 * this class turns it into an {@link InvalidConfigurationPropertyValueException} naming the
 * property ({@code atrion.physics.decay-rate}) and its value, which Spring Boot reports at startup.
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
        ConfigKeys keys = configKeys();
        Atrion.Builder b = build("atrion", () -> keys.applyTo(Atrion.builder()))
                .guardConfig(guard("atrion.guard", properties.getGuard(), GuardConfig.builder()))
                .decisionCounters(properties.isDecisionCounters());
        if (properties.getEngine() != null) {
            b.engine(properties.getEngine());
        }
        set("atrion.default-voltage", properties.getDefaultVoltage(), b::defaultVoltage);
        properties.getRoutes().forEach((id, route) -> {
            if (route.getProfile() != null) {
                b.profile(id, profile("atrion.routes.[" + id + "].profile", route.getProfile()));
            }
        });
        return b;
    }

    /** A built-in workload profile by name, any case; another name fails the start naming the property. */
    static WorkloadProfile profile(String property, String name) {
        for (WorkloadProfile p : List.of(WorkloadProfile.LIGHT, WorkloadProfile.STANDARD, WorkloadProfile.HEAVY,
                WorkloadProfile.EXTREME)) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new InvalidConfigurationPropertyValueException(property, name,
                "a workload profile is one of LIGHT, STANDARD, HEAVY, EXTREME");
    }

    /**
     * The physics, SLO and tuner settings as dotted keys: every property that is set, over the
     * defaults, or over the baselines of {@link Slo#fromLimits} when the SLO is given as limits.
     */
    ConfigKeys configKeys() {
        ConfigKeys keys = given(ConfigKeys.defaults());
        AtrionProperties.Slo s = properties.getSlo();
        if (s.getMaxLatencyMs() == null && s.getMaxErrorRate() == null && s.getMaxSaturation() == null) {
            return keys;
        }
        String prefix = "atrion.slo.";
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
        PhysicsConfig physics = build("atrion.physics", keys::physics);
        Slo limits = build("atrion.slo", () -> Slo.fromLimits(s.getMaxLatencyMs(), s.getMaxErrorRate(), saturation,
                physics));
        // The limits' baselines, then every property given again (no baseline among them: refused above).
        return given(ConfigKeys.of(physics, limits, null));
    }

    /** Sets on {@code keys} every key whose property has a value. */
    private ConfigKeys given(ConfigKeys keys) {
        BeanWrapper bean = new BeanWrapperImpl(properties);
        for (String key : ConfigKeys.keys()) {
            Object value = bean.getPropertyValue(beanPath(key));
            if (value == null) {
                continue;
            }
            applied.put(propertyName(key), value);
            if (value instanceof Boolean) {
                keys.set(key, (boolean) (Boolean) value);
            } else if (value instanceof Integer) {
                keys.set(key, (long) (Integer) value);
            } else {
                keys.set(key, ((Number) value).doubleValue());
            }
        }
        return keys;
    }

    /** Where {@link AtrionProperties} holds a key: {@code config.*} under physics, the tuner's switch as enabled. */
    static String beanPath(String key) {
        if (key.equals("autoTuner")) {
            return "autoTuner.enabled";
        }
        return key.startsWith("config.") ? "physics." + key.substring("config.".length()) : key;
    }

    /** The property of a dotted key: {@code config.decayRate} is {@code atrion.physics.decay-rate}. */
    static String propertyName(String key) {
        return "atrion." + kebab(beanPath(key));
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
        if (ConfigKeys.isKey(token)) {
            return propertyName(token);
        }
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
