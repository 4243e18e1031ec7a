package io.featurelens.api;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.featurelens.Zips;
import io.featurelens.core.MapArchive;
import io.featurelens.model.DemoWeights;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two endpoints the gallery adds: the conv1_1 kernels as RGB patches, and every map of a layer as a ZIP. */
@QuarkusTest
class KernelsAndMapsZipTest {

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @Test
    void kernelsAre64RgbPatchesOfTheLoadedWeights() throws IOException {
        JsonPath json = given().when().get("/api/kernels").then().statusCode(200).extract().jsonPath();
        assertEquals("conv1_1", json.getString("layer.name"));
        assertEquals(false, json.getBoolean("model.pretrained"));
        List<Map<String, Object>> kernels = json.getList("kernels");
        assertEquals(64, kernels.size());

        float[] weights = new float[64 * 27];
        FloatBuffer tensor = DemoWeights.generate().tensors().get("features.0.weight").duplicate();
        tensor.get(weights);
        for (int k = 0; k < 64; k++) {
            Map<String, Object> kernel = kernels.get(k);
            assertEquals(k, ((Number) kernel.get("filter")).intValue());
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < 27; i++) {
                min = Math.min(min, weights[k * 27 + i]);
                max = Math.max(max, weights[k * 27 + i]);
            }
            assertEquals(min, ((Number) kernel.get("min")).floatValue(), "min of kernel " + k);
            assertEquals(max, ((Number) kernel.get("max")).floatValue(), "max of kernel " + k);
            double scale = Math.max(-min, max);

            @SuppressWarnings("unchecked")
            List<List<List<Integer>>> rgb = (List<List<List<Integer>>>) kernel.get("rgb");
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode((String) kernel.get("png"))));
            assertEquals(3, png.getWidth());
            assertEquals(3, png.getHeight());
            assertEquals(3, rgb.size(), "rows of kernel " + k);
            for (int y = 0; y < 3; y++) {
                assertEquals(3, rgb.get(y).size(), "columns of kernel " + k);
                for (int x = 0; x < 3; x++) {
                    List<Integer> pixel = rgb.get(y).get(x);
                    assertEquals(3, pixel.size());
                    int[] expected = new int[3];
                    for (int c = 0; c < 3; c++) {
                        // weights are [out, in = R G B, row, column]; mid grey is a zero weight
                        expected[c] = (int) Math.round(127.5 + 127.5 * weights[k * 27 + c * 9 + y * 3 + x] / scale);
                    }
                    assertArrayEquals(expected, pixel.stream().mapToInt(Integer::intValue).toArray(),
                            "kernel " + k + " pixel " + y + "," + x);
                    int argb = png.getRGB(x, y);
                    assertArrayEquals(expected, new int[] {argb >> 16 & 0xFF, argb >> 8 & 0xFF, argb & 0xFF},
                            "kernel " + k + " PNG pixel " + y + "," + x);
                }
            }
        }
    }

    @Test
    void theZipHoldsEveryMapAsTheJsonApiRendersIt() throws IOException {
        byte[] zip = given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png")
                .multiPart("layer", "conv1_1").multiPart("colormap", "viridis")
                .when().post("/api/maps.zip")
                .then().statusCode(200).contentType("application/zip")
                .header("Content-Disposition", containsString("featurelens-conv1_1-sigmoid-viridis.zip"))
                .extract().asByteArray();
        JsonPath json = given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png")
                .multiPart("layer", "conv1_1").multiPart("colormap", "viridis")
                .when().post("/api/features").then().statusCode(200).extract().jsonPath();

        Map<String, byte[]> entries = Zips.entries(zip);
        List<String> pngs = entries.keySet().stream().filter(n -> n.endsWith(".png")).toList();
        assertEquals(64, pngs.size());
        List<String> lines = entries.get(MapArchive.STATS) == null ? List.of()
                : new String(entries.get(MapArchive.STATS), StandardCharsets.UTF_8).lines().toList();
        assertEquals(65, lines.size(), "a header and one line per map");
        assertEquals("filter,min,max,mean", lines.get(0));
        for (int f = 0; f < 64; f++) {
            String name = String.format("filter-%02d.png", f);
            assertEquals(name, pngs.get(f));
            BufferedImage fromZip = ImageIO.read(new ByteArrayInputStream(entries.get(name)));
            BufferedImage fromJson = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(json.getString("maps[" + f + "].png"))));
            assertEquals(224, fromZip.getWidth());
            assertEquals(224, fromZip.getHeight());
            assertArrayEquals(fromJson.getRGB(0, 0, 224, 224, null, 0, 224),
                    fromZip.getRGB(0, 0, 224, 224, null, 0, 224), name);
            String[] stats = lines.get(f + 1).split(",");
            assertEquals(Integer.toString(f), stats[0]);
            assertEquals(json.getFloat("maps[" + f + "].min"), Float.parseFloat(stats[1]), name + " min");
            assertEquals(json.getFloat("maps[" + f + "].max"), Float.parseFloat(stats[2]), name + " max");
            assertEquals(json.getFloat("maps[" + f + "].mean"), Float.parseFloat(stats[3]), name + " mean");
        }
    }

    @Test
    void zipNamesArePaddedToTheLayersLargestFilter() throws IOException {
        byte[] zip = given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png")
                .multiPart("layer", "conv3_1").multiPart("filters", "7,250-255")
                .when().post("/api/maps.zip")
                .then().statusCode(200).extract().asByteArray();
        assertEquals(List.of("filter-007.png", "filter-250.png", "filter-251.png", "filter-252.png",
                "filter-253.png", "filter-254.png", "filter-255.png", MapArchive.STATS), new ArrayList<>(Zips.entries(zip).keySet()));
    }

    @Test
    void zipRefusesWhatTheJsonApiRefuses() {
        given().multiPart("image", "notes.png", "plain text".getBytes(StandardCharsets.UTF_8), "image/png")
                .when().post("/api/maps.zip")
                .then().statusCode(415).contentType("application/json")
                .body("error", startsWith("not an image"));
        given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png").multiPart("layer", "conv9_9")
                .when().post("/api/maps.zip")
                .then().statusCode(400).contentType("application/json")
                .body("error", containsString("unknown layer"));
        given().multiPart("layer", "0")
                .when().post("/api/maps.zip")
                .then().statusCode(400).contentType("application/json")
                .body("error", containsString("no image"));
    }
}
