package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The demo page as a visitor uses it, in headless Chromium: the engine loads (WebAssembly),
 * the sliders push the service into a storm, the route opens its breaker and the low tiers are
 * shed, the heal preset brings it back and they flow again; both builds agree on every decision
 * and the console stays clean. Screenshots go to target/browser/.
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

    private static String mode() {
        return (String) browser.js("return document.body.dataset.mode || null");
    }

    /** Admitted and shed totals of a tier, from the page's counters. */
    private static long[] tier(String name) {
        for (Object o : (List<?>) browser.js("return window.atrionDemo.tiers()")) {
            Map<String, Object> t = Browser.map(o);
            if (name.equals(t.get("name"))) {
                return new long[] {((Number) t.get("admitted")).longValue(), ((Number) t.get("shed")).longValue()};
            }
        }
        throw new AssertionError("no tier " + name);
    }

    private static Object tiers() {
        return browser.js("return JSON.stringify(window.atrionDemo.tiers())");
    }

    @Test
    void stormOpensTheBreakerShedsLowTiersAndHealRecovers() throws Exception {
        browser.open("index.html");
        browser.await("the engine to report ready", Duration.ofSeconds(30),
                () -> "true".equals(browser.js("return document.body.dataset.ready")),
                () -> browser.js("return document.getElementById('status').textContent"));
        String status = browser.driver.findElement(By.id("status")).getText();
        assertTrue(status.contains("WASM") && status.contains("JS"), "both builds load in Chromium: " + status);
        assertEquals("wasm", browser.js("return window.atrionDemo.sim.display"), "the demo starts on WebAssembly");

        // Four times simulated speed keeps the test short; the physics sees the same clock.
        browser.driver.findElement(By.cssSelector("#speed option[value='4']")).click();

        browser.await("the healthy route to admit every tier", Duration.ofSeconds(20),
                () -> "OPERATIONAL".equals(mode()) && tier("bulk")[0] > 0 && tier("low")[0] > 0, DemoBrowserTest::tiers);
        // The charts are redrawn as time passes (every animation frame).
        String before = (String) browser.js("return document.getElementById('chart-r').toDataURL()");
        Thread.sleep(300);
        assertNotEquals(before, browser.js("return document.getElementById('chart-r').toDataURL()"),
                "the resistance chart is redrawn");
        long[] lowBefore = tier("low");
        long[] bulkBefore = tier("bulk");

        // A storm from the sliders: the End key takes each one to its maximum.
        for (String id : new String[] {"lat", "err", "sat"}) {
            WebElement slider = browser.driver.findElement(By.id(id));
            slider.sendKeys(Keys.END);
        }
        assertEquals("3000 ms", browser.driver.findElement(By.id("lat-v")).getText());
        browser.await("the route to open its breaker", Duration.ofSeconds(20),
                () -> "CIRCUIT_BREAKER".equals(mode()), () -> mode() + " " + browser.js("return JSON.stringify(window.atrionDemo.state())"));
        browser.await("the low tiers to be shed", Duration.ofSeconds(10),
                () -> tier("low")[1] > lowBefore[1] + 5 && tier("bulk")[1] > bulkBefore[1] + 5, DemoBrowserTest::tiers);
        long[] lowInStorm = tier("low");
        long[] bulkInStorm = tier("bulk");
        Thread.sleep(1000);
        assertEquals("CIRCUIT_BREAKER", mode(), "the breaker holds while the storm lasts");
        assertEquals(lowInStorm[0], tier("low")[0], "no low-tier request is admitted in the storm");
        assertEquals(bulkInStorm[0], tier("bulk")[0], "no bulk request is admitted in the storm");
        browser.screenshot("demo-storm.png");

        browser.driver.findElement(By.id("preset-heal")).click();
        browser.await("the route to recover", Duration.ofSeconds(40),
                () -> "OPERATIONAL".equals(mode()), () -> browser.js("return JSON.stringify(window.atrionDemo.state())"));
        browser.await("the low tiers to flow again", Duration.ofSeconds(40),
                () -> tier("low")[0] > lowInStorm[0] + 5 && tier("bulk")[0] > bulkInStorm[0] + 5, DemoBrowserTest::tiers);
        browser.screenshot("demo-healed.png");

        // The engine switch: the JavaScript build takes over the charts.
        browser.driver.findElement(By.id("engine-js")).click();
        assertEquals("js", browser.js("return window.atrionDemo.sim.display"));
        browser.await("the JS build to drive the readout", Duration.ofSeconds(10),
                () -> "js".equals(browser.js("return document.body.dataset.engine")) && mode() != null, () -> mode());

        // Every request went through both builds; their decisions and R were identical.
        Map<String, Object> parity = Browser.map(browser.js("return window.atrionDemo.sim.parity"));
        assertTrue(((Number) parity.get("compared")).longValue() > 100, "live parity compared decisions: " + parity);
        assertEquals(0L, ((Number) parity.get("mismatches")).longValue(), "WASM and JS decisions differ: " + parity);

        assertEquals(List.of(), browser.js("return window.atrionDemo.errors"), "errors reported by the page");
        assertEquals(List.of(), browser.consoleProblems(), "browser console warnings or errors");
    }

    @Test
    void fallsBackToJavaScriptWithoutWebAssembly() {
        browser.open("index.html?wasm=off");
        browser.await("the engine to report ready", Duration.ofSeconds(30),
                () -> "true".equals(browser.js("return document.body.dataset.ready")),
                () -> browser.js("return document.getElementById('status').textContent"));
        assertEquals("engine ready: JS", browser.driver.findElement(By.id("status")).getText());
        assertEquals("js", browser.js("return window.atrionDemo.sim.display"));
        assertTrue(!browser.driver.findElement(By.id("engine-wasm")).isEnabled(), "the WASM switch is disabled");
        browser.await("the route to run on the JavaScript build", Duration.ofSeconds(20),
                () -> "OPERATIONAL".equals(mode()), DemoBrowserTest::mode);
        assertEquals(List.of(), browser.js("return window.atrionDemo.errors"), "errors reported by the page");
        assertEquals(List.of(), browser.consoleProblems(), "browser console warnings or errors");
    }
}
