package io.atrion.lab.policy;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Slo;
import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Tier;
import java.util.HashMap;
import java.util.Map;

/**
 * One Atrion instance for one run, on a {@link ManualClock} that shows simulated time, with one
 * {@link AtrionGate} (one {@code RouteGuard}) per protected call. Atrion tells a call's requests
 * apart by voltage, not by endpoint: every endpoint of a call shares its route. All of the lab's
 * use of Atrion's API is here and in {@link AtrionGate}.
 */
final class AtrionPolicy implements Policy {

    /** The SLO of {@link PolicyKind#ATRION_LIMITS}: the limits of the tuned Resilience4j breaker. */
    static final double LIMIT_LATENCY_MS = 500;
    /** The error-rate limit of {@link PolicyKind#ATRION_LIMITS} (tuned Resilience4j: 25 % failures). */
    static final double LIMIT_ERROR_RATE = 0.25;

    private final ManualClock clock = new ManualClock(SimClock.EPOCH_MS);
    private final Atrion atrion;
    private final Map<String, AtrionGate> gates = new HashMap<>();

    AtrionPolicy(Engine engine, boolean limits) {
        Atrion.Builder b = Atrion.builder().engine(engine).clock(clock);
        if (limits) {
            b.slo(Slo.fromLimits(LIMIT_LATENCY_MS, LIMIT_ERROR_RATE));
        }
        this.atrion = b.build();
    }

    @Override
    public Gate gate(Call call, String endpoint) {
        return gates.computeIfAbsent(call.route(), r -> new AtrionGate(this, atrion.guard(r)));
    }

    @Override
    public double voltage(Tier tier) {
        return tier.voltageTier() != null ? atrion.voltage(tier.voltageTier()) : tier.voltage();
    }

    void setTime(long simMs) {
        clock.set(SimClock.EPOCH_MS + simMs);
    }

    /** What the reports print about the Atrion configuration, read from the instance. */
    static String describe(boolean limits) {
        Slo s;
        try (Atrion a = new AtrionPolicy(Engine.FAST, limits).atrion) {
            s = a.slo();
        }
        return "Atrion.builder().engine(E).clock(virtual)" + (limits ? ".slo(Slo.fromLimits(500, 0.25))" : "")
                + ".build(): SLO baselineLatencyMs=" + s.baselineLatencyMs() + ", targetErrorRate="
                + s.targetErrorRate() + ", baselineSaturation=" + s.baselineSaturation()
                + "; physics and AutoTuner at their SPEC defaults; one RouteGuard per protected call (atrion.guard(route), "
                + "GuardConfig.defaults()); tier names resolved with atrion.voltage(VoltageTier).";
    }
}
