package io.atrion.cli;

import io.atrion.Atrion;
import io.atrion.AutoTunerConfig;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.PhysicsConfig;
import io.atrion.RouteDecision;
import io.atrion.Slo;
import io.atrion.Telemetry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;

/**
 * {@code atrion replay FILE|-} (SPEC.md §8): reads a JSON Lines trace, drives an {@link Atrion}
 * instance whose clock is each call's {@code t}, and writes one JSON line per call.
 *
 * <p>A malformed line stops the run: a message naming the line number and the problem goes to
 * the error stream, nothing is written for that line, and the exit code is 2. Blank lines are
 * skipped (but counted).
 */
final class ReplayCommand {

    static final int OK = 0;
    static final int MALFORMED = 2;

    private static final Set<String> HEADER_KEYS = Set.of("config", "slo", "autoTuner");
    private static final Set<String> CONFIG_KEYS = Set.of("baseResistance", "decayRate", "scarFactor",
            "dampingFactor", "criticalPressure", "breakMultiplier", "bootstrapTicks", "tanhScale");
    private static final Set<String> SLO_KEYS = Set.of("baselineLatencyMs", "maxAcceptableLatencyMs",
            "targetErrorRate", "criticality");
    private static final Set<String> CRITICALITY_KEYS = Set.of("latency", "error", "saturation");
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
     * Replays {@code in} to {@code out}; problems are reported on {@code err}.
     *
     * @return {@link #OK}, or {@link #MALFORMED} when a line could not be replayed
     */
    int run(BufferedReader in, Writer out, Appendable err) throws IOException {
        ManualClock clock = new ManualClock(0);
        Atrion atrion = null;
        StringBuilder line = new StringBuilder(160);
        int lineNo = 0;
        try {
            String text;
            while ((text = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && text.startsWith("\uFEFF")) {
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
                checkKeys(call, CALL_KEYS, "");
                long t = requiredLong(call, "t");
                String route = requiredString(call, "route");
                double latency = requiredNumber(call, "latencyMs");
                double errorRate = optionalNumber(call, "errorRate", 0.0);
                double saturation = optionalNumber(call, "saturation", 0.0);
                double voltage = optionalNumber(call, "voltage", Atrion.DEFAULT_VOLTAGE);
                clock.set(t);
                RouteDecision d = atrion.route(route, Telemetry.of(latency, errorRate, saturation), voltage);
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
            err.append("atrion replay: line ").append(String.valueOf(Math.max(lineNo, 1))).append(": ")
                    .append(e.getMessage()).append('\n');
            return MALFORMED;
        } finally {
            out.flush();
        }
    }

    private Atrion header(Map<String, Object> h, ManualClock clock) throws MalformedLine {
        checkKeys(h, HEADER_KEYS, "header ");
        PhysicsConfig.Builder physics = PhysicsConfig.builder();
        Map<String, Object> config = optionalObject(h, "config");
        if (config != null) {
            checkKeys(config, CONFIG_KEYS, "config ");
            Double v;
            if ((v = optional(config, "baseResistance", "config.")) != null) {
                physics.baseResistance(v);
            }
            if ((v = optional(config, "decayRate", "config.")) != null) {
                physics.decayRate(v);
            }
            if ((v = optional(config, "scarFactor", "config.")) != null) {
                physics.scarFactor(v);
            }
            if ((v = optional(config, "dampingFactor", "config.")) != null) {
                physics.dampingFactor(v);
            }
            if ((v = optional(config, "criticalPressure", "config.")) != null) {
                physics.criticalPressure(v);
            }
            if ((v = optional(config, "breakMultiplier", "config.")) != null) {
                physics.breakMultiplier(v);
            }
            if ((v = optional(config, "tanhScale", "config.")) != null) {
                physics.tanhScale(v);
            }
            Object ticks = config.get("bootstrapTicks");
            if (ticks != null && ticks != Json.NULL) {
                Long n = ticks instanceof Json.JsonNumber ? ((Json.JsonNumber) ticks).exactLong() : null;
                if (n == null || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                    throw new MalformedLine("config.bootstrapTicks must be an integer, got " + ticks);
                }
                physics.bootstrapTicks((int) (long) n);
            }
        }
        Slo.Builder slo = Slo.builder();
        Map<String, Object> s = optionalObject(h, "slo");
        if (s != null) {
            checkKeys(s, SLO_KEYS, "slo ");
            Double v;
            if ((v = optional(s, "baselineLatencyMs", "slo.")) != null) {
                slo.baselineLatencyMs(v);
            }
            if ((v = optional(s, "maxAcceptableLatencyMs", "slo.")) != null) {
                slo.maxAcceptableLatencyMs(v);
            }
            if ((v = optional(s, "targetErrorRate", "slo.")) != null) {
                slo.targetErrorRate(v);
            }
            Map<String, Object> c = optionalObject(s, "criticality");
            if (c != null) {
                checkKeys(c, CRITICALITY_KEYS, "slo.criticality ");
                if ((v = optional(c, "latency", "slo.criticality.")) != null) {
                    slo.latencyCriticality(v);
                }
                if ((v = optional(c, "error", "slo.criticality.")) != null) {
                    slo.errorCriticality(v);
                }
                if ((v = optional(c, "saturation", "slo.criticality.")) != null) {
                    slo.saturationCriticality(v);
                }
            }
        }
        boolean tuner = true;
        Object at = h.get("autoTuner");
        if (at != null && at != Json.NULL) {
            if (!(at instanceof Boolean)) {
                throw new MalformedLine("autoTuner must be true or false, got " + describe(at));
            }
            tuner = (Boolean) at;
        }
        try {
            Atrion.Builder b = Atrion.builder()
                    .physics(physics.build())
                    .slo(slo.build())
                    .autoTuner(tuner ? AutoTunerConfig.defaults() : null)
                    .clock(clock);
            if (engine != null) {
                b.engine(engine);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new MalformedLine("invalid config: " + e.getMessage());
        }
    }

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

    private static void checkKeys(Map<String, Object> m, Set<String> allowed, String where) throws MalformedLine {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new MalformedLine("unknown " + where + "key \"" + k + "\" (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static Map<String, Object> optionalObject(Map<String, Object> m, String key) throws MalformedLine {
        Object v = m.get(key);
        if (v == null || v == Json.NULL) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw new MalformedLine(key + " must be an object, got " + describe(v));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) v;
        return o;
    }

    private static Double optional(Map<String, Object> m, String key, String prefix) throws MalformedLine {
        Object v = m.get(key);
        if (v == null || v == Json.NULL) {
            return null;
        }
        if (!(v instanceof Json.JsonNumber)) {
            throw new MalformedLine(prefix + key + " must be a number, got " + describe(v));
        }
        return ((Json.JsonNumber) v).doubleValue();
    }

    private static long requiredLong(Map<String, Object> m, String key) throws MalformedLine {
        Object v = m.get(key);
        if (v == null || v == Json.NULL) {
            throw new MalformedLine("missing field \"" + key + "\"");
        }
        Long n = v instanceof Json.JsonNumber ? ((Json.JsonNumber) v).exactLong() : null;
        if (n == null) {
            throw new MalformedLine("\"" + key + "\" must be an integer (epoch milliseconds), got " + describe(v));
        }
        return n;
    }

    private static String requiredString(Map<String, Object> m, String key) throws MalformedLine {
        Object v = m.get(key);
        if (v == null || v == Json.NULL) {
            throw new MalformedLine("missing field \"" + key + "\"");
        }
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            throw new MalformedLine("\"" + key + "\" must be a non-empty string, got " + describe(v));
        }
        return (String) v;
    }

    private static double requiredNumber(Map<String, Object> m, String key) throws MalformedLine {
        Object v = m.get(key);
        if (v == null || v == Json.NULL) {
            throw new MalformedLine("missing field \"" + key + "\"");
        }
        return number(key, v);
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

    private static String describe(Object v) {
        if (v instanceof String) {
            StringBuilder b = new StringBuilder("the string ");
            return Json.appendString(b, (String) v).toString();
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof java.util.List) {
            return "an array";
        }
        return String.valueOf(v);
    }
}
