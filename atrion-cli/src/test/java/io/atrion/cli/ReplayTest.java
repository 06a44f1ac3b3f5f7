package io.atrion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code atrion replay} against the shared example and against malformed traces (SPEC.md §8). */
class ReplayTest {

    private static final String HEADER = "{\"config\": {}, \"autoTuner\": false}";
    private static final String CALL = "{\"t\": 1000, \"route\": \"a\", \"latencyMs\": 80}";

    /** The result of one CLI run. */
    record Run(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }
    }

    static Run replay(String input, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "replay";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = "-";
        return run(args, input);
    }

    static Run run(String[] args, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ReplayTest.class.getResourceAsStream("/replay/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sharedExampleMatchesExpectedOutputCallForCall() throws Exception {
        Run r = replay(resource("basic.in.jsonl"), "--engine", "reference");
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> expected = resource("basic.out.jsonl").lines().filter(l -> !l.isBlank()).toList();
        List<String> actual = r.lines();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Map<?, ?> e = (Map<?, ?>) Json.parse(expected.get(i));
            Map<?, ?> a = (Map<?, ?>) Json.parse(actual.get(i));
            assertEquals(e.keySet().stream().toList(), a.keySet().stream().toList(), "keys and order, call " + (i + 1));
            assertEquals(e.get("route"), a.get("route"), "route, call " + (i + 1));
            assertEquals(e.get("allow"), a.get("allow"), "allow, call " + (i + 1));
            assertEquals(e.get("mode"), a.get("mode"), "mode, call " + (i + 1));
            assertEquals(((Json.JsonNumber) e.get("t")).exactLong(), ((Json.JsonNumber) a.get("t")).exactLong());
            assertEquals(((Json.JsonNumber) e.get("tick")).exactLong(), ((Json.JsonNumber) a.get("tick")).exactLong());
            for (String k : List.of("resistance", "scar", "momentum")) {
                // Bit for bit: the reference trace and ours must be the same double.
                assertEquals(Double.doubleToLongBits(((Number) e.get(k)).doubleValue()),
                        Double.doubleToLongBits(((Number) a.get(k)).doubleValue()), k + ", call " + (i + 1));
            }
        }
    }

    @Test
    void outputLineHasTheSpecifiedShape() {
        Run r = replay(HEADER + "\n" + CALL + "\n");
        assertEquals(0, r.exitCode());
        assertEquals("{\"route\":\"a\",\"t\":1000,\"allow\":true,\"mode\":\"BOOTSTRAP\",\"resistance\":12,"
                + "\"scar\":0,\"momentum\":0,\"tick\":1}\n", r.stdout());
    }

    @Test
    void defaultsApplyForOptionalFieldsAndHeaderKeys() {
        // Voltage defaults to 100 > 12: allowed. An explicit voltage of 5 < 12 is not.
        Run r = replay("{}\n" + CALL + "\n{\"t\": 1100, \"route\": \"a\", \"latencyMs\": 80, \"voltage\": 5}\n");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.lines().get(0).contains("\"allow\":true"));
        assertTrue(r.lines().get(1).contains("\"allow\":false"));
    }

    @Test
    void headerOverridesReachThePhysics() {
        // bootstrapTicks 1: the first call ends bootstrap; baseResistance 20 then floors R at 20
        // because 80 ms / 0 errors / 0 saturation is below every baseline (P·W < 0).
        Run r = replay("{\"config\": {\"bootstrapTicks\": 1, \"baseResistance\": 20}}\n" + CALL + "\n");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("\"mode\":\"OPERATIONAL\",\"resistance\":20,"), r.stdout());
    }

    @Test
    void sloOverridesReachThePhysics() {
        // N = 1, so the first call is a full update. A 40 ms baseline makes 80 ms twice the
        // baseline: p_lat = tanh((80-40)/40) = tanh(1) = 0.7616; errors and saturation weigh
        // ln(1+0) = 0. ‖P⁺‖ = tanh(1) > P_crit = 0.7, so the call scars: S = σ = 5.
        // R = R_base + p_lat·ln(11) + μ·0 + S.
        String header = "{\"config\": {\"bootstrapTicks\": 1}, \"slo\": {\"baselineLatencyMs\": 40, "
                + "\"criticality\": {\"latency\": 10, \"error\": 0, \"saturation\": 0}}}";
        Run r = replay(header + "\n" + CALL + "\n");
        assertEquals(0, r.exitCode(), r.stderr());
        double expected = 10 + StrictMath.tanh(1.0) * StrictMath.log(11) + 5;
        Map<?, ?> out = parse(r.lines().get(0));
        assertEquals(expected, ((Number) out.get("resistance")).doubleValue(), 1e-12);
    }

    @Test
    void sloBaselineSaturationReachesThePhysics() {
        // N = 1. Saturation 0.5 against a 0.25 baseline: p_sat = tanh((0.5-0.25)/0.25) = tanh(1)
        // > P_crit = 0.7, so the call scars (S = σ = 5); latency and errors weigh ln(1+0) = 0.
        // R = R_base + p_sat·ln(11) + S.
        String header = "{\"config\": {\"bootstrapTicks\": 1}, \"slo\": {\"baselineSaturation\": 0.25, "
                + "\"criticality\": {\"latency\": 0, \"error\": 0, \"saturation\": 10}}}";
        Run r = replay(header + "\n{\"t\": 1000, \"route\": \"a\", \"latencyMs\": 80, \"saturation\": 0.5}\n");
        assertEquals(0, r.exitCode(), r.stderr());
        double expected = 10 + StrictMath.tanh(1.0) * StrictMath.log(11) + 5;
        assertEquals(expected, ((Number) parse(r.lines().get(0)).get("resistance")).doubleValue(), 1e-12);
    }

    @Test
    void autoTunerObjectSetsTheTunerAndLeavesItOn() {
        // N = 1: call 1 ends bootstrap (no tuner sample, no break check). Call 2 is a latency storm
        // (1000 ms, p_lat = tanh(9) ≈ 1 > 0.7): S = 5 and R ≈ 10 + P·W + μ·M + 5 ≈ 14.3 (P·W ≈ -0.94
        // with errors and saturation below baseline, μ·M ≈ 20·1.2/100). With warmupTicks 0 and
        // minFloor = hardCeiling = 11 the tuned break point is 11 ≤ R: the breaker opens. With the
        // default tuner (50 warm-up samples) the static break point 100 applies: it stays closed.
        String calls = CALL + "\n{\"t\": 1100, \"route\": \"a\", \"latencyMs\": 1000}\n";
        Run tuned = replay("{\"config\": {\"bootstrapTicks\": 1}, \"autoTuner\": {\"warmupTicks\": 0, "
                + "\"sensitivity\": 0, \"minFloor\": 11, \"hardCeiling\": 11}}\n" + calls);
        Run dflt = replay("{\"config\": {\"bootstrapTicks\": 1}, \"autoTuner\": true}\n" + calls);
        assertEquals(0, tuned.exitCode(), tuned.stderr());
        assertEquals("CIRCUIT_BREAKER", parse(tuned.lines().get(1)).get("mode"));
        assertEquals("OPERATIONAL", parse(dflt.lines().get(1)).get("mode"));
        double r = ((Number) parse(dflt.lines().get(1)).get("resistance")).doubleValue();
        assertTrue(r >= 11 && r < 100, "R = " + r);
    }

    @Test
    void nullHeaderValuesKeepTheDefaults() {
        Run withNulls = replay("{\"config\": {\"decayRate\": null}, \"slo\": {\"criticality\": null}, "
                + "\"autoTuner\": null}\n" + CALL + "\n");
        Run plain = replay("{}\n" + CALL + "\n");
        assertEquals(0, withNulls.exitCode(), withNulls.stderr());
        assertEquals(plain.stdout(), withNulls.stdout());
    }

    @Test
    void nonFiniteLiteralsAreReadAsNumbersAndGuarded() {
        // NaN latency counts as 0 (SPEC §2.9); NaN voltage is an invalid voltage: rejected, state updated.
        Run r = replay(HEADER + "\n{\"t\": 1, \"route\": \"a\", \"latencyMs\": NaN, \"voltage\": -Infinity}\n");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("\"allow\":false") && r.stdout().contains("\"tick\":1"), r.stdout());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad JSON                | {\"t\": 1100, \"route\": \"a\", |3|bad JSON",
        "missing t               | {\"route\": \"a\", \"latencyMs\": 1}|3|missing field \"t\"",
        "missing route           | {\"t\": 1100, \"latencyMs\": 1}|3|missing field \"route\"",
        "missing latencyMs       | {\"t\": 1100, \"route\": \"a\"}|3|missing field \"latencyMs\"",
        "latency is a string     | {\"t\": 1100, \"route\": \"a\", \"latencyMs\": \"80\"}|3|\"latencyMs\" must be a number",
        "fractional t            | {\"t\": 1100.5, \"route\": \"a\", \"latencyMs\": 1}|3|\"t\" must be an integer",
        "empty route             | {\"t\": 1100, \"route\": \"\", \"latencyMs\": 1}|3|\"route\" must be a non-empty string",
        "unknown call key        | {\"t\": 1100, \"route\": \"a\", \"latencyMs\": 1, \"lat\": 2}|3|unknown key \"lat\"",
        "not an object           | [1, 2]|3|expected a JSON object",
    })
    void malformedCallLineStopsWithExitTwoAndTheLineNumber(String name, String badLine, int lineNo, String problem) {
        Run r = replay(HEADER + "\n" + CALL + "\n" + badLine + "\n" + CALL.replace("1000", "1200") + "\n");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("line " + lineNo + ":"), r.stderr());
        assertTrue(r.stderr().contains(problem), r.stderr());
        // The good line before is written; nothing for the bad line or after it.
        assertEquals(1, r.lines().size(), r.stdout());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown header key      | {\"config\": {}, \"engine\": \"fast\"}|unknown header key \"engine\"",
        "unknown config key      | {\"config\": {\"baseResistence\": 10}}|unknown config key \"baseResistence\"",
        "unknown slo key         | {\"slo\": {\"baseline\": 10}}|unknown slo key \"baseline\"",
        "unknown criticality key | {\"slo\": {\"criticality\": {\"cpu\": 1}}}|unknown slo.criticality key \"cpu\"",
        "zero baseline           | {\"slo\": {\"baselineLatencyMs\": 0}}|baselineLatencyMs",
        "negative decay          | {\"config\": {\"decayRate\": -1}}|decayRate",
        "criticality above 10    | {\"slo\": {\"criticality\": {\"error\": 11}}}|criticality.error",
        "fractional ticks        | {\"config\": {\"bootstrapTicks\": 2.5}}|config.bootstrapTicks must be an integer",
        "autoTuner not boolean   | {\"autoTuner\": \"yes\"}|autoTuner must be true or false",
        "config not an object    | {\"config\": 3}|config must be an object",
        "leaf given an object    | {\"config\": {\"decayRate\": {}}}|config.decayRate must be a number, got an object",
        "dotted key at the top   | {\"config.decayRate\": 1}|unknown header key \"config.decayRate\"",
        "autoTuner as a number   | {\"autoTuner\": 1}|autoTuner must be true or false, got 1",
        "tuner field out of range| {\"autoTuner\": {\"windowSize\": 0}}|invalid config: autoTuner.windowSize must be an integer >= 1",
        "unknown tuner key       | {\"autoTuner\": {\"window\": 5}}|unknown autoTuner key \"window\"",
        "saturation baseline 0   | {\"slo\": {\"baselineSaturation\": 0}}|invalid config: slo.baselineSaturation must be",
        "R_base over the clamp   | {\"config\": {\"baseResistance\": 1e6}}|config.baseResistance must be at most 833333.3333333334",
        "break point unreachable | {\"config\": {\"breakMultiplier\": 1e6}}|config.breakMultiplier is too large",
        "ceiling over the clamp  | {\"autoTuner\": {\"hardCeiling\": 2e6}}|autoTuner.hardCeiling must be a finite number in [30, 1000000]",
    })
    void malformedHeaderStopsAtLineOne(String name, String header, String problem) {
        Run r = replay(header + "\n" + CALL + "\n");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("line 1:"), r.stderr());
        assertTrue(r.stderr().contains(problem), r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    void emptyInputHasNoHeader() {
        Run r = replay("");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("no header"), r.stderr());
    }

    @Test
    void blankLinesAreSkippedButCounted() {
        Run r = replay(HEADER + "\n\n" + CALL + "\n\n{oops\n");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("line 5:"), r.stderr());
        assertEquals(1, r.lines().size());
    }

    @Test
    void unknownEngineIsAUsageError() {
        Run r = replay(HEADER + "\n", "--engine", "turbo");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("unknown engine 'turbo'"), r.stderr());
    }

    @Test
    void missingFileIsReported() {
        Run r = run(new String[] {"replay", "/nonexistent/trace.jsonl"}, "");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("cannot read /nonexistent/trace.jsonl"), r.stderr());
    }

    @Test
    void unknownCommandAndNoArgumentsPrintUsage() {
        assertEquals(2, run(new String[] {"frobnicate"}, "").exitCode());
        Run none = run(new String[0], "");
        assertEquals(2, none.exitCode());
        assertTrue(none.stderr().contains("usage: atrion"));
        Run help = run(new String[] {"help"}, "");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().contains("replay"));
    }

    private static Map<?, ?> parse(String line) {
        try {
            return (Map<?, ?>) Json.parse(line);
        } catch (Json.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
