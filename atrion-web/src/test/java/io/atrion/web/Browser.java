package io.atrion.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Debian Chromium driven by Selenium through the system chromedriver, against a
 * {@link WebServer} (what {@code ./atrion web} runs) on a free port.
 *
 * <p>The browser tests run in every {@code mvn verify}. When Chromium or chromedriver is
 * missing they <em>fail</em>, naming what to install; they are skipped only when asked with
 * {@code -Datrion.web.skipBrowser=true}. Paths come from {@code atrion.web.chromium} and
 * {@code atrion.web.chromedriver} (default {@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}).
 */
final class Browser implements AutoCloseable {

    /** Selenium warns at every start that it has no DevTools bindings for this Chromium; they are not used. */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    final WebServer server;
    final Path reportDir;
    private final Path profile;

    private Browser(ChromeDriver driver, WebServer server, Path reportDir, Path profile) {
        this.driver = driver;
        this.server = server;
        this.reportDir = reportDir;
        this.profile = profile;
    }

    /** Starts the site server and a fresh headless Chromium; fails (or skips, when asked) without one. */
    static Browser start() throws IOException {
        return start(true);
    }

    /**
     * As {@link #start()}; {@code crossOriginIsolated} false serves the site without the
     * COOP/COEP headers, as an ordinary server would.
     */
    static Browser start(boolean crossOriginIsolated) throws IOException {
        if (Boolean.getBoolean("atrion.web.skipBrowser")) {
            System.out.println("browser tests skipped: -Datrion.web.skipBrowser=true");
            Assumptions.abort("browser tests skipped: -Datrion.web.skipBrowser=true");
        }
        String chromium = System.getProperty("atrion.web.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("atrion.web.chromedriver", "/usr/bin/chromedriver");
        for (String exe : new String[] {chromium, chromedriver}) {
            if (!new File(exe).canExecute()) {
                fail(exe + " not found: the browser tests need Debian's Chromium and ChromeDriver "
                        + "(apt-get install -y chromium chromium-driver; .ci/run installs them). "
                        + "Set -Datrion.web.chromium / -Datrion.web.chromedriver for other paths, or "
                        + "-Datrion.web.skipBrowser=true to skip these tests explicitly.");
            }
        }
        Path reportDir = Path.of(System.getProperty("atrion.web.reportDir", "target/browser"));
        Files.createDirectories(reportDir);
        Path profile = Files.createTempDirectory("atrion-chromium-");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // As root on a closed network: no sandbox, and nothing that calls home (machine notes).
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1100");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        WebServer server = WebServer.start(0, crossOriginIsolated);
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            return new Browser(driver, server, reportDir, profile);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Opens a page of the site, e.g. {@code index.html}. */
    void open(String page) {
        driver.get(server.uri().resolve(page).toString());
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an async script: the last argument is the callback. */
    Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Polls until {@code condition} is true or fails with {@code what} and the latest detail. */
    void await(String what, Duration timeout, Supplier<Boolean> condition, Supplier<Object> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.get())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last seen: "
                        + detail.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** Browser console entries at level WARNING or above since the last call (errors first of all). */
    List<String> consoleProblems() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                out.add(e.getLevel() + " " + e.getMessage());
            }
        }
        return out;
    }

    /** Chromium's version, e.g. {@code 156.0.8078.108}. */
    String browserVersion() {
        Object v = driver.getCapabilities().getCapability("browserVersion");
        return v == null ? "?" : v.toString();
    }

    Path screenshot(String name) throws IOException {
        Path file = reportDir.resolve(name);
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            server.close();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
