package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parity page in headless Chromium: every replay trace of examples/replay runs through the
 * WebAssembly and the JavaScript build, one {@code admit()} per call and in batches
 * ({@code admitBatch}), and every decision must equal the JVM's output ({@code NAME.out.jsonl},
 * written by {@code ./atrion replay}) field for field, doubles bit for bit (batches: allow and
 * mode of every call, and every route's final state against the per-call run). The page's report
 * is saved to target/browser/parity.json.
 */
class ParityBrowserTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "replay");
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
    void everyTraceMatchesTheJvmCallForCallInBothBuilds() throws Exception {
        browser.open("parity.html");
        browser.await("the parity run to finish", Duration.ofSeconds(180),
                () -> List.of("pass", "fail", "error").contains(browser.js("return document.body.dataset.state")),
                () -> browser.js("return document.getElementById('summary').textContent"));
        Files.writeString(browser.reportDir.resolve("parity.json"),
                (String) browser.js("return JSON.stringify(window.atrionParity.report, null, 1)"), StandardCharsets.UTF_8);
        assertEquals(null, browser.js("return window.atrionParity.error"), "the parity page failed");
        Map<String, Object> report = Browser.map(browser.js("return window.atrionParity.report"));

        assertEquals(Map.of("wasm", "loaded", "js", "loaded"), report.get("backends"), "both builds load");

        // The page's list of traces is every trace of examples/replay.
        List<String> onDisk = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".in.jsonl"))
                    .forEach(n -> onDisk.add(n.substring(0, n.length() - ".in.jsonl".length())));
        }
        List<?> pageTraces = (List<?>) browser.js("return import('./parity.js').then(m => m.TRACES)");
        assertEquals(new TreeSet<>(onDisk), new TreeSet<Object>(pageTraces), "parity.js TRACES vs examples/replay");

        List<?> results = (List<?>) report.get("traces");
        assertEquals(4 * onDisk.size(), results.size(), "one result per trace, build and path (call, batch)");
        long total = 0;
        for (Object o : results) {
            Map<String, Object> r = Browser.map(o);
            String name = (String) r.get("trace");
            long expectedCalls;
            try (Stream<String> lines = Files.lines(EXAMPLES.resolve(name + ".out.jsonl"))) {
                expectedCalls = lines.filter(l -> !l.isBlank()).count();
            }
            String where = name + " on " + r.get("backend") + ", " + r.get("path");
            assertEquals(expectedCalls, ((Number) r.get("calls")).longValue(), where + ": calls");
            assertEquals(expectedCalls, ((Number) r.get("compared")).longValue(), where + ": compared");
            assertEquals(0L, ((Number) r.get("mismatches")).longValue(), where + ": the browser differs from "
                    + "examples/replay/" + name + ".out.jsonl (the JVM's ./atrion replay output; if the physics "
                    + "changed on purpose, regenerate it: ./atrion replay examples/replay/" + name
                    + ".in.jsonl > examples/replay/" + name + ".out.jsonl). First mismatches: " + r.get("first"));
            total += expectedCalls;
        }
        assertTrue(total > 4 * 7000, "calls compared: " + total);
        browser.screenshot("parity.png");
        assertEquals("pass", browser.js("return document.body.dataset.state"));
        System.out.println("parity: " + browser.js("return document.getElementById('summary').textContent")
                + " (Chromium " + browser.browserVersion() + ")");
        assertEquals(List.of(), browser.consoleProblems(), "browser console warnings or errors");
    }
}
