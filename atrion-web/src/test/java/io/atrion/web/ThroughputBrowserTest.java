package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bench page (bench.html, bench.js) in headless Chromium: the browser workload (1,000
 * routes round-robin, healthy telemetry, Δt = 1 ms per route, every route OPERATIONAL) per call,
 * in batches and as empty crossings, for the WebAssembly and the JavaScript build, each in a fresh
 * worker. The figures, with the browser version and the machine, go to
 * target/browser/throughput.json and to the test output; docs/BENCHMARKS.md records a run beside
 * the JVM's figure of the same workload (atrion-bench's BrowserWorkloadBenchmark). Speed depends
 * on the machine, so only the workload's own promise is asserted: every route OPERATIONAL after
 * the warm-up and at the end.
 *
 * <p>{@code -Datrion.web.benchRuns} (default 5), {@code -Datrion.web.benchMs} (default 1000 here;
 * the published figures use 2000) and {@code -Datrion.web.benchWarmupMs} (default 500) set the
 * runs.
 */
class ThroughputBrowserTest {

    @Test
    void measuresEveryBuildAndWay() throws Exception {
        int runs = Integer.getInteger("atrion.web.benchRuns", 5);
        int ms = Integer.getInteger("atrion.web.benchMs", 1000);
        int warmupMs = Integer.getInteger("atrion.web.benchWarmupMs", 500);
        try (Browser browser = Browser.start()) {
            browser.open("bench.html?auto=1&runs=" + runs + "&ms=" + ms + "&warmup=" + warmupMs);
            long expected = 6L * (warmupMs + (long) runs * ms);
            browser.await("the benchmarks to finish", Duration.ofMillis(60_000 + 3 * expected),
                    () -> List.of("done", "failed").contains(browser.js("return document.body.dataset.state")),
                    () -> browser.js("return document.getElementById('summary').textContent"));
            String report = (String) browser.js("return JSON.stringify(window.atrionBench.report, null, 1)");
            String json = "{\n \"chromium\": \"" + browser.browserVersion() + "\",\n \"cpu\": \"" + cpu()
                    + "\",\n \"cores\": " + Runtime.getRuntime().availableProcessors() + ",\n \"report\": " + report + "\n}\n";
            Files.writeString(browser.reportDir.resolve("throughput.json"), json, StandardCharsets.UTF_8);
            assertEquals("done", browser.js("return document.body.dataset.state"), report);
            List<?> results = (List<?>) Browser.map(browser.js("return window.atrionBench.report")).get("results");
            assertEquals(6, results.size(), "wasm and js × call, batch, crossing");
            for (Object o : results) {
                Map<String, Object> r = Browser.map(o);
                System.out.printf("throughput %s %s: %.0f /s (median of %s), %.1f ns each (Chromium %s)%n",
                        r.get("kind"), r.get("mode"), ((Number) r.get("median")).doubleValue(), r.get("runs"),
                        ((Number) r.get("nsPerCall")).doubleValue(), browser.browserVersion());
                for (String when : new String[] {"afterWarmup", "atEnd"}) {
                    Map<String, Object> modes = Browser.map(r.get(when));
                    assertEquals(1000L, ((Number) modes.get("OPERATIONAL")).longValue(),
                            r.get("kind") + " " + r.get("mode") + " " + when + ": " + modes);
                }
                assertTrue(((Number) r.get("median")).doubleValue() > 0, r.toString());
            }
            assertEquals(List.of(), browser.consoleProblems(), "browser console warnings or errors");
        }
    }

    private static String cpu() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
