package io.atrion.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The replay traces of examples/replay (SPEC §8) for the JVM-side tests of atrion-web: a header,
 * calls, and the JVM's expected decisions, read with a small JSON reader that also takes the
 * replay format's bare {@code NaN}, {@code Infinity} and {@code -Infinity}.
 */
final class Traces {

    static final Path DIR = Path.of("..", "examples", "replay");

    record Call(int line, long t, String route, double latencyMs, double errorRate, double saturation,
                double voltage) {
    }

    record Trace(String name, Map<String, Object> header, List<Call> calls, List<Map<String, Object>> expected) {
    }

    private Traces() {
    }

    /** Every trace of examples/replay, by name. */
    static List<Trace> all() throws IOException {
        List<Trace> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path p : files.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".in.jsonl")) {
                    out.add(read(n.substring(0, n.length() - ".in.jsonl".length())));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Trace read(String name) throws IOException {
        List<String> in = Files.readAllLines(DIR.resolve(name + ".in.jsonl"));
        Map<String, Object> header = null;
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String line = in.get(i);
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> o = (Map<String, Object>) new Reader(line).value();
            if (header == null) {
                header = o;
                continue;
            }
            calls.add(new Call(i + 1, ((Number) o.get("t")).longValue(), (String) o.get("route"),
                    num(o.get("latencyMs"), Double.NaN), num(o.get("errorRate"), 0), num(o.get("saturation"), 0),
                    num(o.get("voltage"), 100)));
        }
        List<Map<String, Object>> expected = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve(name + ".out.jsonl"))) {
            if (!line.isBlank()) {
                expected.add((Map<String, Object>) new Reader(line).value());
            }
        }
        return new Trace(name, header, calls, expected);
    }

    /** Parses one JSON value (as this class reads trace lines). */
    static Object json(String text) {
        return new Reader(text).value();
    }

    private static double num(Object v, double absent) {
        return v == null ? absent : ((Number) v).doubleValue();
    }

    /** The header flattened to the dotted keys of {@code AtrionWeb.configSet} (as atrion.js does). */
    @SuppressWarnings("unchecked")
    static Map<String, Double> configEntries(Map<String, Object> header) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            Object v = e.getValue();
            if (e.getKey().equals("autoTuner")) {
                if (v instanceof Boolean b) {
                    out.put("autoTuner", b ? 1.0 : 0.0);
                } else if (v instanceof Map) {
                    out.put("autoTuner", 1.0);
                    flatten("autoTuner", (Map<String, Object>) v, out);
                }
            } else if (v instanceof Map) {
                flatten(e.getKey(), (Map<String, Object>) v, out);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> obj, Map<String, Double> out) {
        for (Map.Entry<String, Object> e : obj.entrySet()) {
            String key = prefix + "." + e.getKey();
            if (e.getValue() instanceof Map) {
                flatten(key, (Map<String, Object>) e.getValue(), out);
            } else if (e.getValue() instanceof Number n) {
                out.put(key, n.doubleValue());
            }
        }
    }

    /** A strict enough JSON reader for one line: objects, arrays, strings, numbers, true/false/null. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    skip();
                    String k = string();
                    skip();
                    expect(':');
                    m.put(k, value());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    skip();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null", "NaN", "Infinity", "-Infinity"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    switch (word) {
                        case "true": return Boolean.TRUE;
                        case "false": return Boolean.FALSE;
                        case "null": return null;
                        case "NaN": return Double.NaN;
                        case "Infinity": return Double.POSITIVE_INFINITY;
                        default: return Double.NEGATIVE_INFINITY;
                    }
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            if (n.matches("-?\\d+")) {
                return Long.parseLong(n);
            }
            return Double.parseDouble(n);
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': b.append('\n'); break;
                        case 't': b.append('\t'); break;
                        case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + (i - 1) + " in " + s);
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
