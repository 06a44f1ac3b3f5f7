package io.atrion.lab;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.report.HtmlReport;
import io.atrion.lab.report.ResultsJson;
import io.atrion.lab.report.Targets;
import io.atrion.lab.report.TextReport;
import io.atrion.lab.longjobs.LongJobs;
import io.atrion.lab.scenarios.ScenarioFile;
import io.atrion.lab.scenarios.ScenarioFormatException;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code atrion lab [SCENARIO] [--scenario FILE.json] [--policy P] [--out DIR] [--seeds S | --seed N]
 * [--engine E] [--healthy-errors R]}: runs the wind tunnel, prints the terminal report and writes
 * the HTML report, the headline table and results.json.
 */
public final class LabCommand {

    /** Where the report goes unless {@code --out} says otherwise (relative to the working directory). */
    public static final String DEFAULT_OUT = "lab-report";

    public static final String USAGE = String.join("\n",
            "usage: atrion lab [SCENARIO] [--scenario FILE.json]... [--policy POLICY] [--out DIR]",
            "                  [--seeds 1..5 | --seed N] [--engine fast|reference] [--healthy-errors RATE]",
            "",
            "Runs the wind tunnel on virtual time, once per seed, and prints a table per scenario (mean over the",
            "seeds and worst seed), small ASCII charts and the headline table; writes DIR/index.html",
            "(self-contained, SVG charts), DIR/headline.md, DIR/results.json (every run, machine-readable) and,",
            "with every policy, DIR/targets.md (the targets of issue 9 for atrion-limits: which hold).",
            "  SCENARIO            a built-in storm: " + String.join(", ", Scenarios.IDS) + ", " + LongJobs.ID
                    + " (leases; its own simulator and table)",
            "                      (default: all of them, unless --scenario is given)",
            "                      fleets of instances: " + String.join(", ", Scenarios.FLEET_IDS) + ", or "
                    + Scenarios.FLEET + " for every fleet storm",
            "  --scenario FILE     a storm described in a JSON file (format: atrion-lab/docs/lab.md); repeatable",
            "  --policy POLICY     one of " + policyIds() + " (default: all; fleets run "
                    + String.join(", ", ids(PolicyKind.FLEET)) + ");",
            "                      with one policy the terminal report shows full-size charts",
            "  --out DIR           report directory (default: " + DEFAULT_OUT + ")",
            "  --seeds S           seeds: N, A..B or A,B,C (default: " + Seeds.format(Lab.DEFAULT_SEEDS) + ")",
            "  --seed N            one seed (same as --seeds N)",
            "  --engine E          Atrion engine: fast or reference (default: fast; both give the same numbers)",
            "  --healthy-errors R  error rate of a healthy service in the built-in storms, a what-if (default: "
                    + Scenarios.HEALTHY_ERRORS + ")",
            "");

    private LabCommand() {
    }

    /** Runs the command; returns the exit code (0, or 2 for a usage error, a bad scenario file or an unwritable report). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String scenarioId = null;
        List<Path> files = new ArrayList<>();
        PolicyKind policy = null;
        Path outDir = Paths.get(DEFAULT_OUT);
        List<Long> seeds = Lab.DEFAULT_SEEDS;
        Engine engine = Engine.FAST;
        double healthyErrors = Scenarios.HEALTHY_ERRORS;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                switch (name) {
                    case "--policy":
                        policy = PolicyKind.parse(value(args, i, a));
                        break;
                    case "--scenario":
                        files.add(Paths.get(value(args, i, a)));
                        break;
                    case "--out":
                        outDir = Paths.get(value(args, i, a));
                        break;
                    case "--seeds":
                        seeds = Seeds.parse(value(args, i, a));
                        break;
                    case "--seed":
                        seeds = List.of(Long.parseLong(value(args, i, a).trim()));
                        break;
                    case "--engine":
                        engine = Engine.parse(value(args, i, a));
                        if (engine == Engine.AUTO) {
                            engine = Engine.FAST;
                        }
                        break;
                    case "--healthy-errors":
                        healthyErrors = Double.parseDouble(value(args, i, a));
                        break;
                    case "--help":
                    case "-h":
                        out.print(USAGE);
                        return 0;
                    default:
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        if (scenarioId != null) {
                            throw new IllegalArgumentException("one built-in scenario at most, got '" + scenarioId
                                    + "' and '" + a + "' (use --scenario FILE for files)");
                        }
                        scenarioId = a;
                        continue;
                }
                if (!a.contains("=")) {
                    i++;
                }
            }
            if (LongJobs.ID.equals(scenarioId)) {
                LongJobs.runAndReport(seeds, engine, outDir, out);
                return 0;
            }
            List<Scenario> scenarios = new ArrayList<>();
            if (Scenarios.FLEET.equals(scenarioId)) {
                scenarios.addAll(Scenarios.fleets(healthyErrors));
            } else if (scenarioId != null) {
                scenarios.add(Scenarios.byId(scenarioId, healthyErrors));
            } else if (files.isEmpty()) {
                scenarios.addAll(Scenarios.all(healthyErrors));
                scenarios.addAll(Scenarios.fleets(healthyErrors));
            }
            for (Path f : files) {
                scenarios.add(readFile(f));
            }
            List<String> ids = new ArrayList<>();
            for (Scenario s : scenarios) {
                if (ids.contains(s.id())) {
                    throw new IllegalArgumentException("two scenarios with the id '" + s.id() + "'");
                }
                ids.add(s.id());
            }
            PolicyKind only = policy;
            Function<Scenario, List<PolicyKind>> policies = only == null ? PolicyKind::defaultsFor
                    : s -> List.of(only);
            LabRun run = execute(scenarios, policies, engine, seeds, healthyErrors);
            out.print(TextReport.render(run, only != null));
            Path written = write(run, outDir);
            out.println();
            out.println("HTML report: " + written.toAbsolutePath().normalize());
            out.println("Results:     " + outDir.resolve("results.json").toAbsolutePath().normalize());
            if (scenarioId == null && files.isEmpty() && policy == null) {
                LongJobs.runAndReport(seeds, engine, outDir, out); // the leases storm of issue 13, after the others
            }
            out.flush();
            return 0;
        } catch (ScenarioFormatException e) {
            err.println("atrion lab: " + e.getMessage());
            return 2;
        } catch (NumberFormatException e) {
            err.println("atrion lab: not a number: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("atrion lab: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (NoSuchFileException e) {
            err.println("atrion lab: no such file: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println("atrion lab: " + e);
            return 2;
        }
    }

    private static Scenario readFile(Path f) throws IOException {
        return ScenarioFile.read(f);
    }

    /** Runs the simulations (every scenario × policy × seed) and times them. */
    public static LabRun execute(List<Scenario> scenarios, List<PolicyKind> policies, Engine engine, List<Long> seeds,
                                 double healthyErrors) {
        return execute(scenarios, s -> policies, policies, engine, seeds, healthyErrors);
    }

    /**
     * Runs the simulations, each scenario with its own policies ({@link PolicyKind#defaultsFor} in
     * the default run), and times them; the run's policies are every one that ran, in
     * {@link PolicyKind} order.
     */
    public static LabRun execute(List<Scenario> scenarios, Function<Scenario, List<PolicyKind>> policiesFor,
                                 Engine engine, List<Long> seeds, double healthyErrors) {
        List<PolicyKind> all = new ArrayList<>();
        for (PolicyKind p : PolicyKind.values()) {
            for (Scenario s : scenarios) {
                if (policiesFor.apply(s).contains(p) && !all.contains(p)) {
                    all.add(p);
                }
            }
        }
        return execute(scenarios, policiesFor, all, engine, seeds, healthyErrors);
    }

    private static LabRun execute(List<Scenario> scenarios, Function<Scenario, List<PolicyKind>> policiesFor,
                                  List<PolicyKind> all, Engine engine, List<Long> seeds, double healthyErrors) {
        long t0 = System.nanoTime();
        var results = Lab.runAll(scenarios, policiesFor, engine, seeds, Lab.defaultThreads());
        long wall = (System.nanoTime() - t0) / 1_000_000L;
        return new LabRun(scenarios, all, seeds, results, engine, healthyErrors, wall,
                LocalDate.now(ZoneOffset.UTC).toString());
    }

    /**
     * Writes index.html, headline.md, results.json and (when the run has every policy the issue's
     * targets compare) targets.md into {@code dir}; returns the path of index.html.
     */
    public static Path write(LabRun run, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path html = dir.resolve("index.html");
        Files.writeString(html, HtmlReport.render(run), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("headline.md"), TextReport.headlineMarkdown(run), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.json"), ResultsJson.render(run), StandardCharsets.UTF_8);
        Path targets = dir.resolve("targets.md");
        if (Targets.applicable(run)) {
            Files.writeString(targets, Targets.markdown(run), StandardCharsets.UTF_8);
        } else {
            Files.deleteIfExists(targets); // not this run's: it would mislead
        }
        return html;
    }

    private static String value(List<String> args, int i, String a) {
        if (a.startsWith("--") && a.contains("=")) {
            return a.substring(a.indexOf('=') + 1);
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(a + " needs a value");
        }
        return args.get(i + 1);
    }

    private static String policyIds() {
        return String.join(", ", ids(List.of(PolicyKind.values())));
    }

    private static List<String> ids(List<PolicyKind> policies) {
        List<String> ids = new ArrayList<>();
        for (PolicyKind p : policies) {
            ids.add(p.id());
        }
        return ids;
    }
}
