package io.atrion.lab.policy;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.lab.sim.Fleet;
import io.atrion.lab.sim.VirtualTime;
import io.atrion.state.InMemoryStateStore;
import io.atrion.state.StateStats;
import io.atrion.state.StateSyncConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Atrion instances of a fleet that share route state (SPEC §5) through one
 * {@link InMemoryStateStore}, on the simulation's virtual time, as a fleet shares it through Redis:
 *
 * <ul>
 *   <li>each instance is {@code configuration} plus {@code store.provider("node-i")} and
 *       {@code StateSyncConfig.defaults().withPublisherThread(false)}: γ = 0.3, the SPEC default;
 *   <li>every {@value #PUBLISH_TICK_MS} ms of simulated time each instance's
 *       {@link Atrion#flushState()} publishes the routes its updates queued (the publisher
 *       thread's longest idle park is 10 ms);
 *   <li>the store delivers each published vector to every instance {@value #PROPAGATION_DELAY_MS}
 *       ms later (a Redis pub/sub hop between hosts; on loopback the measured p50 is 10 ms, the
 *       p90 16–19 ms), where it is merged at that simulated time;
 *   <li>the instances read one {@link ManualClock} that shows simulated time (one fleet, one
 *       wall clock: no skew).
 * </ul>
 *
 * Publication, delivery and merging happen only at virtual times, on the simulation's thread,
 * so a run is deterministic.
 */
final class SharedFleet {

    /** Simulated time between a vector's publication and its delivery to the other instances, ms. */
    static final long PROPAGATION_DELAY_MS = 20;
    /** Simulated time between two publisher cycles of each instance, ms. */
    static final long PUBLISH_TICK_MS = 10;

    private final ManualClock clock = new ManualClock(SimClock.EPOCH_MS);
    private final InMemoryStateStore store;
    private final List<AtrionPolicy> instances = new ArrayList<>();
    private VirtualTime time;

    /**
     * @param count         how many instances (≥ 1)
     * @param configuration each instance's configuration, as for an instance alone
     */
    SharedFleet(Engine engine, int count, Supplier<Atrion.Builder> configuration) {
        this(engine, count, configuration, StateSyncConfig.defaults().withPublisherThread(false));
    }

    SharedFleet(Engine engine, int count, Supplier<Atrion.Builder> configuration, StateSyncConfig sync) {
        Objects.requireNonNull(configuration, "configuration");
        if (count < 1) {
            throw new IllegalArgumentException("a fleet needs at least one instance, got " + count);
        }
        this.store = InMemoryStateStore.builder().delivery(this::deliverLater).build();
        for (int i = 0; i < count; i++) {
            String node = Fleet.instanceName(i);
            instances.add(new AtrionPolicy(engine, () -> configuration.get()
                    .stateProvider(store.provider(node))
                    .stateSync(sync), clock, this));
        }
    }

    /** The instances' policies, in instance order. */
    List<AtrionPolicy> instances() {
        return instances;
    }

    /** The sharing counters of instance {@code i}. */
    StateStats stats(int i) {
        return instances.get(i).atrion().stateStats().orElseThrow();
    }

    /** The first instance to start schedules the publisher ticks; the others find them running. */
    void start(VirtualTime t) {
        if (time != null) {
            if (time != t) {
                throw new IllegalStateException("one fleet, one simulation");
            }
            return;
        }
        time = t;
        t.every(PUBLISH_TICK_MS, this::publish);
    }

    private void publish() {
        clock.set(SimClock.EPOCH_MS + time.nowMs());
        for (AtrionPolicy p : instances) {
            p.atrion().flushState();
        }
    }

    private void deliverLater(Runnable delivery) {
        VirtualTime t = time;
        if (t == null) {
            throw new IllegalStateException("a vector was published before the simulation started");
        }
        t.at(t.nowMs() + PROPAGATION_DELAY_MS, () -> {
            clock.set(SimClock.EPOCH_MS + t.nowMs());
            delivery.run();
        });
    }
}
