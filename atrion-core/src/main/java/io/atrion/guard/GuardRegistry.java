package io.atrion.guard;

import io.atrion.Atrion;
import io.atrion.internal.GuardBridge;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link RouteGuard}s of one {@link Atrion} instance, one per route id, created on first use:
 * {@link Atrion#guards()}. Each instance has exactly one registry, and guards exist only through
 * it, so two guards never keep different averages for one route. Per-route settings are given at
 * creation; asking again for an existing guard returns it unchanged (as Resilience4j registries
 * do). {@link Atrion#remove(String)} removes the route's guard with the route. Thread-safe.
 */
public final class GuardRegistry {

    static {
        GuardBridge.install(new GuardBridge.Registries() {
            @Override
            public GuardRegistry create(Atrion atrion, GuardConfig defaults) {
                return new GuardRegistry(atrion, defaults);
            }

            @Override
            public void forget(GuardRegistry registry, String routeId) {
                registry.remove(routeId);
            }
        });
    }

    private final Atrion atrion;
    private final GuardConfig defaultConfig;
    private final Map<String, GuardConfig> configs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RouteGuard> guards = new ConcurrentHashMap<>();

    private GuardRegistry(Atrion atrion, GuardConfig defaultConfig) {
        this.atrion = Objects.requireNonNull(atrion, "atrion must not be null");
        this.defaultConfig = Objects.requireNonNull(defaultConfig, "defaultConfig must not be null");
    }

    /**
     * Sets the settings a route's guard will be created with (before its first use, and again
     * after the route is removed). Has no effect on a guard that already exists.
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
                id -> new RouteGuard(atrion, id, configs.getOrDefault(id, defaultConfig), this));
    }

    /** The route's guard, created with {@code config} if it does not exist yet. */
    public RouteGuard guard(String routeId, GuardConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        RouteGuard g = guards.get(routeId == null ? "" : routeId);
        if (g != null) {
            return g;
        }
        return guards.computeIfAbsent(checked(routeId), id -> new RouteGuard(atrion, id, config, this));
    }

    /** The guard of a route, if one was created. */
    public Optional<RouteGuard> find(String routeId) {
        return Optional.ofNullable(routeId == null ? null : guards.get(routeId));
    }

    /** Every guard created so far and not removed. */
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

    /** Forgets the route's guard and retires it (calls through old references go to a new guard). */
    private void remove(String routeId) {
        RouteGuard g = guards.remove(routeId);
        if (g != null) {
            g.retire();
        }
    }

    private static String checked(String routeId) {
        if (routeId == null || routeId.isEmpty()) {
            throw new IllegalArgumentException("routeId must be a non-empty string, got "
                    + (routeId == null ? "null" : "\"\""));
        }
        return routeId;
    }
}
