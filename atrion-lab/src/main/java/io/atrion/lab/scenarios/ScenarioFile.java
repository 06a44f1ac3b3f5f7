package io.atrion.lab.scenarios;

import io.atrion.VoltageTier;
import io.atrion.lab.json.Json;
import io.atrion.lab.json.JsonException;
import io.atrion.lab.json.JsonValue;
import io.atrion.lab.json.JsonValue.Kind;
import io.atrion.lab.report.Metric;
import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Fleet;
import io.atrion.lab.sim.Retry;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Service;
import io.atrion.lab.sim.Source;
import io.atrion.lab.sim.Tier;
import io.atrion.lab.sim.Timeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a storm described as JSON (the format of {@code atrion-lab/docs/lab.md}, "Scenario
 * files"): the built-in storms are written in it too. Strict: unknown fields, missing fields,
 * wrong types and values out of range are errors, each naming the file, the line and the field
 * ({@link ScenarioFormatException}). Numbers are read with {@link Double#parseDouble}, so
 * {@code 0.005} in a file is the same double as {@code 0.005} in Java.
 */
public final class ScenarioFile {

    /** Default queue of a service: deep enough never to fill in these storms. */
    public static final int DEFAULT_QUEUE_LIMIT = 100_000;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** Headline when a file names none. */
    private static final List<String> DEFAULT_HEADLINE = List.of("goodput", "critical", "wasted", "firstShed",
            "fullAdmission", "transitions");
    private static final String STEP = "step";

    private final String origin;
    private int durationS;

    private ScenarioFile(String origin) {
        this.origin = origin;
    }

    /** Reads and checks the scenario in {@code file}. */
    public static Scenario read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses and checks a scenario.
     *
     * @param origin the file name, for messages
     * @throws ScenarioFormatException naming the line and field of the first problem
     */
    public static Scenario parse(String json, String origin) {
        ScenarioFile p = new ScenarioFile(origin);
        JsonValue root;
        try {
            root = Json.parse(json);
        } catch (JsonException e) {
            throw new ScenarioFormatException(origin, e.line(), "", "not valid JSON: "
                    + e.getMessage().substring(e.getMessage().indexOf(": ") + 2) + " (column " + e.column() + ")");
        }
        return p.scenario(root);
    }

    // ------------------------------------------------------------------ document structure

    private Scenario scenario(JsonValue root) {
        Obj o = new Obj(root, "", "id", "title", "description", "durationS", "faultStartS", "healS", "healthyErrorRate",
                "instances", "loadBalancer", "headline", "traffic", "call");
        String id = o.string("id");
        if (!ID.matcher(id).matches()) {
            throw o.failField("id", "must be lower-case letters, digits and '-', starting with a letter or digit, got \""
                    + id + "\"");
        }
        String title = o.string("title");
        String description = o.string("description");
        durationS = o.integer("durationS", 1, 86_400);
        double faultStartS = o.number("faultStartS", 0, durationS);
        double healS = o.number("healS", faultStartS, durationS);
        double healthy = o.has("healthyErrorRate") ? o.number("healthyErrorRate", 0, 1) : Double.NaN;
        Fleet fleet = fleet(o);
        JsonValue trafficV = o.get("traffic", Kind.ARRAY);
        List<Source> sources = new ArrayList<>();
        Set<String> sourceNames = new HashSet<>();
        Set<String> tierNames = new HashSet<>();
        List<Tier> allTiers = new ArrayList<>();
        for (int i = 0; i < trafficV.elements().size(); i++) {
            Source s = source(trafficV.elements().get(i), "traffic[" + i + "]", tierNames);
            if (!sourceNames.add(s.name())) {
                throw fail(trafficV.elements().get(i), "traffic[" + i + "].name", "duplicate source name \"" + s.name() + "\"");
            }
            sources.add(s);
            allTiers.addAll(s.tiers());
        }
        if (sources.isEmpty()) {
            throw fail(trafficV, "traffic", "needs at least one source of traffic");
        }
        Call entry = call(o.get("call", Kind.OBJECT), "call", new HashSet<>(), new HashSet<>());
        List<String> headline = new ArrayList<>(DEFAULT_HEADLINE);
        if (o.has("headline")) {
            JsonValue h = o.get("headline", Kind.ARRAY);
            headline.clear();
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < h.elements().size(); i++) {
                String path = "headline[" + i + "]";
                String key = string(h.elements().get(i), path);
                try {
                    Metric.Row row = Metric.parseKey(key, allTiers);
                    if (row.metric().fleetOnly() && !fleet.isFleet()) {
                        throw new IllegalArgumentException("\"" + key + "\" applies to a fleet only (instances > 1)");
                    }
                } catch (IllegalArgumentException e) {
                    throw fail(h.elements().get(i), path, e.getMessage());
                }
                if (!seen.add(key)) {
                    throw fail(h.elements().get(i), path, "\"" + key + "\" listed twice");
                }
                headline.add(key);
            }
        }
        try {
            return new Scenario(id, title, description, durationS, faultStartS, healS, sources, entry, headline, healthy,
                    fleet);
        } catch (IllegalArgumentException e) {
            throw fail(root, "", e.getMessage());
        }
    }

    /** {@code instances} (default 1) and the optional {@code loadBalancer} {algorithm, weights}. */
    private Fleet fleet(Obj storm) {
        int instances = storm.has("instances") ? storm.integer("instances", 1, Fleet.MAX_INSTANCES) : 1;
        if (!storm.has("loadBalancer")) {
            return instances == 1 ? Fleet.SINGLE : Fleet.of(instances, Fleet.Balancer.ROUND_ROBIN);
        }
        if (instances == 1) {
            throw storm.failField("loadBalancer", "needs a fleet: set instances > 1");
        }
        Obj lb = new Obj(storm.get("loadBalancer", Kind.OBJECT), "loadBalancer", "algorithm", "weights");
        Fleet.Balancer algorithm = Fleet.Balancer.ROUND_ROBIN;
        if (lb.has("algorithm")) {
            try {
                algorithm = Fleet.Balancer.parse(lb.string("algorithm"));
            } catch (IllegalArgumentException e) {
                throw lb.failField("algorithm", e.getMessage());
            }
        }
        if (!lb.has("weights")) {
            return Fleet.of(instances, algorithm);
        }
        JsonValue w = lb.get("weights", Kind.ARRAY);
        if (w.elements().size() != instances) {
            throw fail(w, "loadBalancer.weights", "one weight per instance: " + instances + " expected, got "
                    + w.elements().size());
        }
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            weights.add(inRange(w.elements().get(i), "loadBalancer.weights[" + i + "]", Double.MIN_VALUE, 1e9));
        }
        return new Fleet(instances, algorithm, weights);
    }

    private Source source(JsonValue v, String path, Set<String> tierNames) {
        Obj o = new Obj(v, path, "name", "ratePerS", "tiers", "retry");
        String name = o.string("name");
        Timeline rate = timeline(o.get("ratePerS"), path + ".ratePerS", 0, Double.MAX_VALUE);
        JsonValue tiersV = o.get("tiers", Kind.ARRAY);
        List<Tier> tiers = new ArrayList<>();
        double shares = 0;
        for (int i = 0; i < tiersV.elements().size(); i++) {
            JsonValue tv = tiersV.elements().get(i);
            Tier t = tier(tv, path + ".tiers[" + i + "]");
            if (!tierNames.add(t.name())) {
                throw fail(tv, path + ".tiers[" + i + "].name", "duplicate tier name \"" + t.name()
                        + "\" (tier names are unique in a scenario)");
            }
            tiers.add(t);
            shares += t.share();
        }
        if (tiers.isEmpty()) {
            throw fail(tiersV, path + ".tiers", "needs at least one tier");
        }
        if (Math.abs(shares - 1.0) > 1e-9) {
            throw fail(tiersV, path + ".tiers", "the shares sum to " + shares + ", not 1");
        }
        Retry retry = o.has("retry") ? retry(o.get("retry", Kind.OBJECT), path + ".retry") : null;
        return new Source(name, rate, tiers, retry);
    }

    private Tier tier(JsonValue v, String path) {
        Obj o = new Obj(v, path, "name", "voltage", "share", "valuePerRequest", "endpoint");
        String name = o.string("name");
        JsonValue volts = o.get("voltage");
        double share = o.number("share", Double.MIN_VALUE, 1);
        double value = o.has("valuePerRequest") ? o.number("valuePerRequest", 0, Double.MAX_VALUE) : 1.0;
        String endpoint = o.has("endpoint") ? o.string("endpoint") : "";
        if (volts.is(Kind.NUMBER)) {
            double x = volts.number();
            if (!(x >= 0)) {
                throw fail(volts, path + ".voltage", "must be >= 0, got " + volts.text());
            }
            return Tier.volts(name, x, share, value, endpoint);
        }
        if (volts.is(Kind.STRING)) {
            for (VoltageTier t : VoltageTier.values()) {
                if (t.name().toLowerCase(Locale.ROOT).equals(volts.text())) {
                    return Tier.named(name, t, share, value, endpoint);
                }
            }
        }
        throw fail(volts, path + ".voltage", "expected a number of volts or a tier name (" + tierNames() + "), got "
                + shown(volts));
    }

    private Retry retry(JsonValue v, String path) {
        Obj o = new Obj(v, path, "maxRetries", "backoffMs", "multiplier", "jitter");
        int max = o.integer("maxRetries", 1, 100);
        double backoff = o.number("backoffMs", Double.MIN_VALUE, 3_600_000);
        double mult = o.has("multiplier") ? o.number("multiplier", 1, 100) : 2.0;
        double jitter = o.has("jitter") ? o.number("jitter", 0, 1) : 0.0;
        return new Retry(max, backoff, mult, jitter);
    }

    private Call call(JsonValue v, String path, Set<String> routes, Set<String> services) {
        Obj o = new Obj(v, path, "route", "timeoutMs", "protected", "probability", "rateLimitPerS", "maxConcurrent",
                "service");
        String route = o.string("route");
        if (!routes.add(route)) {
            throw o.failField("route", "duplicate route \"" + route + "\"");
        }
        long timeoutMs = o.integer("timeoutMs", 1, 3_600_000);
        boolean prot = !o.has("protected") || o.bool("protected");
        double probability = o.has("probability") ? o.number("probability", Double.MIN_VALUE, 1) : 1.0;
        Service target = service(o.get("service", Kind.OBJECT), path + ".service", routes, services);
        int rateLimit = o.has("rateLimitPerS") ? o.integer("rateLimitPerS", 1, Integer.MAX_VALUE)
                : Call.defaultRateLimit(target);
        int maxConcurrent = o.has("maxConcurrent") ? o.integer("maxConcurrent", 1, Integer.MAX_VALUE)
                : Call.defaultMaxConcurrent(target);
        return new Call(route, target, probability, timeoutMs, prot, rateLimit, maxConcurrent);
    }

    private Service service(JsonValue v, String path, Set<String> routes, Set<String> services) {
        Obj o = new Obj(v, path, "name", "workers", "queueLimit", "latencyMs", "errorRate", "call");
        String name = o.string("name");
        if (!services.add(name)) {
            throw o.failField("name", "duplicate service name \"" + name + "\"");
        }
        Timeline workers = timeline(o.get("workers"), path + ".workers", 0, 1_000_000);
        int queue = o.has("queueLimit") ? o.integer("queueLimit", 0, 10_000_000) : DEFAULT_QUEUE_LIMIT;
        Timeline latency = timeline(o.get("latencyMs"), path + ".latencyMs", 0, 3_600_000);
        Timeline errors = timeline(o.get("errorRate"), path + ".errorRate", 0, 1);
        Call downstream = o.has("call") ? call(o.get("call", Kind.OBJECT), path + ".call", routes, services) : null;
        return new Service(name, workers, queue, latency, errors, downstream);
    }

    /**
     * A number (constant) or keyframes {@code [t, value]} (reached linearly from the previous
     * keyframe) and {@code [t, value, "step"]} (the previous value holds until t, then steps).
     */
    private Timeline timeline(JsonValue v, String path, double min, double max) {
        if (v.is(Kind.NUMBER)) {
            return Timeline.constant(inRange(v, path, min, max));
        }
        if (!v.is(Kind.ARRAY)) {
            throw fail(v, path, "expected a number or an array of keyframes [t, value] / [t, value, \"step\"], got "
                    + v.kind().text());
        }
        if (v.elements().isEmpty()) {
            throw fail(v, path, "needs at least one keyframe");
        }
        Timeline t = null;
        double lastS = -1;
        for (int i = 0; i < v.elements().size(); i++) {
            JsonValue k = v.elements().get(i);
            String kp = path + "[" + i + "]";
            if (!k.is(Kind.ARRAY) || k.elements().size() < 2 || k.elements().size() > 3) {
                throw fail(k, kp, "a keyframe is [t, value] or [t, value, \"step\"] (t in seconds)");
            }
            double at = inRange(k.elements().get(0), kp + "[0]", 0, durationS);
            double value = inRange(k.elements().get(1), kp + "[1]", min, max);
            boolean step = k.elements().size() == 3;
            if (step && !(k.elements().get(2).is(Kind.STRING) && k.elements().get(2).text().equals(STEP))) {
                throw fail(k.elements().get(2), kp + "[2]", "the third element of a keyframe can only be \"step\", got "
                        + shown(k.elements().get(2)));
            }
            if (at < lastS) {
                throw fail(k, kp, "keyframes must move forward in time: " + k.elements().get(0).text() + " s after "
                        + fmt(lastS) + " s");
            }
            if (i == 0) {
                if (step) {
                    throw fail(k, kp, "the first keyframe cannot be a step (there is nothing to step from)");
                }
                t = Timeline.from(at, value);
            } else {
                t = step ? t.jumpTo(at, value) : t.rampTo(at, value);
            }
            lastS = at;
        }
        return t;
    }

    // ------------------------------------------------------------------ values

    private double inRange(JsonValue v, String path, double min, double max) {
        if (!v.is(Kind.NUMBER)) {
            throw fail(v, path, "expected a number, got " + shown(v));
        }
        double x = v.number();
        if (!(x >= min && x <= max)) {
            throw fail(v, path, "must be " + range(min, max) + ", got " + v.text());
        }
        return x;
    }

    private String string(JsonValue v, String path) {
        if (!v.is(Kind.STRING)) {
            throw fail(v, path, "expected a string, got " + shown(v));
        }
        return v.text();
    }

    private ScenarioFormatException fail(JsonValue at, String path, String problem) {
        return new ScenarioFormatException(origin, at.line(), path, problem);
    }

    private static String range(double min, double max) {
        if (max == Double.MAX_VALUE) {
            return min == Double.MIN_VALUE ? "> 0" : ">= " + fmt(min);
        }
        return min == Double.MIN_VALUE ? "in (0, " + fmt(max) + "]" : "in [" + fmt(min) + ", " + fmt(max) + "]";
    }

    private static String fmt(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    private static String shown(JsonValue v) {
        switch (v.kind()) {
            case STRING:
                return "\"" + v.text() + "\"";
            case NUMBER:
                return v.text();
            case BOOLEAN:
                return Boolean.toString(v.bool());
            default:
                return v.kind().text();
        }
    }

    private static String tierNames() {
        List<String> n = new ArrayList<>();
        for (VoltageTier t : VoltageTier.values()) {
            n.add(t.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", n);
    }

    /** An object being read, with the fields it may have: any other is reported (a typo, usually). */
    private final class Obj {
        final JsonValue value;
        final String path;

        Obj(JsonValue value, String path, String... known) {
            if (!value.is(Kind.OBJECT)) {
                throw fail(value, path, "expected an object, got " + value.kind().text());
            }
            this.value = value;
            this.path = path;
            List<String> k = List.of(known);
            for (Map.Entry<String, JsonValue> m : value.members().entrySet()) {
                if (!k.contains(m.getKey())) {
                    throw fail(m.getValue(), field(m.getKey()), "unknown field (the fields here are: "
                            + String.join(", ", k) + ")");
                }
            }
        }

        String field(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        boolean has(String name) {
            return value.members().containsKey(name);
        }

        JsonValue get(String name) {
            JsonValue v = value.members().get(name);
            if (v == null) {
                throw fail(value, field(name), "missing (required in " + (path.isEmpty() ? "the scenario" : path)
                        + ", the object that starts on this line)");
            }
            return v;
        }

        JsonValue get(String name, Kind kind) {
            JsonValue v = get(name);
            if (!v.is(kind)) {
                throw fail(v, field(name), "expected " + kind.text() + ", got " + shown(v));
            }
            return v;
        }

        String string(String name) {
            JsonValue v = get(name);
            String s = ScenarioFile.this.string(v, field(name));
            if (s.isBlank()) {
                throw ScenarioFile.this.fail(v, field(name), "must not be empty");
            }
            return s;
        }

        boolean bool(String name) {
            return get(name, Kind.BOOLEAN).bool();
        }

        double number(String name, double min, double max) {
            return inRange(get(name), field(name), min, max);
        }

        int integer(String name, long min, long max) {
            JsonValue v = get(name);
            double x = inRange(v, field(name), min, max);
            if (x != Math.rint(x)) {
                throw fail(v, field(name), "must be a whole number, got " + v.text());
            }
            return (int) x;
        }

        ScenarioFormatException failField(String name, String problem) {
            JsonValue v = value.members().get(name);
            return ScenarioFile.this.fail(v == null ? value : v, field(name), problem);
        }
    }
}
