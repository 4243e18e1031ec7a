package io.featurelens.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page as served: every layer offered, and only the application's own scripts, styles and pictures. */
@QuarkusTest
class GalleryPageTest {

    @Test
    void offersEveryLayerAndLoadsNothingFromElsewhere() {
        String html = given().when().get("/")
                .then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .extract().asString();

        String layerSelect = html.substring(html.indexOf("<select id=\"layer\""), html.indexOf("</select>", html.indexOf("<select id=\"layer\"")));
        Matcher option = Pattern.compile("<option value=\"([a-z0-9_]+)\"").matcher(layerSelect);
        List<String> layers = option.results().map(m -> m.group(1)).toList();
        assertEquals(31, layers.size());
        assertEquals("conv1_1", layers.get(0));

        Matcher link = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        List<String> targets = link.results().map(m -> m.group(1)).toList();
        assertTrue(targets.contains("/gallery/gallery.js") && targets.contains("/gallery/gallery.css"), targets.toString());
        for (String target : targets) {
            assertTrue(target.startsWith("/") || target.startsWith("#"), "not served by the application: " + target);
            if (target.startsWith("/gallery/")) {
                given().when().get(target).then().statusCode(200);
            }
        }
    }
}
