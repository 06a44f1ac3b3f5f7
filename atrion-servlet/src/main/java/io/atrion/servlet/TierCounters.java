package io.atrion.servlet;

import io.atrion.Atrion;
import io.atrion.VoltageTier;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Admitted and shed requests per route and per {@link VoltageTier}, for the live stream and the
 * dashboard. The engine's decision counters ({@link Atrion#counters}) count by reason, not by
 * priority; only the caller knows a request's voltage, so integrations record it here: the Spring
 * Boot starter's filter and {@code @AtrionGuarded} do, and code of your own may call
 * {@link #record}.
 *
 * <p>A voltage counts in the highest tier whose voltage (on the instance's ladder, SPEC §2.8) it
 * reaches; voltages below the bulk tier count as bulk. One entry of ten counters per route id;
 * {@link #retain} forgets routes the instance no longer has. Thread-safe; recording is two
 * lock-free reads and one atomic add once the route's entry exists.
 */
public final class TierCounters {

    /** The tiers in the order of {@link #admitted} and {@link #shed}: critical, high, normal, low, bulk. */
    public static final VoltageTier[] TIERS = VoltageTier.values();

    private final Atrion atrion;
    /** Tier voltages on the instance's ladder, highest first (the enum's order). */
    private final double[] floors;
    private final ConcurrentHashMap<String, AtomicLongArray> counts = new ConcurrentHashMap<>();

    /** Counters bucketing voltages on {@code atrion}'s ladder. */
    public TierCounters(Atrion atrion) {
        this.atrion = Objects.requireNonNull(atrion, "atrion must not be null");
        this.floors = new double[TIERS.length];
        for (int i = 0; i < TIERS.length; i++) {
            floors[i] = atrion.voltage(TIERS[i]);
        }
    }

    /** The index in {@link #TIERS} of the tier a voltage counts in. */
    public int tierIndex(double voltage) {
        for (int i = 0; i < floors.length; i++) {
            if (voltage >= floors[i]) {
                return i;
            }
        }
        return floors.length - 1;
    }

    /** Counts one request of {@code routeId} at {@code voltage}: admitted, or shed (rejected before it ran). */
    public void record(String routeId, double voltage, boolean admitted) {
        AtomicLongArray c = counts.get(routeId);
        if (c == null) {
            c = counts.computeIfAbsent(Objects.requireNonNull(routeId, "routeId must not be null"),
                    id -> new AtomicLongArray(2 * TIERS.length));
        }
        c.getAndIncrement(2 * tierIndex(voltage) + (admitted ? 0 : 1));
    }

    /** Requests of the route admitted in tier {@code tier} (an index in {@link #TIERS}); 0 when none. */
    public long admitted(String routeId, int tier) {
        AtomicLongArray c = counts.get(routeId);
        return c == null ? 0 : c.get(2 * tier);
    }

    /** Requests of the route shed in tier {@code tier} (an index in {@link #TIERS}); 0 when none. */
    public long shed(String routeId, int tier) {
        AtomicLongArray c = counts.get(routeId);
        return c == null ? 0 : c.get(2 * tier + 1);
    }

    /** Forgets one route's counts (e.g. when the route is reset). */
    public void forget(String routeId) {
        counts.remove(routeId);
    }

    /** Forgets the counts of routes the instance no longer has; returns how many were dropped. */
    public int retain() {
        int before = counts.size();
        counts.keySet().removeIf(id -> atrion.state(id).isEmpty());
        return before - counts.size();
    }

    /** The instance whose ladder buckets the voltages. */
    public Atrion atrion() {
        return atrion;
    }
}
