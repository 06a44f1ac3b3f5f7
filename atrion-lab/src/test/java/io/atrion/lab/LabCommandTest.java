package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.lab.json.Json;
import io.atrion.lab.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atrion lab} options: seeds, storms from files, and what a bad file or option says. */
class LabCommandTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LabCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void seedsAreARangeAListOrOne() {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), Seeds.parse("1..5"));
        assertEquals(List.of(7L), Seeds.parse("7"));
        assertEquals(List.of(3L, 1L, 9L), Seeds.parse("3, 1,9"));
        assertEquals("1..5", Seeds.format(List.of(1L, 2L, 3L, 4L, 5L)));
        assertEquals("3, 1, 9", Seeds.format(List.of(3L, 1L, 9L)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Seeds.parse("5..1")).getMessage()
                .contains("ends before it starts"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Seeds.parse("1,x")).getMessage()
                .contains("'x' is not a whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Seeds.parse("1,1")).getMessage()
                .contains("seed 1 twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Seeds.parse("1..1000000")).getMessage()
                .contains("at most"));
    }

    @Test
    void aStormFromAFileRunsOverTheSeedsAndWritesEverything(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r");
        Result r = run("--scenario", Paths.get("..", "examples", "lab", "partner-api.json").toString(),
                "--seeds", "3..4", "--policy", "atrion-limits", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 scenario x 1 policy x 2 seeds (3..4)"), r.out());
        assertTrue(r.out().contains("== partner-api: Payments behind a flaky partner API"), r.out());
        assertTrue(r.out().contains(" mean ") && r.out().contains(" worst "), r.out());
        JsonValue doc = Json.parse(Files.readString(out.resolve("results.json")));
        List<JsonValue> runs = doc.members().get("runs").elements();
        assertEquals(2, runs.size());
        assertEquals("partner-api", runs.get(0).members().get("scenario").text());
        assertEquals("atrion-limits", runs.get(0).members().get("policy").text());
        assertEquals(3.0, runs.get(0).members().get("seed").number());
        assertEquals(4.0, runs.get(1).members().get("seed").number());
        assertTrue(Files.size(out.resolve("index.html")) > 10_000);
        assertTrue(Files.readString(out.resolve("headline.md")).contains("| partner-api |"));
    }

    /**
     * {@code atrion lab fleet}: the fleet storm alone, with the fleet's five policies: its table with
     * the fleet metrics, the per-instance tables, and results.json with its 5 × 2 runs. The storm's
     * id does the same; with {@code --policy} one policy runs on every instance.
     */
    @Test
    void theFleetStormRunsAloneWithItsPolicies(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("f");
        Result r = run("fleet", "--seeds", "1..2", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 fleet scenario x 5 policies x 2 seeds (1..2)"), r.out());
        assertTrue(r.out().contains("== fleet-hard-down: Hard down behind a fleet of 5"), r.out());
        assertTrue(r.out().contains("fleet wasted") && r.out().contains("last inst. shed s"), r.out());
        assertTrue(r.out().contains("5 instances behind a round-robin load balancer"), r.out());
        assertTrue(r.out().contains("node-1  node-2  node-3  node-4  node-5"), r.out());
        JsonValue doc = Json.parse(Files.readString(out.resolve("results.json")));
        List<JsonValue> runs = doc.members().get("runs").elements();
        assertEquals(10, runs.size());
        for (JsonValue run : runs) {
            assertEquals("fleet-hard-down", run.members().get("scenario").text());
            assertEquals(5, run.members().get("metrics").members().get("instanceWastedCalls").elements().size());
        }
        assertEquals(List.of("atrion-alone", "atrion-shared", "r4j-default", "r4j-tuned", "none"),
                doc.members().get("policies").elements().stream().map(p -> p.members().get("id").text()).toList());
        assertTrue(Files.readString(out.resolve("headline.md")).contains("| fleet-hard-down | calls wasted across"));
        assertTrue(!Files.exists(out.resolve("targets.md")), "issue 9's targets are for the storms of one instance");

        Result one = run("fleet-hard-down", "--policy", "atrion-shared", "--seed", "1", "--out", out.toString());
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("1 fleet scenario x 1 policy x 1 seed (1)"), one.out());
        assertTrue(one.out().contains("breaker on node-5/dependency open: "), one.out());
    }

    @Test
    void aBadFileIsReportedWithItsLineAndField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("storm.json");
        Files.writeString(f, Files.readString(Paths.get("..", "examples", "lab", "partner-api.json"))
                .replace("\"share\": 0.3,", "\"share\": 0.4,"));
        Result r = run("--scenario", f.toString(), "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        // line 14 of the example holds the "tiers" array of traffic[0]; 0.7 + 0.4 = 1.1
        assertTrue(r.err().startsWith("atrion lab: " + f + ": line 14: traffic[0].tiers: the shares sum to 1.1, not 1"),
                r.err());
        Result missing = run("--scenario", dir.resolve("nope.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void badOptionsExitWith2AndSayWhy() {
        Result r = run("--seeds", "5..1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("ends before it starts"), r.err());
        assertEquals(2, run("--policy", "hystrix").code());
        assertEquals(2, run("no-such-storm").code());
        assertEquals(2, run("--seed", "x").code());
        assertEquals(2, run("--healthy-errors", "1.5").code());
        assertTrue(run("--help").out().contains("--scenario FILE"));
    }
}
