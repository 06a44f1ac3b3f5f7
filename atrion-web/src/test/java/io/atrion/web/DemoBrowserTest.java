package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The demo page as a visitor uses it, in headless Chromium: the engine runs in a Web Worker over
 * 1,000 routes, the page renders from the state the worker shares with it (SharedArrayBuffer,
 * the server sending COOP/COEP), the sliders push the service into a storm, the route opens its
 * breaker and the low tiers are shed, the heal preset brings it back; both builds agree on every
 * decision; the page's copy of the state equals the engine's after a scripted storm, through the
 * shared buffer and through the postMessage fallback (a server without the isolation headers);
 * the tiers follow the SPEC §2.8 ladder of the configuration typed on the page;
 * and the frame times of the page are recorded (target/browser/frames.json; not asserted: speed
 * depends on the machine). Screenshots go to target/browser/.
 */
class DemoBrowserTest {

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

    private static String mode(Browser b) {
        return (String) b.js("return document.body.dataset.mode || null");
    }

    /** Admitted and shed totals of a tier of api/checkout, from the page's shared state. */
    private static long[] tier(Browser b, String name) {
        for (Object o : (List<?>) b.js("return window.atrionDemo.tiers()")) {
            Map<String, Object> t = Browser.map(o);
            if (name.equals(t.get("name"))) {
                return new long[] {((Number) t.get("admitted")).longValue(), ((Number) t.get("shed")).longValue()};
            }
        }
        throw new AssertionError("no tier " + name);
    }

    private static Object tiers(Browser b) {
        return b.js("return JSON.stringify(window.atrionDemo.tiers())");
    }

    private static void awaitReady(Browser b) {
        b.await("the engine to report ready", Duration.ofSeconds(30),
                () -> "true".equals(b.js("return document.body.dataset.ready")),
                () -> b.js("return document.getElementById('status').textContent + ' ' + JSON.stringify(window.atrionDemo.errors)"));
        b.await("the first state from the worker", Duration.ofSeconds(10),
                () -> mode(b) != null, () -> b.js("return window.atrionDemo.header('published')"));
    }

    @Test
    void stormOpensTheBreakerShedsLowTiersAndHealRecovers() throws Exception {
        browser.open("index.html");
        awaitReady(browser);
        String status = browser.driver.findElement(By.id("status")).getText();
        assertTrue(status.contains("WASM") && status.contains("JS"), "both builds load in Chromium: " + status);
        assertEquals("wasm", browser.js("return window.atrionDemo.sim.display"), "the demo starts on WebAssembly");
        assertEquals(Boolean.TRUE, browser.js("return self.crossOriginIsolated"), "the server's COOP/COEP headers");
        assertEquals("shared", browser.js("return document.body.dataset.transport"), "state through a SharedArrayBuffer");
        assertTrue(browser.driver.findElement(By.id("transport")).getText().startsWith("SharedArrayBuffer"));
        // The tiers follow the SPEC §2.8 ladder of the demo's configuration (R_base 10, γ 10):
        // critical γ·R_base = 100, high 5·10 = 50, normal 2·10 = 20, low 1.5·10 = 15, bulk 1.2·10 = 12.
        List<?> voltages = (List<?>) browser.js("return window.atrionDemo.tiers().map(t => t.voltage)");
        assertEquals(List.of(100L, 50L, 20L, 15L, 12L), voltages);

        // Four times simulated speed keeps the test short; the physics sees the same clock.
        browser.driver.findElement(By.cssSelector("#speed option[value='4']")).click();

        browser.await("the healthy route to admit every tier", Duration.ofSeconds(20),
                () -> "OPERATIONAL".equals(mode(browser)) && tier(browser, "bulk")[0] > 0 && tier(browser, "low")[0] > 0,
                () -> tiers(browser));
        // The charts are redrawn as time passes, and the page gets no message per update.
        String before = (String) browser.js("return document.getElementById('chart-r').toDataURL()");
        long messages = ((Number) browser.js("return window.atrionDemo.sim.messages")).longValue();
        double published = ((Number) browser.js("return window.atrionDemo.header('published')")).doubleValue();
        Thread.sleep(1000);
        assertNotEquals(before, browser.js("return document.getElementById('chart-r').toDataURL()"),
                "the resistance chart is redrawn");
        double publishedAfter = ((Number) browser.js("return window.atrionDemo.header('published')")).doubleValue();
        assertTrue(publishedAfter > published + 10, "the worker keeps publishing: " + published + " → " + publishedAfter);
        assertEquals(messages, ((Number) browser.js("return window.atrionDemo.sim.messages")).longValue(),
                "no message from the worker while " + (publishedAfter - published) + " updates were shared");
        long[] lowBefore = tier(browser, "low");
        long[] bulkBefore = tier(browser, "bulk");

        // A storm from the sliders: the End key takes each one to its maximum.
        for (String id : new String[] {"lat", "err", "sat"}) {
            WebElement slider = browser.driver.findElement(By.id(id));
            slider.sendKeys(Keys.END);
        }
        assertEquals("3000 ms", browser.driver.findElement(By.id("lat-v")).getText());
        browser.await("the route to open its breaker", Duration.ofSeconds(20),
                () -> "CIRCUIT_BREAKER".equals(mode(browser)),
                () -> mode(browser) + " " + browser.js("return JSON.stringify(window.atrionDemo.state())"));
        browser.await("the low tiers to be shed", Duration.ofSeconds(10),
                () -> tier(browser, "low")[1] > lowBefore[1] + 5 && tier(browser, "bulk")[1] > bulkBefore[1] + 5,
                () -> tiers(browser));
        long[] lowInStorm = tier(browser, "low");
        long[] bulkInStorm = tier(browser, "bulk");
        Thread.sleep(1000);
        assertEquals("CIRCUIT_BREAKER", mode(browser), "the breaker holds while the storm lasts");
        assertEquals(lowInStorm[0], tier(browser, "low")[0], "no low-tier request is admitted in the storm");
        assertEquals(bulkInStorm[0], tier(browser, "bulk")[0], "no bulk request is admitted in the storm");
        assertTrue(((Number) browser.js("return Number(document.body.dataset.breakers)")).intValue() > 100,
                "other routes feel the storm too: " + browser.js("return document.body.dataset.breakers"));
        browser.screenshot("demo-storm.png");

        browser.driver.findElement(By.id("preset-heal")).click();
        browser.await("the route to recover", Duration.ofSeconds(40),
                () -> "OPERATIONAL".equals(mode(browser)), () -> browser.js("return JSON.stringify(window.atrionDemo.state())"));
        browser.await("the low tiers to flow again", Duration.ofSeconds(40),
                () -> tier(browser, "low")[0] > lowInStorm[0] + 5 && tier(browser, "bulk")[0] > bulkInStorm[0] + 5,
                () -> tiers(browser));
        browser.screenshot("demo-healed.png");

        // The engine switch: the JavaScript build's state takes over the charts.
        browser.driver.findElement(By.id("engine-js")).click();
        // The click is handled by the page's event loop, which may run after the click returns.
        browser.await("the demo to display the JS build", Duration.ofSeconds(10),
                () -> "js".equals(browser.js("return window.atrionDemo.sim.display")),
                () -> browser.js("return window.atrionDemo.sim.display"));
        browser.await("the JS build to drive the readout", Duration.ofSeconds(10),
                () -> "js".equals(browser.js("return document.body.dataset.engine"))
                        && Double.valueOf(1).equals(((Number) browser.js("return window.atrionDemo.header('display')")).doubleValue()),
                () -> browser.js("return window.atrionDemo.header('display')"));

        // Every call went through both builds; their decisions and every route's state were identical.
        Map<String, Object> parity = Browser.map(browser.js("return window.atrionDemo.sim.parity"));
        assertTrue(((Number) parity.get("compared")).longValue() > 100_000, "live parity compared decisions: " + parity);
        assertEquals(0L, ((Number) parity.get("mismatches")).longValue(), "WASM and JS differ: " + parity);

        assertEquals(List.of(), browser.js("return window.atrionDemo.errors"), "errors reported by the page");
        assertEquals(List.of(), browser.consoleProblems(), "browser console warnings or errors");
    }

    @Test
    void pageStateEqualsTheEngineStateAfterAStormThroughSharedMemory() throws Exception {
        pageStateEqualsEngineState(browser, "index.html", "shared");
    }

    @Test
    void pageStateEqualsTheEngineStateThroughSnapshotsWithoutIsolation() throws Exception {
        try (Browser plain = Browser.start(false)) {
            Map<String, Object> r = pageStateEqualsEngineState(plain, "index.html", "messages");
            assertTrue(plain.driver.findElement(By.id("transport")).getText().contains("not cross-origin isolated"),
                    "the page says which transport is in use");
            assertEquals(Boolean.FALSE, plain.js("return self.crossOriginIsolated"), r.toString());
        }
    }

    /**
     * A scripted storm on every route (sliders at the storm preset, 4× speed), then pause; once the
     * page holds the worker's last update, the page's copy of every route's record must equal the
     * engine's own export, bit for bit, and route 0's readers must equal the page's view of it.
     */
    private static Map<String, Object> pageStateEqualsEngineState(Browser b, String page, String transport)
            throws Exception {
        b.open(page);
        awaitReady(b);
        assertEquals(transport, b.js("return document.body.dataset.transport"));
        b.driver.findElement(By.cssSelector("#speed option[value='4']")).click();
        b.driver.findElement(By.id("preset-storm")).click();
        b.await("breakers to open across the routes", Duration.ofSeconds(30),
                () -> ((Number) b.js("return Number(document.body.dataset.breakers || 0)")).intValue() > 100,
                () -> b.js("return document.body.dataset.breakers"));
        b.driver.findElement(By.id("pause")).click();
        b.await("the paused state to reach the page", Duration.ofSeconds(10),
                () -> Double.valueOf(1).equals(((Number) b.js("return window.atrionDemo.header('paused')")).doubleValue()),
                () -> b.js("return window.atrionDemo.header('paused')"));
        Map<String, Object> r = Browser.map(b.jsAsync("""
                const done = arguments[arguments.length - 1];
                window.atrionDemo.engineState().then((e) => {
                  const page = window.atrionDemo.pageRecords();
                  let differ = 0, first = null;
                  if (page.length !== e.records.length) { done({error: 'lengths ' + page.length + ' vs ' + e.records.length}); return; }
                  for (let i = 0; i < page.length; i++) {
                    if (!Object.is(page[i], e.records[i])) { differ++; if (first === null) first = {i, page: page[i], engine: e.records[i]}; }
                  }
                  const s = window.atrionDemo.state();
                  const r0 = e.route0;
                  const route0 = Object.is(s.resistance, r0.resistance) && Object.is(s.scar, r0.scar)
                    && Object.is(s.momentum, r0.momentum) && s.mode === r0.mode && s.tick === r0.tick;
                  const breakers = page.filter((x, i) => i % window.atrionDemo.sim.reader.stride === 0 && x === 2).length;
                  done({differ, first, numbers: page.length, route0, pagePublished: window.atrionDemo.header('published'),
                        enginePublished: e.published, breakers, s, r0});
                });
                """));
        assertEquals(r.get("enginePublished"), r.get("pagePublished"), "the page holds the worker's last update: " + r);
        assertEquals(1000L * 14, ((Number) r.get("numbers")).longValue(), "1,000 routes × 14 fields");
        assertEquals(0L, ((Number) r.get("differ")).longValue(), "page vs engine: " + r);
        assertEquals(Boolean.TRUE, r.get("route0"), "route 0's readers vs the page: " + r);
        assertTrue(((Number) r.get("breakers")).longValue() > 100, "a storm on the page: " + r);
        assertEquals(List.of(), b.js("return window.atrionDemo.errors"), "errors reported by the page");
        assertEquals(List.of(), b.consoleProblems(), "browser console warnings or errors");
        b.screenshot("demo-state-" + transport + ".png");
        return r;
    }

    /**
     * The tiers follow the configuration typed on the page: R_base 20, γ 4 gives bulk 1.2·20 = 24,
     * low 1.5·20 = 30, normal 2·20 = 40, high 5·20 = 100, critical γ·R_base = 80 (SPEC §2.8); an
     * invalid configuration is refused with the field's name and the engines keep the last one.
     */
    @Test
    void theTiersFollowTheConfigurationOnThePage() {
        browser.open("index.html");
        awaitReady(browser);
        WebElement config = browser.driver.findElement(By.id("config"));
        config.clear();
        config.sendKeys("{\"config\": {\"baseResistance\": 20, \"breakMultiplier\": 4}}");
        browser.driver.findElement(By.id("reset")).click();
        browser.await("the new tiers", Duration.ofSeconds(10),
                () -> List.of(80L, 100L, 40L, 30L, 24L).equals(
                        browser.js("return window.atrionDemo.tiers().map(t => t.voltage)")),
                () -> browser.js("return JSON.stringify(window.atrionDemo.tiers())"));
        assertEquals("24", browser.js("return document.querySelector('tr[data-tier=bulk]').cells[1].textContent"));
        config.clear();
        config.sendKeys("{\"config\": {\"baseResistance\": -1}}");
        browser.driver.findElement(By.id("reset")).click();
        browser.await("the refusal", Duration.ofSeconds(10),
                () -> ((String) browser.js("return document.getElementById('config-error').textContent"))
                        .contains("baseResistance"),
                () -> browser.js("return document.getElementById('config-error').textContent"));
        assertEquals(List.of(80L, 100L, 40L, 30L, 24L), browser.js("return window.atrionDemo.tiers().map(t => t.voltage)"));
        assertEquals(List.of(), browser.js("return window.atrionDemo.errors"), "errors reported by the page");
        assertEquals(List.of(), browser.consoleProblems(), "browser console warnings or errors");
    }

    @Test
    void fallsBackToJavaScriptWithoutWebAssembly() {
        browser.open("index.html?wasm=off");
        awaitReady(browser);
        assertEquals("engine ready: JS", browser.driver.findElement(By.id("status")).getText());
        assertEquals("js", browser.js("return window.atrionDemo.sim.display"));
        assertTrue(!browser.driver.findElement(By.id("engine-wasm")).isEnabled(), "the WASM switch is disabled");
        browser.await("the route to run on the JavaScript build", Duration.ofSeconds(20),
                () -> "OPERATIONAL".equals(mode(browser)), () -> mode(browser));
        assertEquals(List.of(), browser.js("return window.atrionDemo.errors"), "errors reported by the page");
        assertEquals(List.of(), browser.consoleProblems(), "browser console warnings or errors");
    }

    /**
     * Frame times of the page with 1,000 routes simulated in the worker (default traffic: 100
     * requests per route per second, both builds deciding every call), rendering from the shared
     * buffer: the intervals between animation frames and the page's own work per frame, over
     * {@code atrion.web.frameSeconds} (default 10) seconds after a 3 s warm-up. Recorded in
     * target/browser/frames.json; not asserted.
     */
    @Test
    void recordsFrameTimesWith1000Routes() throws Exception {
        browser.open("index.html");
        awaitReady(browser);
        Thread.sleep(3000);
        browser.js("window.atrionDemo.sim.frames.intervals.length = 0; window.atrionDemo.sim.frames.work.length = 0;");
        int seconds = Integer.getInteger("atrion.web.frameSeconds", 10);
        Thread.sleep(seconds * 1000L);
        Map<String, Object> stats = Browser.map(browser.js("return window.atrionDemo.frameStats()"));
        Object transport = browser.js("return document.body.dataset.transport");
        Object calls = browser.js("return window.atrionDemo.header('callsPerSecond')");
        String json = String.format("{\n \"date\": \"%s\",\n \"chromium\": \"%s\",\n \"transport\": \"%s\",\n"
                + " \"routes\": 1000,\n \"updatesPerSecond\": %s,\n \"seconds\": %d,\n \"frames\": %s\n}\n",
                Instant.now(), browser.browserVersion(), transport, calls, seconds,
                browser.js("return JSON.stringify(window.atrionDemo.frameStats())"));
        Files.writeString(browser.reportDir.resolve("frames.json"), json, StandardCharsets.UTF_8);
        System.out.println("frames: " + json);
        assertEquals("shared", transport);
        assertTrue(((Number) stats.get("frames")).intValue() > 0, "frames were drawn: " + stats);
        assertEquals(List.of(), browser.js("return window.atrionDemo.errors"), "errors reported by the page");
    }
}
