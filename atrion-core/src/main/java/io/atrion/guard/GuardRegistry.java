package io.atrion.guard;

import io.atrion.Atrion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named {@link RouteGuard}s of one {@link Atrion} instance, one per route id, created on first
 * use. Per-route settings are given at creation; asking again for an existing guard returns it
 * unchanged (as Resilience4j registries do). Thread-safe.
 */
public final class GuardRegistry {

    private final Atrion atrion;
    private final GuardConfig defaultConfig;
    private final Map<String, GuardConfig> configs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RouteGuard> guards = new ConcurrentHashMap<>();

    private GuardRegistry(Atrion atrion, GuardConfig defaultConfig) {
        this.atrion = Objects.requireNonNull(atrion, "atrion must not be null");
        this.defaultConfig = Objects.requireNonNull(defaultConfig, "defaultConfig must not be null");
    }

    /** A registry whose guards use {@link GuardConfig#defaults()} unless configured. */
    public static GuardRegistry of(Atrion atrion) {
        return of(atrion, GuardConfig.defaults());
    }

    /** A registry whose guards use {@code defaultConfig} unless configured. */
    public static GuardRegistry of(Atrion atrion, GuardConfig defaultConfig) {
        return new GuardRegistry(atrion, defaultConfig);
    }

    /**
     * Sets the settings a route's guard will be created with (before its first use). Has no
     * effect on a guard that already exists.
     *
     * @return this registry
     */
    public GuardRegistry configure(String routeId, GuardConfig config) {
        configs.put(Objects.requireNonNull(routeId, "routeId must not be null"),
                Objects.requireNonNull(config, "config must not be null"));
        return this;
    }

    /** The route's guard, created with its configured (or the default) settings on first use. */
    public RouteGuard guard(String routeId) {
        RouteGuard g = guards.get(routeId == null ? "" : routeId);
        if (g != null) {
            return g;
        }
        return guards.computeIfAbsent(checked(routeId),
                id -> new RouteGuard(atrion, id, configs.getOrDefault(id, defaultConfig)));
    }

    /** The route's guard, created with {@code config} if it does not exist yet. */
    public RouteGuard guard(String routeId, GuardConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        return guards.computeIfAbsent(checked(routeId), id -> new RouteGuard(atrion, id, config));
    }

    /** The guard of a route, if one was created. */
    public Optional<RouteGuard> find(String routeId) {
        return Optional.ofNullable(routeId == null ? null : guards.get(routeId));
    }

    /** Every guard created so far. */
    public Collection<RouteGuard> guards() {
        return Collections.unmodifiableList(new ArrayList<>(guards.values()));
    }

    /** The settings of guards without their own. */
    public GuardConfig defaultConfig() {
        return defaultConfig;
    }

    /** The instance whose routes these guards protect. */
    public Atrion atrion() {
        return atrion;
    }

    private static String checked(String routeId) {
        if (routeId == null || routeId.isEmpty()) {
            throw new IllegalArgumentException("routeId must be a non-empty string, got "
                    + (routeId == null ? "null" : "\"\""));
        }
        return routeId;
    }
}
