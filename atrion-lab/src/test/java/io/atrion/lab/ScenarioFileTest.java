package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.VoltageTier;
import io.atrion.lab.scenarios.ScenarioFile;
import io.atrion.lab.scenarios.ScenarioFormatException;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Fleet;
import io.atrion.lab.sim.Scenario;
import io.atrion.lab.sim.Service;
import io.atrion.lab.sim.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** Scenario files: what they mean, and clear errors (file, line, field) for bad ones. */
class ScenarioFileTest {

    /** A small valid file; the line numbers in the tests below refer to it. */
    static final String MINIMAL = String.join("\n",
            "{",                                                                   // 1
            "  \"id\": \"tiny\",",                                                 // 2
            "  \"title\": \"Tiny\",",                                              // 3
            "  \"description\": \"A test storm.\",",                               // 4
            "  \"durationS\": 60,",                                                // 5
            "  \"faultStartS\": 10,",                                              // 6
            "  \"healS\": 40,",                                                    // 7
            "  \"traffic\": [",                                                    // 8
            "    {",                                                               // 9
            "      \"name\": \"clients\",",                                        // 10
            "      \"ratePerS\": 100,",                                            // 11
            "      \"tiers\": [",                                                  // 12
            "        {\"name\": \"gold\", \"voltage\": \"critical\", \"share\": 0.25},", // 13
            "        {\"name\": \"tin\", \"voltage\": 20, \"share\": 0.75}",       // 14
            "      ]",                                                             // 15
            "    }",                                                               // 16
            "  ],",                                                                // 17
            "  \"call\": {",                                                       // 18
            "    \"route\": \"dep\",",                                             // 19
            "    \"timeoutMs\": 1000,",                                            // 20
            "    \"service\": {",                                                  // 21
            "      \"name\": \"dep\",",                                            // 22
            "      \"workers\": 10,",                                              // 23
            "      \"latencyMs\": [[0, 50], [10, 50], [20, 300], [30, 50, \"step\"]],", // 24
            "      \"errorRate\": 0.1",                                            // 25
            "    }",                                                               // 26
            "  }",                                                                 // 27
            "}");                                                                  // 28

    private static ScenarioFormatException bad(String from, String to) {
        assertTrue(MINIMAL.contains(from), from);
        return assertThrows(ScenarioFormatException.class,
                () -> ScenarioFile.parse(MINIMAL.replace(from, to), "storm.json"));
    }

    private static void assertError(ScenarioFormatException e, int line, String field, String words) {
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("storm.json: line " + line), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void aValidFileMeansWhatItSays() {
        Scenario s = ScenarioFile.parse(MINIMAL, "storm.json");
        assertEquals("tiny", s.id());
        assertEquals(60, s.durationS());
        assertEquals(10.0, s.faultStartS());
        assertEquals(40.0, s.healS());
        Tier gold = s.tiers().get(0);
        assertEquals(VoltageTier.CRITICAL, gold.voltageTier());
        assertEquals(100.0, gold.voltage()); // CRITICAL = γ·R_base = 10 × 10 Ω (SPEC §2.8, default physics)
        assertEquals(1.0, gold.valuePerRequest()); // default
        assertEquals("", gold.endpoint()); // default: one endpoint
        assertNull(s.tiers().get(1).voltageTier());
        assertEquals(20.0, s.tiers().get(1).voltage());
        Call c = s.entry();
        assertTrue(c.protectedCall()); // default
        assertEquals(1.0, c.probability());
        Service dep = c.target();
        assertEquals(ScenarioFile.DEFAULT_QUEUE_LIMIT, dep.queueLimit());
        // Defaults from the callee: 10 workers / 50 ms = 200 requests/s, 80 % of it = 160/s;
        // the bulkhead's limit is the callee's 10 workers.
        assertEquals(160, c.rateLimitPerSecond());
        assertEquals(10, c.maxConcurrentCalls());
        // Keyframes: linear from (10 s, 50) to (20 s, 300): 175 at 15 s; a step at 30 s holds 300
        // until 29.999 s, then 50.
        assertEquals(50.0, dep.latencyMs().at(10_000));
        assertEquals(175.0, dep.latencyMs().at(15_000), 1e-12);
        assertEquals(300.0, dep.latencyMs().at(29_999));
        assertEquals(50.0, dep.latencyMs().at(30_000));
        assertEquals(0.1, dep.errorRate().at(0));
        assertTrue(Double.isNaN(s.healthyErrorRate()));
        assertEquals(java.util.List.of("goodput", "critical", "wasted", "firstShed", "fullAdmission", "transitions"),
                s.headline());
    }

    @Test
    void numbersAreTheSameDoublesAsJavaLiterals() {
        Scenario s = ScenarioFile.parse(MINIMAL.replace("\"errorRate\": 0.1", "\"errorRate\": 0.30000000000000004")
                .replace("\"share\": 0.25}", "\"share\": 2.5e-1}"), "storm.json");
        assertEquals(0.30000000000000004, s.entry().target().errorRate().at(0));
        assertEquals(0.1 + 0.2, s.entry().target().errorRate().at(0)); // the famous sum, bit for bit
        assertEquals(0.25, s.tiers().get(0).share());
    }

    @Test
    void invalidJsonNamesLineAndColumn() {
        ScenarioFormatException e = bad("\"durationS\": 60,", "\"durationS\": 60");
        assertError(e, 6, "", "expected ',' or '}' after the value of \"durationS\"");
        assertTrue(e.getMessage().contains("column 3"), e.getMessage());
        assertError(bad("\"share\": 0.75}", "\"share\": 0.75},"), 15, "", "trailing comma before ']'");
        assertError(bad("\"healS\": 40,", "\"healS\": 40, // the heal"), 7, "", "a comment (JSON has none)");
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"healS\": 41,"), 7, "", "duplicate member \"healS\"");
        assertError(bad("\"workers\": 10,", "\"workers\": 010,"), 23, "", "leading zeros");
        assertError(bad("\"errorRate\": 0.1", "\"errorRate\": NaN"), 25, "", "expected a value");
        assertError(bad("}\n  }\n}", "}\n  }\n}\n}"), 29, "", "after the end of the document");
        ScenarioFormatException empty = assertThrows(ScenarioFormatException.class,
                () -> ScenarioFile.parse("  \n", "storm.json"));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }

    @Test
    void unknownFieldsAreReportedWithTheirPath() {
        assertError(bad("\"voltage\": 20,", "\"votage\": 20,"), 14, "traffic[0].tiers[1].votage",
                "unknown field (the fields here are: name, voltage, share, valuePerRequest, endpoint)");
        assertError(bad("\"workers\": 10,", "\"workers\": 10, \"threads\": 4,"), 23, "call.service.threads",
                "unknown field");
    }

    @Test
    void missingFieldsNameTheObjectTheyBelongIn() {
        assertError(bad("  \"healS\": 40,\n", ""), 1, "healS", "missing");
        assertError(bad("\"timeoutMs\": 1000,", ""), 18, "call.timeoutMs", "missing (required in call");
    }

    @Test
    void wrongTypesAndRangesAreReported() {
        assertError(bad("\"durationS\": 60", "\"durationS\": \"60\""), 5, "durationS", "expected a number, got \"60\"");
        assertError(bad("\"durationS\": 60", "\"durationS\": 60.5"), 5, "durationS", "must be a whole number");
        assertError(bad("\"healS\": 40", "\"healS\": 5"), 7, "healS", "must be in [10, 60], got 5");
        assertError(bad("\"errorRate\": 0.1", "\"errorRate\": 1.5"), 25, "call.service.errorRate",
                "must be in [0, 1], got 1.5");
        assertError(bad("[20, 300]", "[20, -300]"), 24, "call.service.latencyMs[2][1]", "must be in [0, 3600000]");
        assertError(bad("[20, 300]", "[5, 300]"), 24, "call.service.latencyMs[2]",
                "keyframes must move forward in time: 5 s after 10 s");
        assertError(bad("[[0, 50],", "[[0, 50, \"step\"],"), 24, "call.service.latencyMs[0]",
                "the first keyframe cannot be a step");
        assertError(bad("[30, 50, \"step\"]", "[30, 50, \"jump\"]"), 24, "call.service.latencyMs[3][2]",
                "can only be \"step\", got \"jump\"");
        assertError(bad("[20, 300]", "[90, 300]"), 24, "call.service.latencyMs[2][0]", "must be in [0, 60]");
        assertError(bad("\"workers\": 10,", "\"workers\": \"ten\","), 23, "call.service.workers",
                "expected a number or an array of keyframes");
        assertError(bad("\"route\": \"dep\",", "\"route\": \"dep\", \"protected\": \"yes\","), 19, "call.protected",
                "expected true or false, got \"yes\"");
        assertError(bad("\"id\": \"tiny\"", "\"id\": \"Tiny Storm\""), 2, "id", "lower-case letters");
        assertError(bad("\"title\": \"Tiny\"", "\"title\": \"  \""), 3, "title", "must not be empty");
    }

    @Test
    void tiersAreChecked() {
        assertError(bad("\"voltage\": \"critical\"", "\"voltage\": \"hihg\""), 13, "traffic[0].tiers[0].voltage",
                "expected a number of volts or a tier name (critical, high, normal, low, bulk), got \"hihg\"");
        assertError(bad("\"share\": 0.75", "\"share\": 0.70"), 12, "traffic[0].tiers", "the shares sum to 0.95");
        assertError(bad("\"name\": \"tin\"", "\"name\": \"gold\""), 14, "traffic[0].tiers[1].name",
                "duplicate tier name \"gold\"");
        assertError(bad("\"voltage\": 20", "\"voltage\": -1"), 14, "traffic[0].tiers[1].voltage", "must be >= 0");
    }

    @Test
    void headlineKeysAreChecked() {
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"headline\": [\"goodput\", \"throughput\"],"), 7,
                "headline[1]", "unknown metric 'throughput'; one of goodput, success, critical, tier:NAME");
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"headline\": [\"tier:silver\"],"), 7, "headline[0]",
                "no tier 'silver' (tiers: gold, tin)");
    }

    /**
     * {@code instances} and {@code loadBalancer}: optional, a storm without them is one instance
     * (every file written before fleets means what it meant); the fleet's fields are checked.
     */
    @Test
    void aFleetIsInstancesBehindALoadBalancer() {
        assertEquals(Fleet.SINGLE, ScenarioFile.parse(MINIMAL, "storm.json").fleet());
        Scenario five = ScenarioFile.parse(MINIMAL.replace("\"healS\": 40,", "\"healS\": 40, \"instances\": 5,"), "f");
        assertEquals(Fleet.of(5, Fleet.Balancer.ROUND_ROBIN), five.fleet()); // round-robin, even weights by default
        Scenario weighted = ScenarioFile.parse(MINIMAL.replace("\"healS\": 40,", "\"healS\": 40, \"instances\": 3, "
                + "\"loadBalancer\": {\"algorithm\": \"random\", \"weights\": [2, 1, 0.5]},"), "f");
        assertEquals(new Fleet(3, Fleet.Balancer.RANDOM, java.util.List.of(2.0, 1.0, 0.5)), weighted.fleet());
        assertEquals(3, weighted.instances());
        // fleet metrics in a headline are fine on a fleet
        ScenarioFile.parse(MINIMAL.replace("\"healS\": 40,",
                "\"healS\": 40, \"instances\": 2, \"headline\": [\"fleetWasted\", \"lastInstanceShed\"],"), "f");
    }

    @Test
    void fleetFieldsAreChecked() {
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"instances\": 0,"), 7, "instances",
                "must be in [1, 100], got 0");
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"instances\": 2.5,"), 7, "instances",
                "must be a whole number");
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"loadBalancer\": {\"algorithm\": \"random\"},"), 7,
                "loadBalancer", "needs a fleet: set instances > 1");
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"instances\": 2, \"loadBalancer\": {\"algorithm\": "
                + "\"least-loaded\"},"), 7, "loadBalancer.algorithm", "unknown load balancer \"least-loaded\"");
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"instances\": 2, \"loadBalancer\": {\"weights\": [1]},"),
                7, "loadBalancer.weights", "one weight per instance: 2 expected, got 1");
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"instances\": 2, \"loadBalancer\": {\"weights\": [1, 0]},"),
                7, "loadBalancer.weights[1]", "must be in (0, 1000000000], got 0");
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"instances\": 2, \"loadBalancer\": {\"sticky\": true},"),
                7, "loadBalancer.sticky", "unknown field (the fields here are: algorithm, weights)");
        assertError(bad("\"healS\": 40,", "\"healS\": 40, \"headline\": [\"goodput\", \"fleetWasted\"],"), 7,
                "headline[1]", "\"fleetWasted\" applies to a fleet only (instances > 1)");
    }

    @Test
    void theBuiltInStormsAreFilesInTheSameFormat() {
        for (String id : Scenarios.FLEET_IDS) {
            assertEquals(Scenarios.byId(id), ScenarioFile.parse(Scenarios.resourceText(id), id + ".json"), id);
            assertTrue(Scenarios.byId(id).isFleet(), id);
        }
        for (String id : Scenarios.IDS) {
            Scenario parsed = ScenarioFile.parse(Scenarios.resourceText(id), id + ".json");
            assertEquals(Scenarios.byId(id), parsed, id);
            assertEquals(Scenarios.HEALTHY_ERRORS, parsed.healthyErrorRate(), id);
        }
    }

    /** The example of atrion-lab/docs/lab.md is the file in examples/lab, and it is a valid storm. */
    @Test
    void theDocumentedExampleIsValidAndIsTheFileInExamples() throws Exception {
        Path example = Paths.get("..", "examples", "lab", "partner-api.json");
        String text = Files.readString(example);
        String doc = Files.readString(Paths.get("docs", "lab.md"));
        assertTrue(doc.contains("```json\n" + text + "```"), "lab.md shows examples/lab/partner-api.json verbatim");
        Scenario s = ScenarioFile.read(example);
        assertEquals("partner-api", s.id());
        assertEquals(2, s.sources().size());
        assertEquals(java.util.List.of("pay", "refund"), s.endpoints());
        assertEquals(20, s.entry().target().workersAt(80_000)); // the pods restart: 40 workers, 20 from 70 s
        assertEquals(40, s.entry().target().workersAt(100_000));
        assertEquals(35.0, s.tiers().get(1).voltage());
        assertEquals(12.0, s.tiers().get(2).voltage()); // bulk = 1.2·R_base
        assertTrue(s.hasRetries());
    }
}
