package io.atrion.internal.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every argument the replay examples make the physics pass to tanh, exp and log (the three
 * pressure arguments of each call, the decay exponent of each Δt, the three weights of each
 * header) gives the same bits from {@link FdlibmMath} as from {@link StrictMath}, beyond the
 * random arguments of FdlibmMathTest. The arguments are recomputed here from
 * the trace text with the SPEC formulas, independently of the engines.
 */
class FdlibmReplayArgumentsTest {

    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?[0-9][0-9.eE+-]*|NaN|-?Infinity)");
    private static final Pattern ROUTE = Pattern.compile("\"route\"\\s*:\\s*\"([^\"]*)\"");

    @Test
    void everyArgumentOfEveryExampleTraceMatchesStrictMath() throws IOException {
        Path dir = Path.of("..", "examples", "replay");
        List<Path> traces;
        try (Stream<Path> s = Files.list(dir)) {
            traces = s.filter(p -> p.getFileName().toString().endsWith(".in.jsonl")).sorted().toList();
        }
        assertTrue(traces.size() >= 1, "no traces in " + dir.toAbsolutePath());
        int compared = 0;
        for (Path trace : traces) {
            List<String> lines = Files.readAllLines(trace);
            Map<String, Double> header = numbers(lines.get(0));
            double k = header.getOrDefault("tanhScale", 1.0);
            double lambda = header.getOrDefault("decayRate", 0.1);
            double baseLatency = header.getOrDefault("baselineLatencyMs", 100.0);
            double baseError = header.getOrDefault("targetErrorRate", 0.01);
            for (String c : new String[] {"latency", "error", "saturation"}) {
                double crit = header.getOrDefault(c, c.equals("latency") ? 5.0 : c.equals("error") ? 8.0 : 3.0);
                compared += same("log", 1 + crit, FdlibmMath.log(1 + crit), StrictMath.log(1 + crit));
            }
            Map<String, Long> last = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Double> call = numbers(line);
                Matcher r = ROUTE.matcher(line);
                assertTrue(r.find(), line);
                double[] raw = {call.get("latencyMs"), call.getOrDefault("errorRate", 0.0),
                    call.getOrDefault("saturation", 0.0)};
                double[] base = {baseLatency, baseError, 0.5};
                for (int j = 0; j < 3; j++) {
                    double x = Double.isFinite(raw[j]) ? raw[j] : 0.0;
                    double arg = ((x - base[j]) / base[j]) * k;
                    compared += same("tanh", arg, FdlibmMath.tanh(arg), StrictMath.tanh(arg));
                }
                long t = call.get("t").longValue();
                Long previous = last.get(r.group(1));
                long dt = previous == null || t <= previous ? 0 : t - previous;
                last.put(r.group(1), previous == null ? t : Math.max(previous, t));
                double exponent = ((double) dt / 1000.0) * (-lambda);
                compared += same("exp", exponent, FdlibmMath.exp(exponent), StrictMath.exp(exponent));
            }
        }
        assertTrue(compared > 1000, "compared " + compared + " arguments");
    }

    private static int same(String fn, double arg, double port, double strict) {
        assertEquals(Double.doubleToRawLongBits(strict), Double.doubleToRawLongBits(port),
                () -> fn + "(" + arg + "): StrictMath " + strict + ", FdlibmMath " + port);
        return 1;
    }

    private static Map<String, Double> numbers(String line) {
        Map<String, Double> out = new HashMap<>();
        Matcher m = NUMBER.matcher(line);
        while (m.find()) {
            String v = m.group(2);
            out.put(m.group(1), v.equals("NaN") ? Double.NaN : v.equals("Infinity") ? Double.POSITIVE_INFINITY
                    : v.equals("-Infinity") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v));
        }
        return out;
    }
}
