package io.atrion.demo;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium through the system chromedriver (as atrion-web's browser tests use
 * it). Missing browser: the test fails and says what to install, unless
 * {@code -Datrion.demo.skipBrowser=true} asks to skip it.
 */
final class HeadlessChromium implements AutoCloseable {

    static {
        Logger.getLogger("org.openqa.selenium.devtools").setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static HeadlessChromium start() throws IOException {
        if (Boolean.getBoolean("atrion.demo.skipBrowser")) {
            System.out.println("dashboard browser test skipped: -Datrion.demo.skipBrowser=true");
            Assumptions.abort("-Datrion.demo.skipBrowser=true");
        }
        String chromium = System.getProperty("atrion.demo.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("atrion.demo.chromedriver", "/usr/bin/chromedriver");
        for (String exe : List.of(chromium, chromedriver)) {
            if (!new File(exe).canExecute()) {
                fail(exe + " not found: the dashboard test needs Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver; .ci/run installs them), "
                        + "or -Datrion.demo.skipBrowser=true to skip it explicitly");
            }
        }
        Path profile = Files.createTempDirectory("atrion-demo-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // Root on a closed network: no sandbox, nothing that calls home.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(driver, profile);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Console messages at SEVERE (errors, uncaught exceptions, failed loads) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
