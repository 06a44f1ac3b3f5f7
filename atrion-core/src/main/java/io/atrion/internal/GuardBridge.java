package io.atrion.internal;

import io.atrion.Atrion;
import io.atrion.guard.GuardConfig;
import io.atrion.guard.GuardRegistry;

/**
 * How {@link Atrion} creates its one {@link GuardRegistry} and tells it about removed routes,
 * although both live in different packages and the registry has no public constructor (so that
 * nothing else can make a second registry, or a second guard, for an instance's routes). The guard
 * package installs its half when {@code GuardRegistry} is initialized; the JDK's "shared secrets"
 * pattern.
 *
 * <p>Internal: not part of the public API.
 */
public final class GuardBridge {

    /** The guard package's half. */
    public interface Registries {
        /** The registry of {@code atrion}, whose guards use {@code defaults} unless configured. */
        GuardRegistry create(Atrion atrion, GuardConfig defaults);

        /** The route was removed: forget and retire its guard. */
        void forget(GuardRegistry registry, String routeId);
    }

    private static volatile Registries registries;

    private GuardBridge() {
    }

    /** Called once, by {@code GuardRegistry}'s static initializer. */
    public static void install(Registries r) {
        registries = r;
    }

    /** The installed half, initializing {@code GuardRegistry} first if needed. */
    public static Registries registries() {
        Registries r = registries;
        if (r == null) {
            try {
                Class.forName(GuardRegistry.class.getName(), true, GuardRegistry.class.getClassLoader());
            } catch (ClassNotFoundException impossible) {
                throw new IllegalStateException(impossible);
            }
            r = registries;
        }
        return r;
    }
}
