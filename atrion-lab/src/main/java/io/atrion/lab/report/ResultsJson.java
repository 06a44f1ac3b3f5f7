package io.atrion.lab.report;

import io.atrion.lab.LabRun;
import io.atrion.lab.json.JsonWriter;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Tier;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * {@code results.json}: every run of an invocation, machine-readable.
 *
 * <pre>{@code
 * {"date": "...", "engine": "FAST", "seeds": [1, 2, 3, 4, 5], "healthyErrorRate": 0.005,
 *  "policies": [{"id": "atrion-limits", "title": "...", "configuration": "..."}, ...],
 *  "scenarios": [{"id": "black-friday", "title": "...", "durationS": 240, "faultStartS": 30, "healS": 165,
 *                 "instances": 1, "loadBalancer": null, ...}, ...],
 *  "runs": [{"scenario": "black-friday", "policy": "atrion-limits", "seed": 1, "metrics": {...}}, ...]}
 * }</pre>
 *
 * Metric keys are camelCase with their unit where they have one; shares are fractions; a metric
 * that does not apply to a run is {@code null} (see {@code atrion-lab/docs/lab.md}). Doubles are
 * written so that they read back as the same double.
 */
public final class ResultsJson {

    /** The keys of every run's {@code metrics} object, in the order they are written. */
    public static final List<String> METRIC_KEYS = List.of("goodputPerS", "successRate", "criticalSuccess",
            "tierSuccess", "revenueEfficiency", "wastedCalls", "transitions", "fullyShedClosedS",
            "firstShedAfterFaultS", "shedBeforeFault", "fullAdmissionAfterHealS", "calmShed", "attemptsPerRequest",
            "offered", "succeeded", "failed", "shed", "probes", "fleetWastedCalls", "lastInstanceShedAfterFaultS",
            "instanceFirstShedAfterFaultS", "instanceWastedCalls");

    private ResultsJson() {
    }

    /** The document. */
    public static String render(LabRun run) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("date").value(run.date());
        w.name("engine").value(run.engine().name());
        w.name("seeds").beginArray();
        for (long s : run.seeds()) {
            w.value(s);
        }
        w.endArray();
        w.name("healthyErrorRate").value(run.healthyErrors());
        w.name("policies").beginArray();
        for (PolicyKind p : run.policies()) {
            w.beginObject().name("id").value(p.id()).name("title").value(p.title())
                    .name("configuration").value(p.configuration()).endObject();
        }
        w.endArray();
        w.name("scenarios").beginArray();
        for (Scenario s : run.scenarios()) {
            w.beginObject().name("id").value(s.id()).name("title").value(s.title())
                    .name("durationS").value(s.durationS()).name("faultStartS").value(s.faultStartS())
                    .name("healS").value(s.healS()).name("instances").value(s.instances()).name("loadBalancer");
            if (s.isFleet()) {
                w.beginObject().name("algorithm").value(s.fleet().balancer().id()).name("weights").beginArray();
                for (double x : s.fleet().weights()) {
                    w.value(x);
                }
                w.endArray().endObject();
            } else {
                w.nullValue();
            }
            w.name("tiers").beginArray();
            for (Tier t : s.tiers()) {
                w.beginObject().name("name").value(t.name()).name("voltage").value(t.voltage())
                        .name("share").value(t.share()).name("valuePerRequest").value(t.valuePerRequest())
                        .name("endpoint").value(t.endpoint()).endObject();
            }
            w.endArray().name("criticalTier").value(s.tiers().get(s.criticalTier()).name()).endObject();
        }
        w.endArray();
        w.name("runs").beginArray();
        for (Scenario s : run.scenarios()) {
            for (PolicyKind p : run.policies(s)) {
                for (RunResult r : run.runs(s, p)) {
                    w.beginObject().name("scenario").value(s.id()).name("policy").value(p.id())
                            .name("seed").value(r.seed()).name("metrics");
                    metrics(w, r, p);
                    w.endObject();
                }
            }
        }
        w.endArray();
        return w.endObject().toString();
    }

    private static void metrics(JsonWriter w, RunResult r, PolicyKind p) {
        Scenario s = r.scenario();
        w.beginObject();
        w.name("goodputPerS").value(r.goodput());
        w.name("successRate").value(r.successRate());
        w.name("criticalSuccess").value(r.criticalSuccessRate());
        w.name("tierSuccess").beginObject();
        for (int i = 0; i < s.tiers().size(); i++) {
            w.name(s.tiers().get(i).name()).value(r.tierSuccessRate(i));
        }
        w.endObject();
        w.name("revenueEfficiency").value(Metric.REVENUE.value(r, p, -1));
        w.name("wastedCalls").value(r.wasted());
        w.name("transitions");
        if (p.hasBreaker()) {
            w.value(r.transitions());
        } else {
            w.nullValue();
        }
        w.name("fullyShedClosedS").value(r.fullyShedClosedS());
        w.name("firstShedAfterFaultS").value(r.firstShedS());
        w.name("shedBeforeFault").value(r.shedBeforeFault());
        w.name("fullAdmissionAfterHealS").value(r.fullAdmissionS());
        w.name("calmShed").value(r.calmShedRate());
        w.name("attemptsPerRequest").value(Metric.ATTEMPTS.value(r, p, -1));
        w.name("offered").value(r.offered());
        w.name("succeeded").value(r.succeeded());
        w.name("failed").value(r.failed());
        w.name("shed").value(r.shed());
        w.name("probes");
        if (p.isAtrion()) {
            w.value(r.probes());
        } else {
            w.nullValue();
        }
        fleet(w, r, p);
        w.endObject();
    }

    /** The fleet's metrics: null for a storm of one instance. */
    private static void fleet(JsonWriter w, RunResult r, PolicyKind p) {
        w.name("fleetWastedCalls").value(Metric.FLEET_WASTED.value(r, p, -1));
        w.name("lastInstanceShedAfterFaultS").value(Metric.LAST_INSTANCE_SHED.value(r, p, -1));
        perInstance(w.name("instanceFirstShedAfterFaultS"), r, r::instanceFirstShedS);
        perInstance(w.name("instanceWastedCalls"), r, r::instanceWasted);
    }

    /** One value per instance of a fleet (NaN written as null), or null for a storm of one instance. */
    private static void perInstance(JsonWriter w, RunResult r, IntToDoubleFunction value) {
        if (!r.scenario().isFleet()) {
            w.nullValue();
            return;
        }
        w.beginArray();
        for (int k = 0; k < r.instances(); k++) {
            w.value(value.applyAsDouble(k));
        }
        w.endArray();
    }
}
