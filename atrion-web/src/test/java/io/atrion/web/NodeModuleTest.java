package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript build as an ES module in Node (20 or later): imported the way the README says,
 * {@code node --input-type=module -e "import(...)"}; every replay trace through it, one call at a
 * time and in batches, against the JVM's output; its {@code FdlibmMath} (with the JavaScript
 * build's 32-bit bit access) against the JVM's {@code StrictMath} on 300,000 arguments; and the
 * API's codes, readers, batch and state export with numbers derived from SPEC.md by hand. The
 * script is src/test/node/module-test.mjs.
 */
class NodeModuleTest {

    private static Map<String, Object> map(Object o) {
        return Browser.map(o);
    }

    @Test
    void importsWithNodeInputTypeModule() throws Exception {
        String node = Node.executable();
        String url = Node.SITE.resolve("atrion.js").toAbsolutePath().toUri().toString();
        String script = "import('" + url + "').then(async (m) => {"
                + " const b = await m.loadBackend('js'); const e = b.create();"
                + " const h = e.handle('api/checkout'); const code = e.admit(h, 80, 0, 0.4, 100, 1000);"
                + " console.log(JSON.stringify({kind: b.kind, allowed: m.isAllowed(code), mode: m.modeOf(code),"
                + " r: e.resistance(h), modes: m.MODES})); })";
        Node.Result r = Node.run(List.of(node, "--input-type=module", "-e", script), Path.of("."), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        // First update of a new route (SPEC §2.6): BOOTSTRAP at R = 1.2·R_base = 12; V = 100 > 12 flows.
        Map<String, Object> out = map(Traces.json(r.stdout().trim()));
        assertEquals("js", out.get("kind"));
        assertEquals(Boolean.TRUE, out.get("allowed"));
        assertEquals("BOOTSTRAP", out.get("mode"));
        assertEquals(12L, out.get("r"));
        assertEquals(List.of("BOOTSTRAP", "OPERATIONAL", "CIRCUIT_BREAKER"), out.get("modes"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void tracesMathAndApiInNode() throws Exception {
        String node = Node.executable();
        Path mathFile = Path.of("target", "node-math.txt");
        int arguments = writeMathFile(mathFile);
        Node.Result r = Node.run(List.of(node, Path.of("src", "test", "node", "module-test.mjs").toString(),
                Node.SITE.toString(), Traces.DIR.toString(), mathFile.toString()), Path.of("."), 300);
        assertEquals(0, r.exitCode(), r.stderr());
        Files.writeString(Path.of("target", "node-module-test.json"), r.stdout(), StandardCharsets.UTF_8);
        Map<String, Object> report = map(Traces.json(r.stdout()));
        System.out.println("Node " + report.get("node") + ": " + ((List<?>) report.get("traces")).size()
                + " trace runs, math " + report.get("math"));

        // Every trace of examples/replay, both paths, no mismatch.
        List<Traces.Trace> traces = Traces.all();
        List<Object> runs = (List<Object>) report.get("traces");
        assertEquals(2 * traces.size(), runs.size(), "one run per trace and path");
        for (Object o : runs) {
            Map<String, Object> t = map(o);
            String where = t.get("trace") + " (" + t.get("path") + ")";
            assertEquals(0L, t.get("mismatches"), where + ": " + t.get("first"));
            assertEquals(t.get("calls"), t.get("compared"), where);
        }

        // FdlibmMath in the JS build returns StrictMath's bits.
        long compared = 0;
        for (String fn : new String[] {"tanh", "exp", "log"}) {
            Map<String, Object> m = map(map(report.get("math")).get(fn));
            assertEquals(0L, m.get("differ"), fn + ": " + m.get("first"));
            compared += (Long) m.get("arguments");
        }
        assertEquals(arguments, compared);

        Map<String, Object> api = map(report.get("api"));
        assertEquals(Boolean.TRUE, api.get("sameHandle"), "one handle per id");
        assertEquals(null, api.get("stateBefore"), "no state before the first update");
        // bootstrapTicks 2, other settings SPEC defaults (R_base 10, AutoTuner on):
        // 1) tick 1 < N: BOOTSTRAP, R = 1.2·10 = 12, V 100 > 12: allowed, OK → 1.
        // 2) tick 2 = N ends bootstrap: every pressure negative (80 < 100 ms, 0 < 1 %, 0.4 < 0.5), no
        //    trauma, M = 0, so R = max(10, 10 + P·W) = 10; OPERATIONAL; V 5 ≤ 10: INSUFFICIENT_VOLTAGE
        //    → 0 | 1 << 1 | 2 << 3 = 18.
        // 3) V = -1: INVALID_VOLTAGE → 0 | 1 << 1 | 3 << 3 = 26.
        assertEquals(List.of(1L, 18L, 26L), api.get("codes"));
        assertEquals(List.of(List.of(true, "BOOTSTRAP", "OK"), List.of(false, "OPERATIONAL", "INSUFFICIENT_VOLTAGE"),
                List.of(false, "OPERATIONAL", "INVALID_VOLTAGE")), api.get("decoded"));
        Map<String, Object> state = map(api.get("state"));
        assertEquals("OPERATIONAL", state.get("mode"));
        assertEquals(10L, state.get("resistance"));
        assertEquals(3L, state.get("tick"));
        assertEquals(1002L, state.get("lastUpdatedMillis"));
        // One tuner sample (< warm-up 50): the static break point γ·R_base = 100, recovery
        // max(0.5·minFloor, 100·0.5) = max(15, 50) = 50 (SPEC §2.7).
        assertEquals(100L, state.get("breakPoint"));
        assertEquals(50L, state.get("recoveryPoint"));
        assertEquals(Map.of("ok", 1L, "circuitOpen", 0L, "insufficientVoltage", 1L, "invalidVoltage", 1L,
                "opened", 0L, "closed", 0L), api.get("counters"));
        assertEquals(Map.of("critical", 100L, "high", 50L, "normal", 20L, "low", 15L, "bulk", 12L), api.get("tiers"));
        assertEquals(-1L, api.get("unknown"), "a slot the engine does not have");
        // Two storm calls, 1 ms apart: ‖P⁺‖ ≈ 1.6 > 0.7 scars σ = 5 each; the first also has
        // momentum ‖ΔP‖/1 ms ≈ 2.34, so R ≈ 10 + 5.05 + 20·2.34 + 5 ≈ 66.8; the second has M = 0
        // and S ≈ 10, R ≈ 25.0. Both below the static break point 100 and V = 100: allowed in
        // OPERATIONAL → 1 | 1 << 1 = 3.
        assertEquals(List.of(3L, 3L), api.get("batch"));
        List<Object> exported = (List<Object>) api.get("exported");
        assertEquals(14, exported.size());
        double resistance = ((Number) exported.get(3)).doubleValue();
        assertTrue(resistance > 25.0 && resistance < 25.1, "R after the storm calls: " + resistance);
        assertEquals(List.of(1L, 5L, 1004L), exported.subList(0, 3), "mode, tick, last update");
        assertEquals(List.of(3L, 0L, 1L, 1L, 0L, 0L), exported.subList(8, 14), "counters");
        assertTrue(((String) api.get("invalidConfig")).contains("baseResistance"), (String) api.get("invalidConfig"));
        // SPEC §2.1's default λ = 0.1/s; the header's values; autoTuner false reads 0.
        assertEquals(List.of(0.1, 1L, 0.25, 0L), api.get("configValues"));
        assertTrue(((String) api.get("unknownKey")).contains("config.nope"), (String) api.get("unknownKey"));
        String wasm = (String) api.get("wasm");
        assertTrue(wasm.equals("loaded") || wasm.contains("no WebAssembly GC support"), wasm);
    }

    /** Arguments for tanh, exp and log, with the JVM's StrictMath results; returns how many. */
    private static int writeMathFile(Path file) throws IOException {
        SplittableRandom r = new SplittableRandom(16);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1.0, -1.0, 22.0, -22.0,
            0.5 * Math.log(2), 1.5 * Math.log(2), 709.782712893384, -745.1332191019411, -708.5, 1e-300, 2.0};
        int n = 0;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            n += write(out, "tanh", StrictMath::tanh, special, r, rnd -> rnd.nextInt(4) == 0
                    ? (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, rnd.nextDouble(-330, 310)) : rnd.nextDouble(-30, 30));
            n += write(out, "exp", StrictMath::exp, special, r, rnd -> rnd.nextDouble(-750, 710));
            n += write(out, "log", StrictMath::log, special, r, rnd -> rnd.nextInt(8) == 0
                    ? Double.longBitsToDouble(rnd.nextLong(1, 1L << 52)) : Math.pow(10, rnd.nextDouble(-307, 308)));
        }
        return n;
    }

    private static int write(PrintWriter out, String fn, DoubleUnaryOperator f, double[] special, SplittableRandom r,
                             java.util.function.ToDoubleFunction<SplittableRandom> gen) {
        int n = 0;
        for (double x : special) {
            line(out, fn, x, f.applyAsDouble(x));
            n++;
        }
        for (int i = 0; i < 100_000; i++) {
            double x = gen.applyAsDouble(r);
            line(out, fn, x, f.applyAsDouble(x));
            n++;
        }
        return n;
    }

    private static void line(PrintWriter out, String fn, double x, double y) {
        out.printf(Locale.ROOT, "%s %016x %016x%n", fn, Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(y));
    }
}
