package io.atrion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.redis.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code atrion fleet} against a real {@code redis-server} started for the test: two instances in
 * separate JVMs; only node-1's dependency fails, and node-2 — whose own telemetry stays healthy —
 * starts shedding because node-1's scar reaches it through Redis.
 */
class FleetCommandTest {

    @Test
    void theHealthyInstanceLearnsFromTheBrokenOne() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startNew()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"fleet", "--redis", redis.uri(), "--nodes", "2", "--seconds", "8",
                    "--break-at", "1", "--heal-at", "8"}, System.in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
            for (int s = 1; s <= 8; s++) {
                assertTrue(Pattern.compile("(?m)^\\s+" + s + " \\|").matcher(text).find(), "row of second " + s + ":\n" + text);
            }
            Matcher node2 = Pattern.compile("node-2: ([0-9.]+) s").matcher(text);
            assertTrue(node2.find(), "node-2 never shed although only node-1's dependency failed:\n" + text);
            assertTrue(Double.parseDouble(node2.group(1)) >= 1.0, "node-2 shed before the failure:\n" + text);
            assertTrue(text.contains("node-1: "), text);
        }
    }

    @Test
    void unreachableRedisIsAClearError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int port = RedisServerProcess.freePort();
        int code = FleetCommand.run(List.of("--redis", "redis://127.0.0.1:" + port), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot reach Redis"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, FleetCommand.run(List.of("--nodes", "2"), System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
    }
}
