package io.atrion.lab.longjobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Engine;
import io.atrion.lab.longjobs.LongJobsSimulation.Policy;
import io.atrion.lab.longjobs.LongJobsSimulation.Result;
import io.atrion.lab.LabCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long-jobs storm (issue 13): deterministic runs, and bounds on what each policy does with
 * hung jobs that follow from the storm's numbers (not from a run's output).
 */
class LongJobsTest {

    private static final LongJobsScenario STORM = LongJobsScenario.builtIn();

    @Test
    void theStormIsReadFromItsResource() {
        assertEquals("long-jobs", STORM.id());
        assertEquals(40, STORM.workers());
        assertEquals(5_000, STORM.heartbeatMs(), "HEAVY's interval");
        assertEquals(150_000, STORM.timeLimiterMs());
        assertTrue(STORM.timeLimiterMs() > STORM.jobMaxMs(), "the TimeLimiter must let the longest legitimate job finish");
    }

    @Test
    void aSeedGivesTheSameRunTwiceOnBothEngines() {
        for (Policy p : Policy.values()) {
            Result a = new LongJobsSimulation(STORM, p, 3, Engine.FAST).run();
            Result b = new LongJobsSimulation(STORM, p, 3, Engine.FAST).run();
            Result c = new LongJobsSimulation(STORM, p, 3, Engine.REFERENCE).run();
            assertEquals(a, b, p.id);
            assertEquals(a, c, p.id + ": the engines give the same doubles, so the same run");
        }
    }

    /**
     * Bounds per hung job, from the storm: a job hangs within its first 30 s.
     * <ul>
     *   <li>Leases: its last heartbeat is at most one 5 s interval before the hang; the lease times
     *       out 3 intervals after that heartbeat, seen at the next 1 s sweep: at most 16 s held after
     *       the hang (hung jobs still running at the end of the run held theirs for less).</li>
     *   <li>TimeLimiter: cancelled 150 s after its start, so held at least 150 − 30 = 120 s after
     *       the hang.</li>
     *   <li>None: never reclaimed.</li>
     * </ul>
     */
    @Test
    void hungJobsAreReclaimedAsEachPolicyAllows() {
        List<List<Result>> results = LongJobs.run(STORM, List.of(1L, 2L), Engine.FAST);
        System.out.print(LongJobs.render(STORM, results, List.of(1L, 2L)));
        for (List<Result> runs : results) {
            for (Result r : runs) {
                assertTrue(r.hungJobs() > 0, r.toString());
                switch (r.policy()) {
                    case ATRION_LEASES:
                        assertTrue(r.hungWorkerSeconds() <= 16.0 * r.hungJobs(), r.toString());
                        assertTrue(r.hungReclaimed() >= r.hungJobs() - 1, "all but one hung in the last 16 s: " + r);
                        assertEquals(0, r.jobsCut(), "a job that heartbeats is never cut: " + r);
                        break;
                    case R4J_TIMELIMITER:
                        assertTrue(r.hungWorkerSeconds() >= 120.0 * r.hungReclaimed(), r.toString());
                        assertEquals(0, r.jobsCut(), "no legitimate job runs 150 s: " + r);
                        break;
                    default:
                        assertEquals(0, r.hungReclaimed(), r.toString());
                        assertEquals(0, r.jobsShed(), r.toString());
                        break;
                }
            }
        }
        // Without protection the fault's hung jobs (about 0.2/s · 200 s · 0.8 = 32) take most of the
        // 40 workers, and the API (10 workers busy on average) loses seconds; with leases it does not.
        for (int seed = 0; seed < 2; seed++) {
            Result atrion = results.get(Policy.ATRION_LEASES.ordinal()).get(seed);
            Result none = results.get(Policy.NONE.ordinal()).get(seed);
            assertTrue(atrion.apiHealthySeconds() >= 0.99 * atrion.seconds(), atrion.toString());
            assertTrue(none.apiHealthySeconds() < atrion.apiHealthySeconds(), none.toString());
        }
    }

    @Test
    void atrionLabLongJobsPrintsTheTableAndWritesItsJson(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LabCommand.run(List.of("long-jobs", "--seed", "4", "--out", dir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("== long-jobs ==") && text.contains("Atrion leases") && text.contains("R4j TimeLimiter"),
                text);
        String json = Files.readString(dir.resolve("long-jobs.json"));
        for (Policy p : Policy.values()) {
            assertTrue(json.contains("\"policy\":\"" + p.id + "\",\"seed\":4"), json);
        }
    }
}
