package io.atrion.lab;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.report.HtmlReport;
import io.atrion.lab.report.TextReport;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code atrion lab [SCENARIO] [--policy P] [--out DIR] [--seed N] [--engine E] [--healthy-errors R]}:
 * runs the wind tunnel, prints the terminal report and writes the HTML report.
 */
public final class LabCommand {

    /** Where the report goes unless {@code --out} says otherwise (relative to the working directory). */
    public static final String DEFAULT_OUT = "lab-report";

    public static final String USAGE = String.join("\n",
            "usage: atrion lab [SCENARIO] [--policy POLICY] [--out DIR] [--seed N] [--engine fast|reference]",
            "                  [--healthy-errors RATE]",
            "",
            "Runs the wind tunnel on virtual time and prints a table per scenario, small ASCII charts and the",
            "headline table; writes DIR/index.html (self-contained, SVG charts) and DIR/headline.md.",
            "  SCENARIO          one of " + scenarioIds() + " (default: all)",
            "  --policy POLICY   one of " + policyIds() + " (default: all);",
            "                    with one policy the terminal report shows full-size charts",
            "  --out DIR         report directory (default: " + DEFAULT_OUT + ")",
            "  --seed N          random seed (default: " + Lab.DEFAULT_SEED + ")",
            "  --engine E        Atrion engine: fast or reference (default: fast; both give the same numbers)",
            "  --healthy-errors RATE  error rate of a healthy service, a what-if (default: "
                    + Scenarios.HEALTHY_ERRORS + ")",
            "");

    private LabCommand() {
    }

    /** Runs the command; returns the exit code (0, or 2 for a usage error or an unwritable report). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String scenarioId = null;
        PolicyKind policy = null;
        Path outDir = Paths.get(DEFAULT_OUT);
        long seed = Lab.DEFAULT_SEED;
        Engine engine = Engine.FAST;
        double healthyErrors = Scenarios.HEALTHY_ERRORS;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                switch (name) {
                    case "--policy":
                        policy = PolicyKind.parse(value(args, i, a));
                        break;
                    case "--out":
                        outDir = Paths.get(value(args, i, a));
                        break;
                    case "--seed":
                        seed = Long.parseLong(value(args, i, a));
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
                            throw new IllegalArgumentException("one scenario at most, got '" + scenarioId + "' and '" + a + "'");
                        }
                        scenarioId = a;
                        continue;
                }
                if (!a.contains("=")) {
                    i++;
                }
            }
            List<Scenario> scenarios = scenarioId == null ? Scenarios.all(healthyErrors)
                    : List.of(Scenarios.byId(scenarioId, healthyErrors));
            List<PolicyKind> policies = policy == null ? List.of(PolicyKind.values()) : List.of(policy);
            LabRun run = execute(scenarios, policies, engine, seed, healthyErrors);
            out.print(TextReport.render(run, policies.size() == 1));
            Path written = write(run, outDir);
            out.println();
            out.println("HTML report: " + written.toAbsolutePath().normalize());
            out.flush();
            return 0;
        } catch (NumberFormatException e) {
            err.println("atrion lab: not a number: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("atrion lab: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (IOException e) {
            err.println("atrion lab: cannot write the report to " + outDir + ": " + e);
            return 2;
        }
    }

    /** Runs the simulations and times them. */
    public static LabRun execute(List<Scenario> scenarios, List<PolicyKind> policies, Engine engine, long seed,
                                 double healthyErrors) {
        long t0 = System.nanoTime();
        List<RunResult> results = Lab.runAll(scenarios, policies, engine, seed,
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        long wall = (System.nanoTime() - t0) / 1_000_000L;
        return new LabRun(scenarios, policies, results, seed, engine, healthyErrors, wall,
                LocalDate.now(ZoneOffset.UTC).toString());
    }

    /** Writes index.html and headline.md into {@code dir}; returns the path of index.html. */
    public static Path write(LabRun run, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path html = dir.resolve("index.html");
        Files.writeString(html, HtmlReport.render(run), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("headline.md"), TextReport.headlineMarkdown(run), StandardCharsets.UTF_8);
        return html;
    }

    private static String value(List<String> args, int i, String a) {
        if (a.contains("=")) {
            return a.substring(a.indexOf('=') + 1);
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(a + " needs a value");
        }
        return args.get(i + 1);
    }

    private static String scenarioIds() {
        List<String> ids = new ArrayList<>();
        for (Scenario s : Scenarios.all()) {
            ids.add(s.id());
        }
        return String.join(", ", ids);
    }

    private static String policyIds() {
        List<String> ids = new ArrayList<>();
        for (PolicyKind p : PolicyKind.values()) {
            ids.add(p.id());
        }
        return String.join(", ", ids);
    }
}
