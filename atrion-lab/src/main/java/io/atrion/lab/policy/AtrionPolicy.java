package io.atrion.lab.policy;

import io.atrion.Atrion;
import io.atrion.AutoTunerConfig;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.PhysicsConfig;
import io.atrion.Presets;
import io.atrion.Slo;
import io.atrion.guard.GuardConfig;
import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Tier;
import io.atrion.lab.sim.VirtualTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One Atrion instance for one run, on a {@link ManualClock} that shows simulated time, with one
 * {@link AtrionGate} (one {@code RouteGuard}) per protected call. Atrion tells a call's requests
 * apart by voltage, not by endpoint: every endpoint of a call shares its route. All of the lab's
 * use of Atrion's API is here and in {@link AtrionGate}.
 *
 * <p>A configuration is an {@link Atrion.Builder} as a user would write it (SLO, physics,
 * AutoTuner, guard config); the lab only adds the engine under test and the simulated clock.
 */
final class AtrionPolicy implements Policy {

    /** The latency limit of {@link PolicyKind#ATRION_LIMITS}: tuned Resilience4j's slow-call threshold, ms. */
    static final double LIMIT_LATENCY_MS = 500;
    /** The error-rate limit of {@link PolicyKind#ATRION_LIMITS} (tuned Resilience4j: 25 % failures). */
    static final double LIMIT_ERROR_RATE = 0.25;

    /** {@link PolicyKind#ATRION_DEFAULTS}: every SPEC default, {@code GuardConfig.defaults()}. */
    static Atrion.Builder defaults() {
        return Atrion.builder();
    }

    /**
     * {@link PolicyKind#ATRION_LIMITS}: Atrion's documented preset for request/response traffic
     * ({@link Presets#interactive()}: the SPEC physics with λ = 0.3/s, AutoTuner on) and guards with
     * the limits of the tuned Resilience4j breaker; every other setting at its default.
     */
    static Atrion.Builder limits() {
        return Presets.interactive()
                .guardConfig(GuardConfig.builder().limits(LIMIT_LATENCY_MS, LIMIT_ERROR_RATE).build());
    }

    private final ManualClock clock;
    private final Atrion atrion;
    private final SharedFleet fleet;
    private final Map<String, AtrionGate> gates = new HashMap<>();

    AtrionPolicy(Engine engine, Supplier<Atrion.Builder> configuration) {
        this(engine, configuration, new ManualClock(SimClock.EPOCH_MS), null);
    }

    /**
     * An instance of a fleet that shares state: {@code clock} is the fleet's (one simulated time),
     * {@code fleet} schedules the sharing when the run starts.
     */
    AtrionPolicy(Engine engine, Supplier<Atrion.Builder> configuration, ManualClock clock, SharedFleet fleet) {
        this.clock = clock;
        this.fleet = fleet;
        Atrion.Builder b = Objects.requireNonNull(configuration.get(), "configuration returned null");
        this.atrion = b.engine(engine).clock(clock).build();
    }

    /** The instance under test. */
    Atrion atrion() {
        return atrion;
    }

    @Override
    public void start(VirtualTime time) {
        if (fleet != null) {
            fleet.start(time);
        }
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

    /**
     * What the reports print about an Atrion configuration: {@code code} (how it is built) and the
     * values read back from an instance built the same way.
     */
    static String describe(String code, Supplier<Atrion.Builder> configuration) {
        try (Atrion a = new AtrionPolicy(Engine.FAST, configuration).atrion) {
            Slo s = a.slo();
            PhysicsConfig p = a.physicsConfig();
            GuardConfig g = a.guards().defaultConfig();
            boolean specPhysics = p.equals(PhysicsConfig.defaults());
            return code + ": SLO baselineLatencyMs=" + s.baselineLatencyMs() + ", targetErrorRate="
                    + s.targetErrorRate() + ", baselineSaturation=" + s.baselineSaturation() + "; physics "
                    + (specPhysics ? "at the SPEC defaults" : "the SPEC defaults except decayRate="
                            + p.decayRate() + "/s" + (p.equals(PhysicsConfig.defaults().toBuilder()
                                    .decayRate(p.decayRate()).build()) ? "" : " (and more: " + p + ")"))
                    + "; AutoTuner " + a.autoTunerConfig().map(t -> t.equals(AutoTunerConfig.defaults())
                            ? "on, SPEC defaults" : "on, " + t).orElse("off")
                    + "; one RouteGuard per protected call (atrion.guard(route)) with " + guard(g)
                    + "; tier names resolved with atrion.voltage(VoltageTier).";
        }
    }

    private static String guard(GuardConfig g) {
        if (g.equals(GuardConfig.defaults())) {
            return "GuardConfig.defaults() (" + settings(g) + ")";
        }
        GuardConfig withoutLimits = g.toBuilder().maxLatencyMs(Double.NaN).maxErrorRate(Double.NaN)
                .maxSaturation(Double.NaN).build();
        if (withoutLimits.equals(GuardConfig.defaults())) {
            return "GuardConfig.defaults() plus limits maxLatencyMs=" + g.maxLatencyMs() + ", maxErrorRate="
                    + g.maxErrorRate() + (Double.isNaN(g.maxSaturation()) ? "" : ", maxSaturation=" + g.maxSaturation())
                    + " (" + settings(g) + ")";
        }
        return g.toString();
    }

    private static String settings(GuardConfig g) {
        return "maxConcurrentCalls " + g.maxConcurrentCalls() + ", telemetryWindow " + g.telemetryWindow()
                + ", error rate fed as the lower bound of its z = " + g.errorConfidenceZ() + " Wilson interval"
                + ", at most one physics update per " + g.updateIntervalMillis() + " ms on fresh evidence"
                + ", one probe per " + g.probeIntervalMillis() + " ms without an ended call, from any caller above "
                + "R_base" + (g.probeMinVoltage() > 0 ? " and at >= " + g.probeMinVoltage() + " V" : "")
                + ", with a " + g.probeTimeoutMillis() + " ms lease";
    }
}
