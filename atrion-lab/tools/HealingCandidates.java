import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.PhysicsConfig;
import io.atrion.Presets;
import io.atrion.Slo;
import io.atrion.guard.GuardConfig;
import io.atrion.lab.Seeds;
import io.atrion.lab.policy.Policy;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.ScenarioFile;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Simulation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Atrion configurations ("candidates") in the wind tunnel next to tuned Resilience4j: the
 * measurements behind docs/guard.md ("Healing: the candidates and the winner"). For every storm and
 * candidate it prints the mean over the seeds of full admission after the heal minus tuned
 * Resilience4j's (and the worst seed's difference), goodput, critical-tier success, wasted calls,
 * breaker transitions, seconds fully shed while closed, the share shed before the fault and
 * revenue efficiency (the success rate where every request is worth the same).
 *
 * <pre>
 *   ./atrion lab --help &gt;/dev/null     # builds atrion-cli/target/atrion-cli.jar and its lib/
 *   java -cp atrion-cli/target/atrion-cli.jar atrion-lab/tools/HealingCandidates.java \
 *        [--seeds 1..5] [--storm ID]... [--scenario FILE.json]... [candidate...]
 * </pre>
 *
 * Defaults: seeds 1..5, the twelve built-in storms, every candidate. A candidate is an
 * {@link Atrion.Builder} as a user would write it; the lab adds the engine (FAST) and the
 * simulated clock ({@link PolicyKind#atrion}). Only the product layer (guard config, preset)
 * varies; the SPEC physics stays as it is. Deterministic: the same numbers on every run.
 * {@code lab-policies} are the two Atrion policies of {@code ./atrion lab} as they are configured.
 */
public final class HealingCandidates {

    /** Limits of tuned Resilience4j: slow calls above 500 ms, 25 % failures. */
    private static GuardConfig.Builder limits() {
        return GuardConfig.builder().limits(500, 0.25);
    }

    private static PhysicsConfig decay(double perSecond) {
        return PhysicsConfig.builder().decayRate(perSecond).build();
    }

    private static Supplier<Atrion.Builder> with(PhysicsConfig physics, GuardConfig guard) {
        return () -> Atrion.builder().physics(physics).guardConfig(guard);
    }

    private static final Map<String, Supplier<Atrion.Builder>> CANDIDATES = new LinkedHashMap<>();

    static {
        PhysicsConfig spec = PhysicsConfig.defaults();
        CANDIDATES.put("defaults", with(spec, GuardConfig.defaults()));
        CANDIDATES.put("limits", with(spec, limits().build()));
        CANDIDATES.put("limits-probe500", with(spec, limits().probeIntervalMillis(500).build()));
        CANDIDATES.put("limits-probe2000", with(spec, limits().probeIntervalMillis(2000).build()));
        CANDIDATES.put("limits-decay0.2", with(decay(0.2), limits().build()));
        CANDIDATES.put("limits-interactive", () -> Presets.interactive().guardConfig(limits().build()));
        CANDIDATES.put("limits-decay0.5", with(decay(0.5), limits().build()));
        CANDIDATES.put("limits-interactive-notuner",
                () -> Presets.interactive().guardConfig(limits().build()).autoTunerDisabled());
        // The probe floor before it became 0 (every tier above R_base probes).
        CANDIDATES.put("limits-interactive-floor20",
                () -> Presets.interactive().guardConfig(limits().probeMinVoltage(20).build()));
        CANDIDATES.put("defaults-interactive", () -> Presets.interactive());
        // The same limits stated on the instance's SLO instead of the guard: the same pressures.
        CANDIDATES.put("slo-limits-interactive", () -> Presets.interactive()
                .slo(Slo.fromLimits(500, 0.25, Double.NaN, Presets.interactivePhysics())));
    }

    public static void main(String[] args) throws IOException {
        List<Long> seeds = Seeds.parse("1..5");
        List<Scenario> storms = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Seeds.parse(value(args, ++i));
                case "--storm" -> storms.add(Scenarios.byId(value(args, ++i)));
                case "--scenario" -> storms.add(ScenarioFile.read(Path.of(value(args, ++i))));
                case "lab-policies" -> names.add(args[i]);
                default -> {
                    if (!CANDIDATES.containsKey(args[i])) {
                        throw new IllegalArgumentException("unknown candidate " + args[i] + "; one of lab-policies, "
                                + String.join(", ", CANDIDATES.keySet()));
                    }
                    names.add(args[i]);
                }
            }
        }
        if (storms.isEmpty()) {
            storms.addAll(Scenarios.all());
        }
        if (names.isEmpty()) {
            names.addAll(CANDIDATES.keySet());
        }
        System.out.println("seeds " + Seeds.format(seeds) + "; full admission as the mean difference to r4j-tuned "
                + "(worst seed's difference)");
        for (Scenario s : storms) {
            List<RunResult> tuned = runs(s, PolicyKind.R4J_TUNED.id(), () -> PolicyKind.R4J_TUNED.create(Engine.FAST),
                    seeds);
            System.out.println();
            System.out.println("== " + s.id());
            System.out.println(row("r4j-tuned", tuned, null));
            for (String name : names) {
                if (name.equals("lab-policies")) {
                    for (PolicyKind p : List.of(PolicyKind.ATRION_DEFAULTS, PolicyKind.ATRION_LIMITS)) {
                        System.out.println(row(p.id(), runs(s, p.id(), () -> p.create(Engine.FAST), seeds), tuned));
                    }
                } else {
                    Supplier<Atrion.Builder> c = CANDIDATES.get(name);
                    System.out.println(row(name, runs(s, name, () -> PolicyKind.atrion(Engine.FAST, c), seeds), tuned));
                }
            }
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static List<RunResult> runs(Scenario s, String name, Supplier<Policy> policy, List<Long> seeds) {
        List<RunResult> out = new ArrayList<>();
        for (long seed : seeds) {
            out.add(new Simulation(s, policy.get(), seed).run().result(name, "FAST", seed));
        }
        return out;
    }

    /** Full admission after the heal in s; the rest of the run when it never came. */
    private static double healS(RunResult r) {
        double h = r.fullAdmissionS();
        return Double.isNaN(h) ? r.scenario().durationS() - r.scenario().healS() : h;
    }

    private static String row(String name, List<RunResult> runs, List<RunResult> tuned) {
        double heal = 0;
        double delta = 0;
        double worstDelta = Double.NEGATIVE_INFINITY;
        double goodput = 0;
        double critical = 0;
        double wasted = 0;
        double transitions = 0;
        double shedClosed = 0;
        double calm = 0;
        double revenue = 0;
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            heal += healS(r);
            if (tuned != null) {
                double d = healS(r) - healS(tuned.get(i));
                delta += d;
                worstDelta = Math.max(worstDelta, d);
            }
            goodput += r.goodput();
            critical += r.criticalSuccessRate();
            wasted += r.wasted();
            transitions += r.transitions();
            shedClosed += r.fullyShedClosedS();
            calm += r.calmShedRate();
            double rev = r.revenueEfficiency();
            revenue += Double.isNaN(rev) ? r.successRate() : rev;
        }
        int n = runs.size();
        String heals = tuned == null ? String.format(Locale.ROOT, "%6.1f s", heal / n)
                : String.format(Locale.ROOT, "%+6.1f (%+4.0f)", delta / n, worstDelta);
        return String.format(Locale.ROOT,
                "  %-28s full adm. %-14s goodput %6.1f  critical %5.1f %%  wasted %7.0f  transitions %4.1f"
                        + "  shed closed %5.1f s  calm shed %4.2f %%  revenue %5.1f %%",
                name, heals, goodput / n, 100 * critical / n, wasted / n, transitions / n, shedClosed / n,
                100 * calm / n, 100 * revenue / n);
    }
}
