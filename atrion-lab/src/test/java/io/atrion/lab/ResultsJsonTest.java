package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.lab.json.Json;
import io.atrion.lab.json.JsonValue;
import io.atrion.lab.json.JsonValue.Kind;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.report.ResultsJson;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.json: one entry per run with the stable policy ids, camelCase metric keys and nulls where a metric does not apply. */
class ResultsJsonTest {

    static final List<String> IDS = List.of("atrion-defaults", "atrion-limits", "r4j-default", "r4j-tuned",
            "r4j-bulkhead", "concurrency-limits", "rate-limit", "none");

    @Test
    void everyRunIsThereWithItsMetricsAndNullsWhereAMetricDoesNotApply(@TempDir Path dir) throws Exception {
        LabRun run = LabFixtures.standard();
        LabCommand.write(run, dir);
        JsonValue doc = Json.parse(Files.readString(dir.resolve("results.json")));
        List<JsonValue> runs = doc.members().get("runs").elements();
        assertEquals(Scenarios.IDS.size() * IDS.size() * Lab.DEFAULT_SEEDS.size(), runs.size());
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), numbers(doc.members().get("seeds")));
        List<String> policies = new ArrayList<>();
        for (JsonValue p : doc.members().get("policies").elements()) {
            policies.add(p.members().get("id").text());
        }
        assertEquals(IDS, policies);
        int i = 0;
        for (Scenario s : run.scenarios()) {
            for (PolicyKind p : run.policies()) {
                for (long seed : run.seeds()) {
                    JsonValue r = runs.get(i++);
                    assertEquals(List.of("scenario", "policy", "seed", "metrics"), new ArrayList<>(r.members().keySet()));
                    assertEquals(s.id(), r.members().get("scenario").text());
                    assertTrue(IDS.contains(r.members().get("policy").text()));
                    assertEquals(p.id(), r.members().get("policy").text());
                    assertEquals(seed, (long) r.members().get("seed").number());
                    check(r.members().get("metrics"), run.result(s, p, seed), p, s.id() + "/" + p.id() + "/" + seed);
                }
            }
        }
    }

    private static void check(JsonValue m, RunResult r, PolicyKind p, String what) {
        Map<String, JsonValue> v = m.members();
        assertEquals(ResultsJson.METRIC_KEYS, new ArrayList<>(v.keySet()), what);
        // Values read back as the same doubles.
        assertEquals(r.goodput(), v.get("goodputPerS").number(), what);
        assertEquals(r.successRate(), v.get("successRate").number(), what);
        double critical = v.get("criticalSuccess").number();
        assertEquals(r.criticalSuccessRate(), critical, what);
        assertTrue(critical >= 0 && critical <= 1, what + ": a fraction");
        assertEquals(r.scenario().tiers().size(), v.get("tierSuccess").members().size(), what);
        assertEquals(r.wasted(), (long) v.get("wastedCalls").number(), what);
        assertEquals(r.fullyShedClosedS(), (int) v.get("fullyShedClosedS").number(), what);
        assertEquals(r.calmShedRate(), v.get("calmShed").number(), what);
        assertEquals(r.shedBeforeFault(), v.get("shedBeforeFault").bool(), what);
        assertEquals(r.offered(), (long) v.get("offered").number(), what);
        // null exactly where the metric does not apply or is undefined
        nullIff(v.get("transitions"), !p.hasBreaker(), what + " transitions");
        if (p.hasBreaker()) {
            assertEquals(r.transitions(), (int) v.get("transitions").number(), what);
        }
        nullIff(v.get("revenueEfficiency"), !r.scenario().id().equals("black-friday"), what + " revenue");
        nullIff(v.get("attemptsPerRequest"), !r.scenario().id().equals("retry-storm"), what + " attempts");
        nullIff(v.get("firstShedAfterFaultS"), Double.isNaN(r.firstShedS()), what + " first shed");
        nullIff(v.get("fullAdmissionAfterHealS"), Double.isNaN(r.fullAdmissionS()), what + " full admission");
        nullIff(v.get("probes"), !p.isAtrion(), what + " probes");
        if (!Double.isNaN(r.firstShedS())) {
            assertEquals(r.firstShedS(), v.get("firstShedAfterFaultS").number(), what);
        }
        if (!Double.isNaN(r.fullAdmissionS())) {
            assertEquals(r.fullAdmissionS(), v.get("fullAdmissionAfterHealS").number(), what);
        }
    }

    private static void nullIff(JsonValue v, boolean isNull, String what) {
        assertEquals(isNull, v.is(Kind.NULL), what + ": " + v.kind());
    }

    private static List<Double> numbers(JsonValue array) {
        List<Double> out = new ArrayList<>();
        for (JsonValue e : array.elements()) {
            out.add(e.number());
        }
        return out;
    }

    /** The null checks can fail: some runs have each metric, some do not. */
    @Test
    void everyNullableMetricIsSometimesNullAndSometimesNot(@TempDir Path dir) throws Exception {
        LabCommand.write(LabFixtures.standard(), dir);
        JsonValue doc = Json.parse(Files.readString(dir.resolve("results.json")));
        for (String key : List.of("transitions", "revenueEfficiency", "attemptsPerRequest", "firstShedAfterFaultS",
                "probes")) {
            int nulls = 0;
            int values = 0;
            for (JsonValue r : doc.members().get("runs").elements()) {
                if (r.members().get("metrics").members().get(key).is(Kind.NULL)) {
                    nulls++;
                } else {
                    values++;
                }
            }
            assertTrue(nulls > 0 && values > 0, key + ": " + nulls + " nulls, " + values + " values");
        }
    }
}
