package io.featurelens.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.Goldens;
import io.featurelens.MapAssertions;
import io.featurelens.ModelReady;
import io.featurelens.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Photos as people bring them, through the JSON API, against the reference pipeline
 * (tools/golden/generate_goldens.py: cv2.imread, cv2.resize, torch) on the same demo weights: JPEGs with
 * a Display P3 or an sRGB profile, a CMYK JPEG and a 16-bit TIFF. Each of a spread of eight maps of
 * conv1_1 and relu1_2 is judged on its own.
 */
@QuarkusTest
class GoldenPhotosTest {

    private static final int SIDE = 224;

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @ParameterizedTest(name = "{0} layer {1}")
    @CsvSource({
            "photo-display-p3.jpg, 0", "photo-display-p3.jpg, 3",
            "photo-srgb.jpg, 0", "photo-srgb.jpg, 3",
            "photo-cmyk.jpg, 0", "photo-cmyk.jpg, 3",
            "photo-rgb16.tif, 0", "photo-rgb16.tif, 3"})
    void everyMapMatchesTheReference(String photo, int layer) {
        JsonNode goldens = Goldens.meta().get("photos");
        List<Integer> filters = new ArrayList<>();
        goldens.get("filters").forEach(f -> filters.add(f.asInt()));
        byte[] expected = Goldens.stackedMaps(goldens.get("maps").get(photo).get(Integer.toString(layer)).asText());
        assertEquals(filters.size() * SIDE * SIDE, expected.length, "golden size");

        JsonPath json = given().multiPart("image", photo, TestImages.resource("images/" + photo), "application/octet-stream")
                .multiPart("layer", Integer.toString(layer))
                .multiPart("filters", filters.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .when().post("/api/features")
                .then().statusCode(200).extract().jsonPath();

        List<Map<String, Object>> maps = json.getList("maps");
        assertEquals(filters.size(), maps.size());
        for (int i = 0; i < filters.size(); i++) {
            Map<String, Object> map = maps.get(i);
            assertEquals(filters.get(i), ((Number) map.get("filter")).intValue());
            MapAssertions.Tally tally = new MapAssertions.Tally(photo + " layer " + layer + " filter " + filters.get(i));
            tally.add(MapAssertions.greyLevels(Base64.getDecoder().decode((String) map.get("png")), SIDE, SIDE),
                    expected, i * SIDE * SIDE);
            tally.assertClose();
        }
    }
}
