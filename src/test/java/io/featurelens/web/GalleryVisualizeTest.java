package io.featurelens.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feature visualisations beside the maps, in Chromium: one made beforehand shows by itself, a tile's "make it"
 * starts a job whose progress bar moves and whose picture sharpens, ending as the API's PNG. A seed new to every
 * run keeps the disk cache (under target/) from answering what should be made; few steps keep it quick.
 */
@QuarkusTest
class GalleryVisualizeTest {

    private static final Path TARGET = Path.of("target");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STEPS = 24;

    /** Where to refresh docs/visualize.png, when asked: -Dgallery.test.visualize-screenshot=docs/visualize.png. */
    private static final String DOCS_SCREENSHOT = System.getProperty("gallery.test.visualize-screenshot");

    private static ChromeDriver browser;
    private static Path sceneFile;

    @TestHTTPResource("/")
    URL gallery;

    @BeforeAll
    static void startBrowser() throws IOException {
        Path work = Files.createDirectories(TARGET.resolve("gallery-visualize")).toAbsolutePath();
        sceneFile = Files.write(work.resolve("scene.png"), Goldens.sceneImage());
        browser = Chromium.start(work, Files.createTempDirectory(work, "downloads-"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aMadeVisualisationShowsBesideItsMapAndMakeItShowsOneBeingMade() throws Exception {
        ModelReady.await();
        long seed = System.currentTimeMillis();
        List<Integer> madeBefore = List.of(0, 1, 2, 6);
        for (int filter : madeBefore) {
            made(filter, seed);
        }

        browser.get(gallery.toString());
        browser.executeScript("""
                const [steps, seed] = arguments;
                for (const [id, value] of [['vis-steps', steps], ['vis-seed', seed]]) {
                  const input = document.getElementById(id);
                  input.value = String(value);
                  input.dispatchEvent(new Event('change', { bubbles: true }));
                }
                window.progressValues = []; window.previews = [];
                new MutationObserver((changes) => changes.forEach((c) => c.addedNodes.forEach((n) => {
                  if (n.matches?.('progress.vis-progress') && n.closest('.tile').dataset.filter === '5') window.progressValues.push(n.value);
                  const slot = n.closest?.('.tile-vis');
                  if (n.matches?.('img.vis') && slot.dataset.filter === '5' && slot.dataset.state !== 'done') window.previews.push(n.src);
                }))).observe(document.getElementById('grid'), { childList: true, subtree: true });
                """, STEPS, seed);
        Chromium.upload(browser, sceneFile);
        List<WebElement> tiles = Chromium.waitForLayer(browser, "conv1_1", 64);

        for (int filter : madeBefore) {
            WebElement tile = tiles.get(filter);
            Chromium.wait(browser, "filter " + filter + "'s visualisation beside its map",
                    d -> "done".equals(tile.findElement(By.className("tile-vis")).getDomAttribute("data-state")));
            assertEquals("data:image/png;base64," + made(filter, seed).get("image").get("png").asText(),
                    tile.findElement(By.cssSelector(".tile-vis img.vis")).getDomAttribute("src"), "filter " + filter);
            assertFalse(tile.findElement(By.className("tile-make")).isDisplayed(), "nothing to make for filter " + filter);
        }

        WebElement tile = tiles.get(5);
        WebElement make = tile.findElement(By.className("tile-make"));
        Chromium.wait(browser, "a \"make it\" for filter 5", d -> make.isDisplayed());
        make.click();
        WebElement slot = tile.findElement(By.className("tile-vis"));
        Chromium.wait(browser, "filter 5's visualisation made", d -> "done".equals(slot.getDomAttribute("data-state")));
        String shown = tile.findElement(By.cssSelector(".tile-vis img.vis")).getDomAttribute("src");
        assertEquals("data:image/png;base64," + made(5, seed).get("image").get("png").asText(), shown,
                "the picture is the API's PNG");
        assertFalse(make.isDisplayed());

        @SuppressWarnings("unchecked")
        List<Number> progress = (List<Number>) browser.executeScript("return window.progressValues;");
        assertTrue(progress.stream().map(Number::doubleValue).filter(p -> p > 0 && p < 1).distinct().count() >= 2,
                "the progress bar moved: " + progress);
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i).doubleValue() >= progress.get(i - 1).doubleValue(), "never backwards: " + progress);
        }
        @SuppressWarnings("unchecked")
        List<String> previews = (List<String>) browser.executeScript("return window.previews;");
        assertTrue(previews.size() >= 2, "the picture as it was every few steps, before the end: " + previews.size());
        assertTrue(previews.stream().allMatch(p -> p.startsWith("data:image/png;base64,iVBOR")), "previews are PNGs");

        Path screenshot = Chromium.screenshot(browser, TARGET.resolve("visualize-screenshot.png"));
        if (DOCS_SCREENSHOT != null) {
            Files.copy(screenshot, Path.of(DOCS_SCREENSHOT), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Filter {@code filter} of conv1_1 made through the API: submitted, then asked for until done. */
    private static JsonNode made(int filter, long seed) throws InterruptedException, IOException {
        Map<String, Object> form = Map.of("layer", "conv1_1", "filter", filter, "steps", STEPS, "seed", seed);
        Response submitted = given().contentType("multipart/form-data").multiPart("layer", "conv1_1")
                .multiPart("filter", String.valueOf(filter)).multiPart("steps", String.valueOf(STEPS))
                .multiPart("seed", String.valueOf(seed)).post("/api/visualizations");
        assertTrue(submitted.statusCode() == 200 || submitted.statusCode() == 202, form + ": " + submitted.asString());
        String href = JSON.readTree(submitted.asByteArray()).get("href").asText();
        for (long deadline = System.nanoTime() + 180_000_000_000L; System.nanoTime() < deadline; Thread.sleep(100)) {
            JsonNode job = JSON.readTree(given().get(href).then().statusCode(200).extract().asByteArray());
            if (!job.get("status").asText().matches("queued|running")) {
                assertEquals("done", job.get("status").asText(), job.toString());
                return job;
            }
        }
        throw new AssertionError(form + " not made within 3 minutes");
    }
}
