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
    /** The policies of a fleet storm. */
    static final List<String> FLEET_IDS = List.of("atrion-alone", "atrion-shared", "r4j-default", "r4j-tuned", "none");
    /** Every policy of the default run, in the order of results.json's "policies". */
    static final List<String> ALL_IDS = List.of("atrion-defaults", "atrion-limits", "atrion-alone", "atrion-shared",
            "r4j-default", "r4j-tuned", "r4j-bulkhead", "concurrency-limits", "rate-limit", "none");

    @Test
    void everyRunIsThereWithItsMetricsAndNullsWhereAMetricDoesNotApply(@TempDir Path dir) throws Exception {
        LabRun run = LabFixtures.standard();
        LabCommand.write(run, dir);
        JsonValue doc = Json.parse(Files.readString(dir.resolve("results.json")));
        List<JsonValue> runs = doc.members().get("runs").elements();
        assertEquals((Scenarios.IDS.size() * IDS.size() + Scenarios.FLEET_IDS.size() * FLEET_IDS.size())
                * Lab.DEFAULT_SEEDS.size(), runs.size());
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), numbers(doc.members().get("seeds")));
        List<String> policies = new ArrayList<>();
        for (JsonValue p : doc.members().get("policies").elements()) {
            policies.add(p.members().get("id").text());
        }
        assertEquals(ALL_IDS, policies);
        for (JsonValue sc : doc.members().get("scenarios").elements()) {
            Scenario s = Scenarios.byId(sc.members().get("id").text());
            assertEquals(s.instances(), (int) sc.members().get("instances").number());
            JsonValue lb = sc.members().get("loadBalancer");
            nullIff(lb, !s.isFleet(), s.id() + " loadBalancer");
            if (s.isFleet()) {
                assertEquals("round-robin", lb.members().get("algorithm").text());
                assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 1.0), numbers(lb.members().get("weights")));
            }
        }
        int i = 0;
        for (Scenario s : run.scenarios()) {
            assertEquals(s.isFleet() ? FLEET_IDS : IDS, run.policies(s).stream().map(PolicyKind::id).toList());
            for (PolicyKind p : run.policies(s)) {
                for (long seed : run.seeds()) {
                    JsonValue r = runs.get(i++);
                    assertEquals(List.of("scenario", "policy", "seed", "metrics"), new ArrayList<>(r.members().keySet()));
                    assertEquals(s.id(), r.members().get("scenario").text());
                    assertTrue(ALL_IDS.contains(r.members().get("policy").text()));
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
        // the fleet's metrics: null for a storm of one instance
        boolean fleet = r.scenario().isFleet();
        nullIff(v.get("fleetWastedCalls"), !fleet, what + " fleet wasted");
        nullIff(v.get("lastInstanceShedAfterFaultS"), !fleet || Double.isNaN(r.lastInstanceShedS()), what + " last");
        nullIff(v.get("instanceFirstShedAfterFaultS"), !fleet, what + " per instance");
        nullIff(v.get("instanceWastedCalls"), !fleet, what + " per instance");
        if (fleet) {
            assertEquals(r.wasted(), (long) v.get("fleetWastedCalls").number(), what);
            List<JsonValue> first = v.get("instanceFirstShedAfterFaultS").elements();
            List<JsonValue> wasted = v.get("instanceWastedCalls").elements();
            assertEquals(r.instances(), first.size(), what);
            long sum = 0;
            double last = Double.NEGATIVE_INFINITY;
            boolean all = true;
            for (int k = 0; k < r.instances(); k++) {
                nullIff(first.get(k), Double.isNaN(r.instanceFirstShedS(k)), what + " node " + k);
                if (!first.get(k).is(Kind.NULL)) {
                    assertEquals(r.instanceFirstShedS(k), first.get(k).number(), what);
                    last = Math.max(last, first.get(k).number());
                } else {
                    all = false;
                }
                sum += (long) wasted.get(k).number();
            }
            assertEquals(r.wasted(), sum, what + ": the instances' wasted calls add up to the fleet's");
            if (all) {
                assertEquals(last, v.get("lastInstanceShedAfterFaultS").number(), what + ": the latest instance");
            }
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
                "probes", "fleetWastedCalls", "lastInstanceShedAfterFaultS", "instanceFirstShedAfterFaultS",
                "instanceWastedCalls")) {
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
