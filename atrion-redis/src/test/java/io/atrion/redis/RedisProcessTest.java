package io.atrion.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.state.ConnectionState;
import io.atrion.state.StateStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Nodes in separate JVM processes share a route through a real {@code redis-server}; and the
 * propagation time between two instances is measured (a liveness bound is asserted, the figures
 * are printed and written to {@code target/propagation.txt}; speed is not asserted on this shared
 * machine).
 */
class RedisProcessTest {

    @Test
    void aNodeInAnotherJvmScarsOurRoute() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startNew();
             Atrion parent = Atrion.builder().physics(RedisSharingTest.N1)
                     .stateProvider(RedisStateProvider.builder().uri(redis.uri()).nodeId("parent").build()).build()) {
            Await.synced(parent);
            parent.route("db", RedisSharingTest.CALM);
            Path out = Files.createTempFile("atrion-child", ".out");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), FleetChildMain.class.getName(),
                    redis.uri(), "child", "20")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                // Keep updating (healthy) while the child runs, so the child hears from us too.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (child.isAlive() && System.nanoTime() < deadline) {
                    parent.route("db", RedisSharingTest.CALM);
                    Thread.sleep(50);
                }
                assertTrue(child.waitFor(10, TimeUnit.SECONDS), "child did not finish");
                String text = Files.readString(out, StandardCharsets.UTF_8);
                assertEquals(0, child.exitValue(), text);
                Matcher m = Pattern.compile("scar=(\\S+) published=(\\d+) merged=(\\d+) state=(\\S+)").matcher(text);
                assertTrue(m.find(), text);
                assertTrue(Integer.parseInt(m.group(2)) >= 1, "child published: " + text);
                assertTrue(Integer.parseInt(m.group(3)) >= 1, "child merged the parent's vectors: " + text);
                assertTrue(stats(parent).merged() >= 1, "parent merged the child's vectors: " + stats(parent));
                assertTrue(parent.state("db").orElseThrow().scar() > 0.0, "the child's pain reached the parent");
            } finally {
                child.destroyForcibly();
                Files.deleteIfExists(out);
            }
        }
    }

    @Test
    void propagationTimeBetweenTwoInstances() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startNew();
             Atrion a = node(redis, "a");
             Atrion b = node(redis, "b")) {
            Await.synced(a, b);
            b.route("db", RedisSharingTest.CALM);
            a.route("db", RedisSharingTest.CALM);
            Await.until("warm", () -> stats(b).merged() >= 1);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Thread.sleep(120); // past a's 100 ms publication slot (10 Hz), so nothing waits for pacing
                long merged = stats(b).merged();
                long start = System.nanoTime();
                a.route("db", RedisSharingTest.STRESSED);
                Await.until("b merged", () -> stats(b).merged() > merged, () -> stats(b).toString());
                micros.add((System.nanoTime() - start) / 1_000);
            }
            Collections.sort(micros);
            String line = String.format("propagation a.route() -> merged at b, %d samples: p50 %.1f ms, p90 %.1f ms, "
                    + "max %.1f ms (publisher idle park <= 10 ms + pipelined EVALSHA/PUBLISH + pub/sub + merge)",
                    micros.size(), micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() * 9 / 10) / 1000.0,
                    micros.get(micros.size() - 1) / 1000.0);
            System.out.println(line);
            Files.writeString(Path.of("target", "propagation.txt"), line + "\n");
        }
    }

    private static Atrion node(RedisServerProcess redis, String id) throws IOException {
        return Atrion.builder().physics(RedisSharingTest.N1)
                .stateProvider(RedisStateProvider.builder().uri(redis.uri()).nodeId(id).build()).build();
    }

    private static StateStats stats(Atrion a) {
        return a.stateStats().orElseThrow();
    }
}
