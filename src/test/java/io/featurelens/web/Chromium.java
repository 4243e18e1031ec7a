package io.featurelens.web;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's headless Chromium driven through its chromedriver, both at fixed paths so that nothing is ever
 * downloaded (Selenium Manager is only consulted when no driver path is given), and what the gallery's tests
 * do with it.
 */
final class Chromium {

    private static final String CHROMIUM = System.getProperty("gallery.test.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("gallery.test.chromedriver", "/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    static final String TILES = "#grid > li.tile";

    private Chromium() {
    }

    /** A fresh browser with its profile under {@code work}, saving downloads to {@code downloads}. */
    static ChromeDriver start(Path work, Path downloads) throws IOException {
        assertTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "the browser test needs Debian's chromium and chromium-driver at " + CHROMIUM + " and " + CHROMEDRIVER);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1100",
                "--user-data-dir=" + Files.createTempDirectory(work, "profile-"));
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        return new ChromeDriver(service, options);
    }

    static void upload(WebDriver browser, Path file) {
        browser.findElement(By.id("image")).sendKeys(file.toAbsolutePath().toString());
    }

    /** The tiles, once all {@code maps} of {@code layer} are drawn and decoded. */
    static List<WebElement> waitForLayer(ChromeDriver browser, String layer, int maps) {
        wait(browser, maps + " maps of " + layer, d -> browser.executeScript("const g = document.getElementById('grid');"
                + "return g.dataset.state === 'done' && g.dataset.layer === arguments[0]"
                + " && Array.from(g.querySelectorAll('img.map')).every(i => i.complete);", layer).equals(true));
        List<WebElement> tiles = browser.findElements(By.cssSelector(TILES));
        assertEquals(maps, tiles.size(), layer + " tiles");
        return tiles;
    }

    static long naturalWidth(JavascriptExecutor browser, String selector) {
        return ((Number) browser.executeScript("return document.querySelector(arguments[0]).naturalWidth;", selector))
                .longValue();
    }

    /** The whole page: the window grows until the document fits in it. */
    static Path screenshot(ChromeDriver browser, Path file) throws IOException {
        int width = browser.manage().window().getSize().getWidth();
        for (int i = 0; i < 3; i++) {
            long page = (Long) browser.executeScript("return document.documentElement.scrollHeight;");
            long view = (Long) browser.executeScript("return window.innerHeight;");
            if (view >= page) {
                break;
            }
            Dimension window = browser.manage().window().getSize();
            browser.manage().window().setSize(new Dimension(width, (int) (window.getHeight() + page - view)));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    }

    static void wait(WebDriver browser, String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, PATIENCE, Duration.ofMillis(100)).withMessage(what).until(condition);
    }
}
