package io.atrion.cli;

import io.atrion.Atrion;
import io.atrion.ConfigKeys;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.RouteDecision;
import io.atrion.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code atrion replay FILE|-} (SPEC.md §8): reads a JSON Lines trace, drives an {@link Atrion}
 * instance whose clock is each call's {@code t}, and writes one JSON line per call.
 *
 * <p>A malformed line stops the run: a message naming the line number and the problem
 * ({@code line N: problem}) goes to the error stream, nothing is written for that line, and the
 * exit code is 2. Blank lines are skipped (but counted).
 *
 * <h2>The header</h2>
 * Its nested objects are flattened to the dotted keys of {@link ConfigKeys} ({@code {"slo":
 * {"criticality": {"error": 9}}}} is {@code slo.criticality.error}), which builds the configs; a
 * key that is not one of them (or a group of them) is an error, a JSON {@code null} keeps the
 * default. Besides SPEC §8's {@code config}, {@code slo} (with {@code baselineSaturation}) and
 * {@code "autoTuner": true|false}, {@code "autoTuner": {"windowSize": 50, ...}} sets the
 * AutoTuner's fields (and leaves it on).
 *
 * <h2>Limits (hostile input)</h2>
 * Every input ends, in time linear in its size and with bounded memory, either in a replay or in
 * exit 2 with {@code line N: problem} and no stack trace:
 * <ul>
 *   <li>a line is at most {@value #MAX_LINE_BYTES} bytes of UTF-8 (terminator excluded) and must
 *       be valid UTF-8;</li>
 *   <li>JSON nesting is at most {@value Json#MAX_DEPTH} levels, a number literal at most
 *       {@value Json#MAX_NUMBER_LENGTH} characters, and strings must be whole Unicode characters
 *       (no unpaired surrogate; see {@link Json});</li>
 *   <li>a route id is at most {@value #MAX_ROUTE_ID_LENGTH} characters (UTF-16 code units), and a
 *       trace has at most {@value #MAX_ROUTES} distinct routes.</li>
 * </ul>
 */
final class ReplayCommand {

    static final int OK = 0;
    static final int MALFORMED = 2;

    /** Longest line accepted, in bytes of UTF-8 (a call line is about 150). */
    static final int MAX_LINE_BYTES = 1 << 20;
    /** Longest route id accepted, in characters (UTF-16 code units). */
    static final int MAX_ROUTE_ID_LENGTH = 1024;
    /**
     * Most distinct routes in one trace: with the id limit, memory stays bounded (100,000 ids of
     * 1,024 characters replay in a 150 MB heap).
     */
    static final int MAX_ROUTES = 100_000;

    private static final Set<String> CALL_KEYS = Set.of("t", "route", "latencyMs", "errorRate", "saturation",
            "voltage");

    /** A line that cannot be replayed; the message says why. */
    static final class MalformedLine extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedLine(String message) {
            super(message);
        }
    }

    private final Engine engine;

    /** @param engine the engine to run, or null for the default (ATRION_ENGINE, else AUTO) */
    ReplayCommand(Engine engine) {
        this.engine = engine;
    }

    /**
     * Replays {@code in} (UTF-8) to {@code out}; problems are reported on {@code err}.
     *
     * @return {@link #OK}, or {@link #MALFORMED} when a line could not be replayed
     * @throws IOException when reading or writing fails
     */
    int run(InputStream in, Writer out, Appendable err) throws IOException {
        ManualClock clock = new ManualClock(0);
        LineReader lines = new LineReader(in, MAX_LINE_BYTES);
        Atrion atrion = null;
        // Route id as read → the id the engine sees. The FAST engine's index probes linearly, so
        // ids chosen to share one String.hashCode (2^k ids from "Aa"/"BB" blocks) would make
        // every call cost O(routes): quadratic time. The engine gets short ids that differ
        // ("0", "1", …) instead; the physics never reads an id, so the output is the same.
        Map<String, String> engineIds = new HashMap<>();
        StringBuilder line = new StringBuilder(160);
        try {
            String text;
            while ((text = lines.next()) != null) {
                if (lines.lineNumber() == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                if (atrion == null) {
                    atrion = header(object(text), clock);
                    continue;
                }
                Map<String, Object> call = object(text);
                checkKeys(call, CALL_KEYS);
                long t = requiredLong(call, "t");
                String route = requiredString(call, "route");
                if (route.length() > MAX_ROUTE_ID_LENGTH) {
                    throw new MalformedLine("\"route\" is longer than " + MAX_ROUTE_ID_LENGTH + " characters ("
                            + route.length() + ")");
                }
                double latency = requiredNumber(call, "latencyMs");
                double errorRate = optionalNumber(call, "errorRate", 0.0);
                double saturation = optionalNumber(call, "saturation", 0.0);
                double voltage = optionalNumber(call, "voltage", Atrion.DEFAULT_VOLTAGE);
                String engineId = engineIds.get(route);
                if (engineId == null) {
                    if (engineIds.size() == MAX_ROUTES) {
                        throw new MalformedLine("more than " + MAX_ROUTES + " distinct routes (the limit of a replay)");
                    }
                    engineId = Integer.toString(engineIds.size());
                    engineIds.put(route, engineId);
                }
                clock.set(t);
                RouteDecision d = atrion.route(engineId, Telemetry.of(latency, errorRate, saturation), voltage);
                line.setLength(0);
                line.append("{\"route\":");
                Json.appendString(line, route);
                line.append(",\"t\":").append(t)
                        .append(",\"allow\":").append(d.allowed())
                        .append(",\"mode\":\"").append(d.mode().name())
                        .append("\",\"resistance\":").append(Json.number(d.resistance()))
                        .append(",\"scar\":").append(Json.number(d.scar()))
                        .append(",\"momentum\":").append(Json.number(d.momentum()))
                        .append(",\"tick\":").append(d.tickCount())
                        .append("}\n");
                out.append(line);
            }
            if (atrion == null) {
                throw new MalformedLine("no header: the first line must be {\"config\": {...}, \"slo\": {...}, "
                        + "\"autoTuner\": true|false}");
            }
            return OK;
        } catch (MalformedLine e) {
            out.flush();
            err.append("atrion replay: line ").append(String.valueOf(Math.max(lines.lineNumber(), 1))).append(": ")
                    .append(e.getMessage()).append('\n');
            return MALFORMED;
        } finally {
            out.flush();
        }
    }

    // ---- the header ----

    private Atrion header(Map<String, Object> h, ManualClock clock) throws MalformedLine {
        ConfigKeys keys = ConfigKeys.defaults();
        flatten("", h, keys);
        try {
            Atrion.Builder b = keys.applyTo(Atrion.builder()).clock(clock);
            if (engine != null) {
                b.engine(engine);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new MalformedLine("invalid config: " + e.getMessage());
        }
    }

    /** Sets every leaf of {@code object} (at dotted path {@code prefix}) on {@code keys}. */
    private static void flatten(String prefix, Map<String, Object> object, ConfigKeys keys) throws MalformedLine {
        for (Map.Entry<String, Object> e : object.entrySet()) {
            String name = e.getKey();
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            // A name with a dot would alias a nested key; the header spells nesting as objects.
            boolean isKey = name.indexOf('.') < 0 && ConfigKeys.isKey(path);
            boolean isGroup = name.indexOf('.') < 0 && !children(path).isEmpty();
            if (!isKey && !isGroup) {
                throw new MalformedLine("unknown " + (prefix.isEmpty() ? "header" : prefix) + " key "
                        + Json.quote(name) + " (expected one of " + String.join(", ", children(prefix)) + ")");
            }
            Object v = e.getValue();
            if (v == Json.NULL) {
                continue; // the default
            }
            if (v instanceof Map && isGroup) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) v;
                flatten(path, nested, keys);
            } else if (!isKey) {
                throw new MalformedLine(path + " must be an object, got " + describe(v));
            } else {
                set(keys, path, v);
            }
        }
    }

    /** The next name after {@code prefix} of every key under it ("" for the top level), sorted. */
    private static Set<String> children(String prefix) {
        Set<String> names = new TreeSet<>();
        String start = prefix.isEmpty() ? "" : prefix + ".";
        for (String key : ConfigKeys.keys()) {
            if (key.startsWith(start) && key.length() > start.length()) {
                int dot = key.indexOf('.', start.length());
                names.add(key.substring(start.length(), dot < 0 ? key.length() : dot));
            }
        }
        return names;
    }

    private static void set(ConfigKeys keys, String key, Object v) throws MalformedLine {
        ConfigKeys.Kind kind = ConfigKeys.kind(key);
        if (kind == ConfigKeys.Kind.BOOLEAN && !(v instanceof Boolean)) {
            throw new MalformedLine(key + " must be true or false, got " + describe(v));
        }
        if (kind != ConfigKeys.Kind.BOOLEAN && !(v instanceof Json.JsonNumber)) {
            throw new MalformedLine(key + " must be a number, got " + describe(v));
        }
        try {
            if (v instanceof Boolean) {
                keys.set(key, (boolean) (Boolean) v);
            } else {
                Json.JsonNumber n = (Json.JsonNumber) v;
                Long exact = kind == ConfigKeys.Kind.INTEGER ? n.exactLong() : null;
                if (exact != null) {
                    keys.set(key, (long) exact);
                } else {
                    keys.set(key, n.doubleValue());
                }
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedLine("invalid config: " + e.getMessage());
        }
    }

    // ---- call lines ----

    private static Map<String, Object> object(String text) throws MalformedLine {
        Object v;
        try {
            v = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new MalformedLine(e.getMessage());
        }
        if (!(v instanceof Map)) {
            throw new MalformedLine("expected a JSON object, got " + describe(v));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return m;
    }

    private static void checkKeys(Map<String, Object> m, Set<String> allowed) throws MalformedLine {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new MalformedLine("unknown key " + Json.quote(k) + " (expected one of "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static long requiredLong(Map<String, Object> m, String key) throws MalformedLine {
        Object v = required(m, key);
        Long n = v instanceof Json.JsonNumber ? ((Json.JsonNumber) v).exactLong() : null;
        if (n == null) {
            throw new MalformedLine("\"" + key + "\" must be an integer (epoch milliseconds), got " + describe(v));
        }
        return n;
    }

    private static String requiredString(Map<String, Object> m, String key) throws MalformedLine {
        Object v = required(m, key);
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            throw new MalformedLine("\"" + key + "\" must be a non-empty string, got " + describe(v));
        }
        return (String) v;
    }

    private static double requiredNumber(Map<String, Object> m, String key) throws MalformedLine {
        return number(key, required(m, key));
    }

    private static Object required(Map<String, Object> m, String key) throws MalformedLine {
        Object v = m.get(key);
        if (v == null || v == Json.NULL) {
            throw new MalformedLine("missing field \"" + key + "\"");
        }
        return v;
    }

    private static double optionalNumber(Map<String, Object> m, String key, double dflt) throws MalformedLine {
        Object v = m.get(key);
        return v == null || v == Json.NULL ? dflt : number(key, v);
    }

    private static double number(String key, Object v) throws MalformedLine {
        if (!(v instanceof Json.JsonNumber)) {
            throw new MalformedLine("\"" + key + "\" must be a number, got " + describe(v));
        }
        return ((Json.JsonNumber) v).doubleValue();
    }

    /** A value for a message: strings and number literals quoted, both cut when long. */
    private static String describe(Object v) {
        if (v instanceof String) {
            return "the string " + Json.quote((String) v);
        }
        if (v instanceof Json.JsonNumber) {
            String literal = ((Json.JsonNumber) v).literal();
            return literal.length() <= Json.MESSAGE_TEXT_LIMIT ? literal
                    : literal.substring(0, Json.MESSAGE_TEXT_LIMIT) + "... (" + literal.length() + " characters)";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return String.valueOf(v);
    }
}
