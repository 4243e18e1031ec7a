package io.featurelens.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.ModelReady;
import io.featurelens.TestImages;
import io.featurelens.WithClassifier;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

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
 * The gallery's Explain view in Chromium with the classifier loaded: the top five classes of a photo, the three
 * pictures of a class, the method and layer chooser and a tile's "why here?", each the JSON API's answer.
 */
@QuarkusTest
@TestProfile(WithClassifier.class)
class GalleryExplainTest {

    private static final Path TARGET = Path.of("target");
    private static final String PHOTO = "images/photo-srgb.jpg";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where to refresh docs/explain.png, when asked: -Dgallery.test.explain-screenshot=docs/explain.png. */
    private static final String DOCS_SCREENSHOT = System.getProperty("gallery.test.explain-screenshot");

    private static ChromeDriver browser;
    private static Path photoFile;

    @TestHTTPResource("/")
    URL gallery;

    @BeforeAll
    static void startBrowser() throws IOException {
        Path work = Files.createDirectories(TARGET.resolve("gallery-explain")).toAbsolutePath();
        photoFile = Files.write(work.resolve("photo-srgb.jpg"), TestImages.resource(PHOTO));
        browser = Chromium.start(work, Files.createTempDirectory(work, "downloads-"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void explainsAPhotoLikeTheApi() throws IOException {
        ModelReady.await();
        browser.get(gallery.toString());
        recordExplainForms();
        Chromium.upload(browser, photoFile);

        JsonNode predicted = post("/api/predict", Map.of("top", "5"));
        Chromium.wait(browser, "five classes", d -> browser.findElements(By.cssSelector("#explain-class-list > li")).size() == 5);
        List<WebElement> classes = browser.findElements(By.cssSelector("#explain-class-list > li"));
        for (int rank = 0; rank < 5; rank++) {
            JsonNode expected = predicted.get("predictions").get(rank);
            WebElement shown = classes.get(rank);
            assertEquals(expected.get("index").asInt(), Integer.parseInt(shown.getDomAttribute("data-index")), "rank " + rank);
            assertEquals(expected.get("probability").asDouble(), Double.parseDouble(shown.getDomAttribute("data-probability")),
                    1e-12, "probability at rank " + rank);
            assertTrue(shown.getText().contains(expected.get("label").asText()), shown.getText());
            double percent = Double.parseDouble(shown.findElement(By.className("class-probability")).getText().replace(" %", ""));
            assertEquals(100 * expected.get("probability").asDouble(), percent, 0.005 * Math.max(percent, 1e-3),
                    "the percentage shown at rank " + rank);
        }
        assertTrue(classes.get(0).findElement(By.tagName("input")).isSelected(), "the top class is explained first");

        int top = predicted.get("predictions").get(0).get("index").asInt();
        awaitChosen();
        assertPicture("explain-gradcam", explanation("gradcam", top, null, null), "overlay");
        assertPicture("explain-guided-gradcam", explanation("guided-gradcam", top, null, null), "image");
        assertPicture("explain-guided-backprop", explanation("guided-backprop", top, null, null), "image");
        assertTrue(Chromium.naturalWidth(browser, "#explain-input") > 0, "the input is shown beside them");
        assertChosen("layercam", "conv1_1", explanation("layercam", top, "conv1_1", null), "overlay");

        Path screenshot = TARGET.resolve("explain-screenshot.png");
        Files.write(screenshot, browser.findElement(By.id("explain-results")).getScreenshotAs(OutputType.BYTES));
        if (DOCS_SCREENSHOT != null) {
            Files.copy(screenshot, Path.of(DOCS_SCREENSHOT), StandardCopyOption.REPLACE_EXISTING);
        }

        // LayerCAM follows the layer the gallery shows; the selectors change the request
        new Select(browser.findElement(By.id("layer"))).selectByValue("relu3_3");
        awaitChosenAt("layercam", "relu3_3");
        assertChosen("layercam", "relu3_3", explanation("layercam", top, "relu3_3", null), "overlay");
        new Select(browser.findElement(By.id("explain-method"))).selectByValue("gradcam");
        awaitChosenAt("gradcam", "relu3_3");
        new Select(browser.findElement(By.id("explain-layer"))).selectByValue("relu4_2");
        awaitChosenAt("gradcam", "relu4_2");
        assertChosen("gradcam", "relu4_2", explanation("gradcam", top, "relu4_2", null), "overlay");
        new Select(browser.findElement(By.id("explain-method"))).selectByValue("saliency");
        assertFalse(browser.findElement(By.id("explain-layer")).isEnabled(), "saliency traces to the input: no layer");
        awaitChosenAt("saliency", "");
        assertChosen("saliency", "", explanation("saliency", top, null, null), "image");
        assertEquals(List.of(
                        Map.of("method", "gradcam", "class", String.valueOf(top)),
                        Map.of("method", "guided-gradcam", "class", String.valueOf(top)),
                        Map.of("method", "guided-backprop", "class", String.valueOf(top)),
                        Map.of("method", "layercam", "class", String.valueOf(top), "layer", "conv1_1"),
                        Map.of("method", "layercam", "class", String.valueOf(top), "layer", "relu3_3"),
                        Map.of("method", "gradcam", "class", String.valueOf(top), "layer", "relu3_3"),
                        Map.of("method", "gradcam", "class", String.valueOf(top), "layer", "relu4_2"),
                        Map.of("method", "saliency", "class", String.valueOf(top))),
                browser.executeScript("return window.explainForms;"), "what the page asked for");

        // another class: its pictures
        int third = predicted.get("predictions").get(2).get("index").asInt();
        classes.get(2).findElement(By.tagName("label")).click();
        awaitChosen();
        assertEquals(String.valueOf(third), browser.findElement(By.id("explain-views")).getDomAttribute("data-class"));
        assertPicture("explain-gradcam", explanation("gradcam", third, null, null), "overlay");
        assertChosen("saliency", "", explanation("saliency", third, null, null), "image");

        // a tile's "why here?": that filter's guided backprop beside its map
        List<WebElement> tiles = Chromium.waitForLayer(browser, "relu3_3", 256);
        tiles.get(7).findElement(By.className("tile-why")).click();
        WebElement why = browser.findElement(By.id("viewer-why-figure"));
        Chromium.wait(browser, "the large view with the filter's guided backprop",
                d -> why.isDisplayed() && "done".equals(why.getDomAttribute("data-state")));
        assertTrue(browser.findElement(By.id("viewer-title")).getText().startsWith("Filter 7 of relu3_3"));
        assertEquals("data:image/png;base64," + explanation("guided-backprop", null, "relu3_3", 7).get("image").get("png").asText(),
                browser.findElement(By.id("viewer-why")).getDomAttribute("src"), "why here? is the API's guided backprop of filter 7");
        browser.findElement(By.id("viewer")).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        assertFalse(why.isDisplayed(), "the next filter's picture is not the last one's");
        browser.findElement(By.id("viewer-why-button")).click();
        Chromium.wait(browser, "filter 8's guided backprop", d -> "done".equals(why.getDomAttribute("data-state"))
                && "8".equals(why.getDomAttribute("data-filter")));
        assertEquals("data:image/png;base64," + explanation("guided-backprop", null, "relu3_3", 8).get("image").get("png").asText(),
                browser.findElement(By.id("viewer-why")).getDomAttribute("src"));
    }

    // ---------- helpers ----------

    /** window.explainForms: the fields of every explain request but the image. */
    private static void recordExplainForms() {
        browser.executeScript("""
                const real = window.fetch;
                window.explainForms = [];
                window.fetch = (url, options) => {
                  if (String(url).endsWith('/api/explain') && !options.body.has('filter')) {
                    window.explainForms.push(Object.fromEntries(Array.from(options.body.entries()).filter(([k]) => k !== 'image')));
                  }
                  return real(url, options);
                };
                """);
    }

    /** The three pictures of a class and the chosen method's have come. */
    private static void awaitChosen() {
        Chromium.wait(browser, "the class's pictures", d -> browser.executeScript(
                "return ['explain-gradcam', 'explain-guided-gradcam', 'explain-guided-backprop', 'explain-chosen']"
                        + ".every(id => document.getElementById(id).dataset.state === 'done');").equals(true));
    }

    private static void awaitChosenAt(String method, String layer) {
        Chromium.wait(browser, method + " at " + layer, d -> browser.executeScript(
                "const f = document.getElementById('explain-chosen');"
                        + "return f.dataset.state === 'done' && f.dataset.method === arguments[0] && f.dataset.layer === arguments[1];",
                method, layer).equals(true));
    }

    private static void assertPicture(String figure, JsonNode answer, String picture) {
        assertEquals("data:image/png;base64," + answer.get(picture).get("png").asText(),
                browser.findElement(By.cssSelector("#" + figure + " img")).getDomAttribute("src"),
                figure + " is the API's " + picture);
    }

    private static void assertChosen(String method, String layer, JsonNode answer, String picture) {
        WebElement chosen = browser.findElement(By.id("explain-chosen"));
        assertEquals(method, chosen.getDomAttribute("data-method"));
        assertEquals(layer, chosen.getDomAttribute("data-layer"));
        assertPicture("explain-chosen", answer, picture);
    }

    private static JsonNode explanation(String method, Integer klass, String layer, Integer filter) {
        Map<String, String> fields = new java.util.HashMap<>(Map.of("method", method));
        if (klass != null) {
            fields.put("class", klass.toString());
        }
        if (layer != null) {
            fields.put("layer", layer);
        }
        if (filter != null) {
            fields.put("filter", filter.toString());
        }
        return post("/api/explain", fields);
    }

    private static JsonNode post(String path, Map<String, String> fields) {
        RequestSpecification request = given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 300_000)))
                .multiPart("image", "photo-srgb.jpg", TestImages.resource(PHOTO), "image/jpeg");
        fields.forEach(request::multiPart);
        String body = request.post(path).then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }
}
