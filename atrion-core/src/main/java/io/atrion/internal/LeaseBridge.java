package io.atrion.internal;

import io.atrion.Atrion;
import io.atrion.internal.engine.PhysicsEngine;
import io.atrion.lease.Lease;
import io.atrion.lease.LeaseListener;
import io.atrion.lease.Leases;
import io.atrion.lease.TaskOptions;
import java.util.List;

/**
 * How {@link Atrion} creates its one {@link Leases}, starts leases and stops the lease scheduler,
 * although {@code Leases} lives in another package and has no public constructor (the same
 * "shared secrets" pattern as {@link GuardBridge}). The lease package installs its half when
 * {@code Leases} is initialized.
 *
 * <p>Internal: not part of the public API.
 */
public final class LeaseBridge {

    /** The lease package's half. */
    public interface Factory {
        /** The leases of {@code atrion}, recorded through {@code engine}. */
        Leases create(Atrion atrion, PhysicsEngine engine, List<LeaseListener> listeners, int queueCapacity,
                      String threadName, boolean autoSweep);

        /** {@code Atrion.startTask}. */
        Lease start(Leases leases, String routeId, TaskOptions options);

        /** Stops the scheduler. */
        void close(Leases leases);
    }

    private static volatile Factory factory;

    private LeaseBridge() {
    }

    /** Called once, by {@code Leases}'s static initializer. */
    public static void install(Factory f) {
        factory = f;
    }

    /** The installed half, initializing {@code Leases} first if needed. */
    public static Factory factory() {
        Factory f = factory;
        if (f == null) {
            try {
                Class.forName(Leases.class.getName(), true, Leases.class.getClassLoader());
            } catch (ClassNotFoundException impossible) {
                throw new IllegalStateException(impossible);
            }
            f = factory;
        }
        return f;
    }
}
