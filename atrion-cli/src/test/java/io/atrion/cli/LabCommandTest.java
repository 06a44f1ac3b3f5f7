package io.atrion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atrion lab}: one scenario with one policy, and bad arguments. */
class LabCommandTest {

    @Test
    void oneScenarioOnePolicyPrintsDetailedChartsAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r");
        ReplayTest.Run r = ReplayTest.run(new String[] {"lab", "error-spike", "--policy", "atrion", "--out",
                out.toString()}, "");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("== error-spike"), r.stdout());
        assertTrue(r.stdout().contains("R(t) of Atrion (defaults)"), r.stdout());
        assertTrue(r.stdout().contains("requests per second by arrival"), r.stdout());
        assertTrue(r.stdout().contains("HTML report: " + out.resolve("index.html").toAbsolutePath()), r.stdout());
        assertTrue(Files.readString(out.resolve("index.html")).contains("<svg"));
    }

    @Test
    void helpListsLab() {
        ReplayTest.Run r = ReplayTest.run(new String[] {"help"}, "");
        assertTrue(r.stdout().contains("lab [SCENARIO]"), r.stdout());
    }

    @Test
    void badArgumentsExitWith2() {
        assertEquals(2, ReplayTest.run(new String[] {"lab", "no-such-storm"}, "").exitCode());
        assertEquals(2, ReplayTest.run(new String[] {"lab", "--policy", "hystrix"}, "").exitCode());
        assertEquals(2, ReplayTest.run(new String[] {"lab", "--seed", "x"}, "").exitCode());
        assertEquals(2, ReplayTest.run(new String[] {"lab", "--out"}, "").exitCode());
        ReplayTest.Run r = ReplayTest.run(new String[] {"lab", "--bogus"}, "");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("unknown option --bogus"), r.stderr());
    }
}
