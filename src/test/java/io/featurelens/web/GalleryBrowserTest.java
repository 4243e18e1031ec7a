package io.featurelens.web;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gallery in a real browser: Debian's headless Chromium (see {@link Chromium}). */
@QuarkusTest
class GalleryBrowserTest {

    private static final Path TARGET = Path.of("target");
    private static final String TILES = Chromium.TILES;

    /**
     * Where to refresh the README's screenshot, when asked: -Dgallery.test.readme-screenshot=docs/gallery.png
     * (the committed one then went through pngquant to stay small). A plain run leaves the source tree alone.
     */
    private static final String README_SCREENSHOT = System.getProperty("gallery.test.readme-screenshot");

    private static ChromeDriver browser;
    private static Path downloads;
    private static Path sceneFile;
    private static Path textFile;

    @TestHTTPResource("/")
    URL gallery;

    @BeforeAll
    static void startBrowser() throws IOException {
        Path work = Files.createDirectories(TARGET.resolve("gallery-browser")).toAbsolutePath();
        downloads = Files.createTempDirectory(work, "downloads-");
        sceneFile = Files.write(work.resolve("scene.png"), Goldens.sceneImage());
        textFile = Files.writeString(work.resolve("not-an-image.png"), "Just some words, not pixels.\n",
                StandardCharsets.UTF_8);

        browser = Chromium.start(work, downloads);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void openGallery() {
        ModelReady.await();
        browser.manage().window().setSize(new Dimension(1440, 1100));
        browser.get(gallery.toString());
    }

    @Test
    void showsAll64FirstBlockFiltersWithTheirKernelsAndStatistics() {
        WebElement banner = browser.findElement(By.id("model-banner"));
        assertTrue(banner.getText().contains("Untrained demo weights"), banner.getText());
        List<String> layers = new Select(browser.findElement(By.id("layer"))).getOptions().stream()
                .map(o -> o.getDomAttribute("value")).toList();
        assertEquals(31, layers.size());
        assertEquals("conv1_1", layers.get(0));
        assertEquals("pool5", layers.get(30));

        js().executeScript("window.progressSeen = false; new MutationObserver(() => { window.progressSeen ||= "
                + "!document.getElementById('progress').hidden; }).observe(document.getElementById('progress'), "
                + "{ attributes: true, childList: true, subtree: true });");
        upload(sceneFile);
        List<WebElement> tiles = waitForLayer("conv1_1", 64);
        assertEquals(true, js().executeScript("return window.progressSeen;"), "a progress indicator showed");
        assertTrue(browser.findElement(By.id("preview")).isDisplayed(), "the input is previewed");
        assertTrue(naturalWidth("#preview") > 0);

        assertEquals(List.of(224L), naturalWidths("#grid img.map").stream().distinct().toList(),
                "every map is a decoded 224x224 image");
        assertEquals(List.of(3L), naturalWidths("#grid img.kernel").stream().distinct().toList());
        assertEquals(64, browser.findElements(By.cssSelector("#grid img.kernel")).size(),
                "each conv1_1 map has its kernel next to it");

        List<Map<String, Object>> expected = apiMaps("conv1_1");
        for (int i = 0; i < 64; i++) {
            WebElement tile = tiles.get(i);
            assertEquals("#" + i, tile.findElement(By.className("tile-index")).getText());
            assertEquals("data:image/png;base64," + expected.get(i).get("png"),
                    tile.findElement(By.cssSelector("img.map")).getDomAttribute("src"), "tile " + i + " is the JSON API's map");
            List<WebElement> values = tile.findElements(By.cssSelector(".stats dd"));
            assertEquals(3, values.size());
            assertStat(expected.get(i).get("min"), values.get(0), "min of filter " + i);
            assertStat(expected.get(i).get("max"), values.get(1), "max of filter " + i);
            assertStat(expected.get(i).get("mean"), values.get(2), "mean of filter " + i);
            assertFalse(tile.findElement(By.cssSelector("img.map")).getDomAttribute("alt").isBlank());
        }

        @SuppressWarnings("unchecked")
        List<String> foreign = (List<String>) js().executeScript("return performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(n => !n.startsWith(location.origin) && !n.startsWith('data:'))");
        assertEquals(List.of(), foreign, "everything the page loads comes from the application");
    }

    @Test
    void withoutAClassifierTheExplainViewSaysHowToTurnItOn() {
        upload(sceneFile);
        WebElement error = browser.findElement(By.id("explain-error"));
        wait("the explain view's message", d -> error.isDisplayed());
        assertTrue(error.getText().contains("set it to true, or FEATURELENS_MODEL_CLASSIFIER=true"), error.getText());
        assertFalse(browser.findElement(By.id("explain-classes")).isDisplayed());
        assertFalse(browser.findElement(By.id("explain-progress")).isDisplayed());

        List<WebElement> tiles = waitForLayer("conv1_1", 64);
        tiles.get(2).findElement(By.className("tile-why")).click();
        WebElement why = browser.findElement(By.id("viewer-why-figure"));
        wait("why here? says why it cannot answer", d -> "failed".equals(why.getDomAttribute("data-state")));
        assertTrue(browser.findElement(By.id("viewer-why-caption")).getText().contains("FEATURELENS_MODEL_CLASSIFIER=true"),
                browser.findElement(By.id("viewer-why-caption")).getText());
    }

    @Test
    void deeperLayersShowEveryChannel() {
        upload(sceneFile);
        waitForLayer("conv1_1", 64);

        new Select(browser.findElement(By.id("layer"))).selectByValue("conv2_1");
        waitForLayer("conv2_1", 128);
        assertEquals(List.of(112L), naturalWidths("#grid img.map").stream().distinct().toList());
        assertEquals(0, browser.findElements(By.cssSelector("#grid img.kernel")).size(),
                "conv1_1's kernels belong to conv1_1's maps only");

        new Select(browser.findElement(By.id("layer"))).selectByValue("conv5_3");
        waitForLayer("conv5_3", 512);
        assertEquals(List.of(14L), naturalWidths("#grid img.map").stream().distinct().toList());
    }

    @Test
    void normalisationAndColourMapChangeTheTiles() throws IOException {
        upload(sceneFile);
        waitForLayer("conv1_1", 64);
        String sigmoidGrey = firstMapSource();
        assertEquals(0, pixels().coloured(), "grey maps are grey");

        browser.findElement(By.cssSelector("label[for='normalize-minmax']")).click();
        waitForFirstMapOtherThan(sigmoidGrey);
        String minmaxGrey = firstMapSource();
        Pixels stretched = pixels();
        assertEquals(0, stretched.coloured());
        assertEquals(0, stretched.darkest(), "minmax stretches each map down to black");
        assertEquals(255, stretched.brightest(), "minmax stretches each map up to white");

        browser.findElement(By.cssSelector("label[for='colormap-viridis']")).click();
        waitForFirstMapOtherThan(minmaxGrey);
        assertTrue(pixels().coloured() > 0, "viridis maps are in colour");
        assertEquals(64, browser.findElements(By.cssSelector(TILES)).size());

        Path screenshot = screenshot(TARGET.resolve("gallery-screenshot.png"));
        if (README_SCREENSHOT != null) {
            Files.createDirectories(Path.of(README_SCREENSHOT).toAbsolutePath().getParent());
            Files.copy(screenshot, Path.of(README_SCREENSHOT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot(TARGET.resolve("gallery-phone.png"));
    }

    @Test
    void aTileOpensLargeNextToTheInputAndTheKeyboardMovesOn() {
        upload(sceneFile);
        List<WebElement> tiles = waitForLayer("conv1_1", 64);

        tiles.get(3).findElement(By.className("tile-open")).click();
        WebElement viewer = browser.findElement(By.id("viewer"));
        wait("the large view opens", d -> viewer.isDisplayed());
        assertTrue(browser.findElement(By.id("viewer-title")).getText().startsWith("Filter 3 of conv1_1"));
        wait("the large view shows map, input and kernel", d -> naturalWidth("#viewer-map") == 224 && naturalWidth("#viewer-input") > 0
                && naturalWidth("#viewer-kernel") == 3);

        viewer.sendKeys(Keys.ARROW_RIGHT);
        assertTrue(browser.findElement(By.id("viewer-title")).getText().startsWith("Filter 4 of conv1_1"));
        viewer.sendKeys(Keys.ESCAPE);
        wait("the large view closes", d -> !viewer.isDisplayed());
        // the dialog's close event, which moves the focus, comes in a task of its own after the dialog is hidden
        wait("closing the view returns to the tile it showed",
                d -> "4".equals(browser.switchTo().activeElement().getDomAttribute("data-position")));

        browser.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        assertEquals("12", browser.switchTo().activeElement().getDomAttribute("data-position"),
                "arrow down moves one row of eight");
    }

    @Test
    void downloadsTheMontageAndEveryMap() throws IOException {
        upload(sceneFile);
        waitForLayer("conv1_1", 64);

        browser.findElement(By.id("download-zip")).click();
        Path zip = waitForDownload("featurelens-conv1_1-sigmoid-grey.zip");
        List<Map<String, Object>> expected = apiMaps("conv1_1");
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            List<String> names = archive.stream().map(ZipEntry::getName).toList();
            List<String> expectedNames = new java.util.ArrayList<>();
            for (int filter = 0; filter < 64; filter++) {
                expectedNames.add(String.format("filter-%02d.png", filter));
            }
            expectedNames.add("stats.csv");
            assertEquals(expectedNames, names, "64 maps in filter order and stats.csv, nothing else");
            for (int filter = 0; filter < 64; filter++) {
                ZipEntry entry = archive.getEntry(expectedNames.get(filter));
                assertArrayEquals(Base64.getDecoder().decode((String) expected.get(filter).get("png")),
                        archive.getInputStream(entry).readAllBytes(), entry.getName() + " is the JSON API's map");
            }
            List<String> rows = new String(archive.getInputStream(archive.getEntry("stats.csv")).readAllBytes(),
                    StandardCharsets.UTF_8).lines().toList();
            assertEquals("filter,min,max,mean", rows.get(0));
            assertEquals(65, rows.size(), "a header and one row per map");
            for (int filter = 0; filter < 64; filter++) {
                String[] cells = rows.get(filter + 1).split(",");
                assertEquals(4, cells.length, rows.get(filter + 1));
                assertEquals(filter, Integer.parseInt(cells[0]));
                int column = 1;
                for (String stat : new String[] {"min", "max", "mean"}) {
                    double api = ((Number) expected.get(filter).get(stat)).doubleValue();
                    assertEquals(api, Double.parseDouble(cells[column++]), 1e-6 * Math.max(1, Math.abs(api)),
                            "stats.csv: " + stat + " of filter " + filter);
                }
            }
        }

        wait("the downloads are ready again", d -> browser.findElement(By.id("download-montage")).isEnabled());
        browser.findElement(By.id("download-montage")).click();
        Path montage = waitForDownload("featurelens-conv1_1-sigmoid-grey-montage.png");
        byte[] api = given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png")
                .multiPart("layer", "conv1_1").multiPart("normalize", "sigmoid").multiPart("colormap", "grey")
                .when().post("/api/montage").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(api, Files.readAllBytes(montage), "the page downloads the montage of the maps on show");
    }

    @Test
    void droppingAnImageWorksLikeChoosingIt() {
        js().executeScript("""
                const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
                const files = new DataTransfer();
                files.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
                const zone = document.getElementById('dropzone');
                zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: files, bubbles: true, cancelable: true }));
                window.highlighted = zone.classList.contains('dragging');
                zone.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
                """, java.util.Base64.getEncoder().encodeToString(Goldens.sceneImage()));
        assertEquals(true, js().executeScript("return window.highlighted;"), "the drop zone lights up under a file");
        waitForLayer("conv1_1", 64);
        assertTrue(browser.findElement(By.id("dropzone")).getText().contains("dropped.png"));
    }

    @Test
    void aFileThatIsNotAnImageIsRefusedOnThePage() throws IOException {
        upload(textFile);
        WebElement error = browser.findElement(By.id("error"));
        wait("an error on the page", d -> error.isDisplayed());
        assertTrue(error.getText().toLowerCase(java.util.Locale.ROOT).contains("not an image"), error.getText());
        assertEquals(0, browser.findElements(By.cssSelector(TILES)).size());
        assertFalse(browser.findElement(By.id("progress")).isDisplayed());

        upload(sceneFile);
        waitForLayer("conv1_1", 64);
        assertFalse(error.isDisplayed(), "a good image clears the error");

        Path huge = TARGET.resolve("gallery-browser").resolve("huge.png").toAbsolutePath();
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(21L << 20);
        }
        upload(huge);
        wait("an error on the page", d -> error.isDisplayed());
        assertTrue(error.getText().contains("the limit is 20 MB"), error.getText());
        assertEquals(0, browser.findElements(By.cssSelector(TILES)).size());
    }

    @Test
    void theTickingClockStaysOutOfTheLiveRegion() {
        slowDownFeatures(1500);
        js().executeScript("""
                window.liveChanges = []; window.clockTicks = 0;
                const live = document.querySelectorAll('[role=status], [role=alert], [aria-live]');
                live.forEach(r => new MutationObserver(() => { if (r.textContent) window.liveChanges.push(r.textContent.trim()); })
                    .observe(r, { childList: true, characterData: true, subtree: true }));
                new MutationObserver(() => window.clockTicks++).observe(document.getElementById('progress-elapsed'),
                    { childList: true, characterData: true, subtree: true });
                """);
        upload(sceneFile);
        waitForLayer("conv1_1", 64);

        assertEquals(null, js().executeScript("return document.getElementById('progress-elapsed')"
                + ".closest('[role=status], [role=alert], [aria-live]');"), "the clock is in no live region");
        long ticks = (Long) js().executeScript("return window.clockTicks;");
        @SuppressWarnings("unchecked")
        List<String> spoken = (List<String>) js().executeScript("return window.liveChanges;");
        assertTrue(ticks >= 10, "the clock ticked while the server worked: " + ticks);
        // the maps' phases and the Explain view's (asking, then the 409 of the default test profile's missing classifier)
        assertTrue(spoken.size() <= 5 && spoken.stream().distinct().count() == spoken.size(),
                "a screen reader hears each phase once, not every tick: " + spoken);
        assertTrue(spoken.stream().noneMatch(text -> text.matches(".*\\d\\.\\d s.*")), "no seconds are spoken: " + spoken);
    }

    @Test
    void aBusyServerIsTriedAFewTimesWithBackoffAndJitterThenGivenUp() {
        @SuppressWarnings("unchecked")
        List<Number> delays = (List<Number>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/gallery/api.js').then(api => done([api.MAX_RETRIES,
                    ...Array.from({ length: 200 }, () => api.retryDelayMs(0, 0)),
                    api.retryDelayMs(3, 0), api.retryDelayMs(0, 4)]));
                """);
        assertEquals(4, delays.get(0).intValue(), "four retries at most");
        List<Long> first = delays.subList(1, 201).stream().map(Number::longValue).toList();
        assertTrue(first.stream().allMatch(d -> d >= 500 && d <= 750), "the first wait is 0.5 s plus up to half: " + first);
        assertTrue(first.stream().distinct().count() > 20, "with jitter: " + first.stream().distinct().count() + " distinct waits");
        assertTrue(delays.get(201).longValue() >= 4000, "the fourth wait is 8 times the first: " + delays.get(201));
        assertTrue(delays.get(202).longValue() >= 4000, "never shorter than Retry-After: " + delays.get(202));

        // two refusals, then the real server: the page says it retries, then shows the maps
        answerFeatures(2, "{\"error\":\"the queue is full\"}", 503);
        watchProgressText();
        upload(sceneFile);
        waitForLayer("conv1_1", 64);
        assertEquals(3L, js().executeScript("return window.featureCalls.length;"));
        @SuppressWarnings("unchecked")
        List<String> said = (List<String>) js().executeScript("return window.progressTexts;");
        assertTrue(said.stream().anyMatch(t -> t.contains("The queue is full.") && t.contains("retry 1 of 4")), said.toString());
        assertTrue(said.stream().anyMatch(t -> t.contains("retry 2 of 4")), said.toString());

        // always refused: 1 + 4 tries, each wait longer, then an error that says it gave up
        browser.get(gallery.toString());
        answerFeatures(Integer.MAX_VALUE, "{\"error\":\"the queue is full\"}", 503);
        upload(sceneFile);
        WebElement error = browser.findElement(By.id("error"));
        wait("the page gives up", d -> error.isDisplayed());
        assertTrue(error.getText().contains("Gave up after 4 retries"), error.getText());
        assertFalse(browser.findElement(By.id("progress")).isDisplayed());
        @SuppressWarnings("unchecked")
        List<Number> calls = (List<Number>) js().executeScript("return window.featureCalls;");
        assertEquals(5, calls.size(), "one try and four retries: " + calls);
        for (int retry = 0; retry < 4; retry++) {
            double waited = calls.get(retry + 1).doubleValue() - calls.get(retry).doubleValue();
            double base = 500 * Math.pow(2, retry);
            assertTrue(waited >= base - 20 && waited <= 1.5 * base + 1000, "wait " + (retry + 1) + ": " + waited + " ms");
        }
    }

    @Test
    void onlyANetworkFailureSaysTheServerCannotBeReached() {
        WebElement error = browser.findElement(By.id("error"));
        js().executeScript("""
                const real = window.fetch;
                window.fetch = (url, options) => String(url).endsWith('/api/features')
                    ? Promise.reject(new TypeError('Failed to fetch')) : real(url, options);
                """);
        upload(sceneFile);
        wait("an error on the page", d -> error.isDisplayed());
        assertTrue(error.getText().contains("Could not reach the FeatureLens server"), error.getText());

        for (String[] answer : new String[][] {{"<html>not json", "200", "cannot read"}, {"{}", "200", "went wrong in the page"},
                {"{\"error\":\"something broke\"}", "500", "Something broke."}}) {
            browser.get(gallery.toString());
            answerFeatures(Integer.MAX_VALUE, answer[0], Integer.parseInt(answer[1]));
            upload(sceneFile);
            wait("an error on the page", d -> browser.findElement(By.id("error")).isDisplayed());
            String text = browser.findElement(By.id("error")).getText();
            assertTrue(text.contains(answer[2]), answer[0] + " -> " + text);
            assertFalse(text.contains("reach"), "the server answered, so it was reached: " + text);
        }
    }

    // ---------- helpers ----------

    /** Delays every features request by {@code millis} before it goes to the server. */
    private static void slowDownFeatures(int millis) {
        js().executeScript("""
                const real = window.fetch;
                const millis = arguments[0];
                window.fetch = (url, options) => String(url).endsWith('/api/features')
                    ? new Promise(resolve => setTimeout(resolve, millis)).then(() => real(url, options))
                    : real(url, options);
                """, millis);
    }

    /**
     * The first {@code times} features requests get {@code body} with {@code status} (and Retry-After: 0 for a 503),
     * later ones reach the server; window.featureCalls keeps when each was made.
     */
    private static void answerFeatures(int times, String body, int status) {
        js().executeScript("""
                const real = window.fetch;
                const [times, body, status] = arguments;
                window.featureCalls = [];
                window.fetch = (url, options) => {
                  if (!String(url).endsWith('/api/features')) return real(url, options);
                  window.featureCalls.push(performance.now());
                  if (window.featureCalls.length > times) return real(url, options);
                  const headers = { 'Content-Type': 'application/json' };
                  if (status === 503) headers['Retry-After'] = '0';
                  return Promise.resolve(new Response(body, { status, headers }));
                };
                """, times, body, status);
    }

    /** window.progressTexts: every text the progress line showed. */
    private static void watchProgressText() {
        js().executeScript("""
                window.progressTexts = [];
                const text = document.getElementById('progress-text');
                new MutationObserver(() => window.progressTexts.push(text.textContent))
                    .observe(text, { childList: true, characterData: true, subtree: true });
                """);
    }


    private record Pixels(int darkest, int brightest, int coloured) {
    }

    private static void upload(Path file) {
        Chromium.upload(browser, file);
    }

    private static List<WebElement> waitForLayer(String layer, int maps) {
        return Chromium.waitForLayer(browser, layer, maps);
    }

    private static void waitForFirstMapOtherThan(String previous) {
        wait("the first map to change", d -> js().executeScript("const g = document.getElementById('grid'); const i = g.querySelector('img.map');"
                + "return g.dataset.state === 'done' && i !== null && i.complete && i.src !== arguments[0];", previous)
                .equals(true));
    }

    private static String firstMapSource() {
        return browser.findElement(By.cssSelector("#grid img.map")).getDomAttribute("src");
    }

    private static List<Long> naturalWidths(String selector) {
        @SuppressWarnings("unchecked")
        List<Long> widths = (List<Long>) js().executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(i => i.naturalWidth);", selector);
        return widths;
    }

    private static long naturalWidth(String selector) {
        return Chromium.naturalWidth(browser, selector);
    }

    /** The first map's decoded pixels as the browser drew them. */
    private static Pixels pixels() {
        @SuppressWarnings("unchecked")
        List<Long> summary = (List<Long>) js().executeScript("""
                const img = document.querySelector('#grid img.map');
                const canvas = document.createElement('canvas');
                canvas.width = img.naturalWidth;
                canvas.height = img.naturalHeight;
                const g = canvas.getContext('2d');
                g.drawImage(img, 0, 0);
                const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
                let darkest = 255, brightest = 0, coloured = 0;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2]) coloured++;
                  darkest = Math.min(darkest, d[i]);
                  brightest = Math.max(brightest, d[i]);
                }
                return [darkest, brightest, coloured];
                """);
        return new Pixels(summary.get(0).intValue(), summary.get(1).intValue(), summary.get(2).intValue());
    }

    private static List<Map<String, Object>> apiMaps(String layer) {
        JsonPath json = given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png")
                .multiPart("layer", layer)
                .when().post("/api/features")
                .then().statusCode(200).extract().jsonPath();
        return json.getList("maps");
    }

    /** The tile shows a rounded value and keeps the exact one in its title. */
    private static void assertStat(Object expected, WebElement shown, String what) {
        double exact = ((Number) expected).doubleValue();
        double title = Double.parseDouble(shown.getDomAttribute("title"));
        assertEquals(exact, title, 1e-6 * Math.max(1, Math.abs(exact)), what);
        double rounded = Double.parseDouble(shown.getText());
        assertEquals(exact, rounded, 0.006 * Math.max(Math.abs(exact), 1e-3), what + " as shown: " + shown.getText());
    }

    private static Path waitForDownload(String name) {
        Path file = downloads.resolve(name);
        wait("the download of " + name, d -> Files.isRegularFile(file) && !Files.exists(downloads.resolve(name + ".crdownload")));
        return file;
    }

    private static Path screenshot(Path file) throws IOException {
        return Chromium.screenshot(browser, file);
    }

    private static void wait(String what, java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        Chromium.wait(browser, what, condition);
    }

    private static JavascriptExecutor js() {
        return browser;
    }
}
