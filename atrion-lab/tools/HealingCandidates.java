import io.atrion.Atrion;
import io.atrion.AutoTunerConfig;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.PhysicsConfig;
import io.atrion.Presets;
import io.atrion.Slo;
import io.atrion.guard.GuardConfig;
import io.atrion.lab.policy.AtrionGate;
import io.atrion.lab.policy.Policy;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.policy.SimClock;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Simulation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The guard's healing candidates in the wind tunnel (docs/guard.md, "Healing"): every built-in
 * scenario, seeds 1 to 5, each candidate against tuned Resilience4j. Prints, per scenario, the
 * mean (and worst seed) of full admission after the heal minus tuned Resilience4j's, and the mean
 * goodput, critical-tier success, wasted calls, breaker transitions, calm shed and revenue
 * efficiency (the success rate where every request is worth the same).
 *
 * <pre>
 *   ./atrion lab --help >/dev/null     # builds atrion-cli/target/atrion-cli.jar and its lib/
 *   java -cp atrion-cli/target/atrion-cli.jar atrion-lab/tools/HealingCandidates.java [candidate...]
 * </pre>
 *
 * A candidate is a guard configuration and an Atrion physics preset; the names are the keys of
 * {@link #CANDIDATES}. The SPEC physics stays as it is: only the product layer (guard, preset)
 * changes. Deterministic: the same numbers on every run.
 */
public final class HealingCandidates {

    private static final long[] SEEDS = {1, 2, 3, 4, 5};

    /** Limits of tuned Resilience4j: slow calls above 500 ms, 25 % failures. */
    private static GuardConfig.Builder limits() {
        return GuardConfig.builder().limits(500, 0.25);
    }

    private static final Map<String, Supplier<Candidate>> CANDIDATES = new LinkedHashMap<>();

    static {
        PhysicsConfig spec = PhysicsConfig.defaults();
        CANDIDATES.put("defaults", () -> new Candidate(GuardConfig.defaults(), spec, Slo.defaults()));
        CANDIDATES.put("limits", () -> new Candidate(limits().build(), spec, Slo.defaults()));
        CANDIDATES.put("limits-probe500", () -> new Candidate(limits().probeIntervalMillis(500).build(), spec,
                Slo.defaults()));
        CANDIDATES.put("limits-probe2000", () -> new Candidate(limits().probeIntervalMillis(2000).build(), spec,
                Slo.defaults()));
        CANDIDATES.put("limits-decay0.2", () -> new Candidate(limits().build(), decay(0.2), Slo.defaults()));
        CANDIDATES.put("limits-interactive", () -> new Candidate(limits().build(), Presets.interactivePhysics(),
                Slo.defaults()));
        CANDIDATES.put("limits-decay0.5", () -> new Candidate(limits().build(), decay(0.5), Slo.defaults()));
        CANDIDATES.put("limits-interactive-notuner", () -> new Candidate(limits().build(), Presets.interactivePhysics(),
                Slo.defaults(), false));
        CANDIDATES.put("defaults-interactive", () -> new Candidate(GuardConfig.defaults(),
                Presets.interactivePhysics(), Slo.defaults()));
        // The same limits stated on the instance's SLO instead of the guard: the same pressures.
        CANDIDATES.put("slo-limits-interactive", () -> new Candidate(GuardConfig.defaults(),
                Presets.interactivePhysics(), Slo.fromLimits(500, 0.25, Double.NaN, Presets.interactivePhysics())));
    }

    private static PhysicsConfig decay(double perSecond) {
        return PhysicsConfig.builder().decayRate(perSecond).build();
    }

    private record Candidate(GuardConfig guard, PhysicsConfig physics, Slo slo, boolean tuner) {
        Candidate(GuardConfig guard, PhysicsConfig physics, Slo slo) {
            this(guard, physics, slo, true);
        }

        Policy policy() {
            ManualClock clock = new ManualClock(SimClock.EPOCH_MS);
            Atrion atrion = Atrion.builder().engine(Engine.FAST).clock(clock).physics(physics).slo(slo)
                    .guardConfig(guard).autoTuner(tuner ? AutoTunerConfig.defaults() : null).build();
            return call -> new AtrionGate(atrion.guard(call.route()), clock);
        }
    }

    public static void main(String[] args) {
        List<String> names = args.length == 0 ? new ArrayList<>(CANDIDATES.keySet()) : List.of(args);
        for (Scenario s : Scenarios.all()) {
            List<RunResult> tuned = new ArrayList<>();
            for (long seed : SEEDS) {
                tuned.add(new Simulation(s, PolicyKind.R4J_TUNED.create(Engine.FAST), seed).run()
                        .result("r4j-tuned", "FAST", seed));
            }
            System.out.println();
            System.out.println("== " + s.id());
            System.out.println(row("r4j-tuned", tuned, null));
            for (String name : names) {
                Supplier<Candidate> c = CANDIDATES.get(name);
                if (c == null) {
                    throw new IllegalArgumentException("unknown candidate " + name + "; one of " + CANDIDATES.keySet());
                }
                List<RunResult> runs = new ArrayList<>();
                for (long seed : SEEDS) {
                    runs.add(new Simulation(s, c.get().policy(), seed).run().result(name, "FAST", seed));
                }
                System.out.println(row(name, runs, tuned));
            }
        }
    }

    private static String row(String name, List<RunResult> runs, List<RunResult> tuned) {
        double heal = 0;
        double worstDelta = Double.NEGATIVE_INFINITY;
        double delta = 0;
        double goodput = 0;
        double critical = 0;
        double wasted = 0;
        double transitions = 0;
        double calm = 0;
        double revenue = 0;
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            double h = Double.isNaN(r.fullAdmissionS()) ? r.scenario().durationS() - r.scenario().healS()
                    : r.fullAdmissionS();
            heal += h;
            if (tuned != null) {
                RunResult t = tuned.get(i);
                double th = Double.isNaN(t.fullAdmissionS()) ? t.scenario().durationS() - t.scenario().healS()
                        : t.fullAdmissionS();
                delta += h - th;
                worstDelta = Math.max(worstDelta, h - th);
            }
            goodput += r.goodput();
            critical += r.tierSuccessRate(0);
            wasted += r.wasted();
            transitions += r.transitions();
            calm += r.calmShedRate();
            revenue += r.revenueEfficiency();
        }
        int n = runs.size();
        return String.format(Locale.ROOT,
                "  %-26s full adm. %6.1f s  (vs tuned %+6.1f, worst %+6.1f)  goodput %6.1f  critical %5.1f %%"
                        + "  wasted %7.0f  transitions %4.1f  calm shed %4.1f %%  revenue %5.1f %%",
                name, heal / n, delta / n, tuned == null ? 0 : worstDelta, goodput / n, 100 * critical / n,
                wasted / n, transitions / n, 100 * calm / n, 100 * revenue / n);
    }
}
