package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the HTML report in headless Chromium (Debian's {@code /usr/bin/chromium}, which
 * .ci/run installs), takes a screenshot and reads the browser's console log. Without Chromium
 * this fails, unless {@code -Datrion.lab.skipBrowser=true}.
 */
class BrowserRenderTest {

    static final Path CHROMIUM = Paths.get(System.getProperty("atrion.lab.chromium", "/usr/bin/chromium"));
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @BeforeAll
    static void needsChromium() {
        Assumptions.assumeFalse(Boolean.getBoolean("atrion.lab.skipBrowser"),
                "atrion.lab.skipBrowser=true: browser rendering not checked");
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " not found: install it (apt-get install -y chromium, as .ci/run does) or run with "
                    + "-Datrion.lab.skipBrowser=true to skip the browser check");
        }
    }

    /** What one headless Chromium run produced. */
    record Rendered(byte[] screenshot, List<String> consoleLines, String log) {
    }

    static Rendered render(Path page, Path work, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createDirectory(work.resolve("profile-" + System.nanoTime()));
        Path shot = work.resolve("shot-" + System.nanoTime() + ".png");
        Path log = work.resolve("chromium-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(Arrays.asList(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--enable-logging=stderr", "--v=0", "--screenshot=" + shot,
                "--window-size=" + width + "," + height, page.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 90 s; log:\n" + Files.readString(log));
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium exit code; log:\n" + text);
        List<String> console = new ArrayList<>();
        for (String line : text.split("\n")) {
            // Chromium writes page console messages (errors and uncaught exceptions included) as CONSOLE lines.
            if (line.contains(":CONSOLE") || line.contains("Uncaught")) {
                console.add(line);
            }
        }
        byte[] png = Files.exists(shot) ? Files.readAllBytes(shot) : new byte[0];
        return new Rendered(png, console, text);
    }

    @Test
    void reportRendersWithoutConsoleErrors(@TempDir Path dir) throws Exception {
        Path html = LabCommand.write(LabFixtures.standard(), dir.resolve("report"));
        Rendered r = render(html, dir, 1280, 2000);
        assertTrue(r.screenshot().length > 20_000, "screenshot of " + r.screenshot().length + " bytes; log:\n" + r.log());
        assertArrayEquals(PNG, Arrays.copyOf(r.screenshot(), 8), "a PNG");
        assertTrue(r.consoleLines().isEmpty(), "console messages: " + r.consoleLines());
        // Keep the screenshot next to the test reports for a person to look at.
        Path keep = Paths.get("target", "lab-report-screenshot.png");
        Files.createDirectories(keep.getParent());
        Files.write(keep, r.screenshot());
    }

    /** The console check can fail: a page with an uncaught exception is caught. */
    @Test
    void consoleErrorsAreDetected(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"><title>bad</title></head>"
                + "<body><p>bad</p><script>throw new Error('lab-boom');</script></body></html>");
        Rendered r = render(bad, dir, 400, 300);
        assertTrue(r.consoleLines().stream().anyMatch(l -> l.contains("lab-boom")),
                "the uncaught error shows in the console log:\n" + r.log());
    }
}
