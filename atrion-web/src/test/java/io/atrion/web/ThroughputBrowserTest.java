package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Updates per second of the WebAssembly and the JavaScript build, measured by the demo page's
 * own benchmark, bench.js (one route() call at a time from JavaScript, 16 routes, mixed
 * telemetry), with the demo paused. The figures, with the browser version and the machine, go to
 * target/browser/throughput.json and to the test output; docs/BENCHMARKS.md records a run.
 * Only a sanity floor is asserted: speed depends on the machine.
 */
class ThroughputBrowserTest {

    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void measuresUpdatesPerSecondOfBothBuilds() throws Exception {
        browser.open("index.html");
        browser.await("the engine to report ready", Duration.ofSeconds(30),
                () -> "true".equals(browser.js("return document.body.dataset.ready")),
                () -> browser.js("return document.getElementById('status').textContent"));
        browser.driver.findElement(By.id("pause")).click();
        int ms = Integer.getInteger("atrion.web.benchMs", 2000);
        StringBuilder json = new StringBuilder("{\n");
        json.append(" \"date\": \"").append(Instant.now()).append("\",\n");
        json.append(" \"chromium\": \"").append(browser.browserVersion()).append("\",\n");
        json.append(" \"cpu\": \"").append(cpu()).append("\",\n");
        json.append(" \"cores\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n");
        for (String kind : new String[] {"wasm", "js"}) {
            Map<String, Object> r = Browser.map(browser.js(
                    "return window.atrionDemo.benchmark(arguments[0], arguments[1])", kind, ms));
            double ups = ((Number) r.get("updatesPerSecond")).doubleValue();
            double inModule = ((Number) r.get("inModuleUpdatesPerSecond")).doubleValue();
            System.out.printf("throughput %s: %.0f updates/s called from JS, %.0f updates/s in a loop inside the module"
                    + " (Chromium %s)%n", kind, ups, inModule, browser.browserVersion());
            json.append(" \"").append(kind).append("\": {\"updatesPerSecond\": ").append(Math.round(ups))
                    .append(", \"inModuleUpdatesPerSecond\": ").append(Math.round(inModule))
                    .append(", \"calls\": ").append(r.get("calls")).append("},\n");
            assertTrue(ups > 10_000, kind + ": " + ups + " updates/s is implausibly slow: " + r);
        }
        json.append(" \"userAgent\": \"").append(browser.js("return navigator.userAgent")).append("\"\n}\n");
        Files.writeString(browser.reportDir.resolve("throughput.json"), json, StandardCharsets.UTF_8);
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
