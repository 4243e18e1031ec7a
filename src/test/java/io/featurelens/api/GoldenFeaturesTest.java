package io.featurelens.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.Goldens;
import io.featurelens.MapAssertions;
import io.featurelens.ModelReady;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JSON API against the reference PyTorch pipeline (tools/golden/generate_goldens.py) on the same
 * image and the same demo weights: every map of five layers, pixel by pixel, and the raw statistics.
 */
@QuarkusTest
class GoldenFeaturesTest {

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5, 15, 29})
    void everySigmoidMapMatchesPyTorch(int index) {
        JsonNode golden = Goldens.meta().get("layers").get(Integer.toString(index));
        int channels = golden.get("shape").get(0).asInt();
        int height = golden.get("shape").get(1).asInt();
        int width = golden.get("shape").get(2).asInt();
        byte[] expected = Goldens.sigmoidMaps(index);

        JsonPath json = given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png")
                .multiPart("layer", Integer.toString(index))
                .when().post("/api/features")
                .then().statusCode(200).extract().jsonPath();

        assertEquals(index, json.getInt("layer.index"));
        assertEquals(List.of(channels, height, width),
                List.of(json.getInt("layer.channels"), json.getInt("layer.height"), json.getInt("layer.width")));
        assertEquals("sigmoid", json.getString("normalize"));
        assertEquals(false, json.getBoolean("model.pretrained"));
        List<Map<String, Object>> maps = json.getList("maps");
        assertEquals(channels, maps.size());

        int plane = height * width;
        MapAssertions.Tally tally = new MapAssertions.Tally("layer " + index + " sigmoid");
        for (int c = 0; c < channels; c++) {
            Map<String, Object> map = maps.get(c);
            assertEquals(c, ((Number) map.get("filter")).intValue());
            tally.add(MapAssertions.greyLevels(Base64.getDecoder().decode((String) map.get("png")), width, height),
                    expected, c * plane);
            assertStat(golden.get("min").get(c).asDouble(), map.get("min"), "min", index, c);
            assertStat(golden.get("max").get(c).asDouble(), map.get("max"), "max", index, c);
            assertStat(golden.get("mean").get(c).asDouble(), map.get("mean"), "mean", index, c);
        }
        tally.assertClose();
    }

    private static void assertStat(double expected, Object actual, String what, int layer, int filter) {
        double value = ((Number) actual).doubleValue();
        double tolerance = 1e-4 * Math.max(1, Math.abs(expected));
        assertEquals(expected, value, tolerance, "layer " + layer + " filter " + filter + " " + what);
    }
}
