package io.featurelens.api;

import ai.djl.ndarray.NDManager;
import io.featurelens.Goldens;
import io.featurelens.MapAssertions;
import io.featurelens.ModelReady;
import io.featurelens.imaging.MontageReader;
import io.featurelens.model.ModelHolder;
import io.featurelens.model.Vgg16Model;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class FeaturesApiTest {

    private static final byte[] SCENE = Goldens.sceneImage();
    private static final int PLANE = 224 * 224;

    @Inject
    ModelHolder holder;

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @Test
    void listsTheLayersOfVgg16Features() {
        given().get("/api/layers").then().statusCode(200)
                .body("$", hasSize(31))
                .body("[0]", equalTo(Map.of("index", 0, "name", "conv1_1", "type", "conv", "channels", 64, "height", 224, "width", 224)))
                .body("[3].name", equalTo("relu1_2"))
                .body("[4]", equalTo(Map.of("index", 4, "name", "pool1", "type", "pool", "channels", 64, "height", 112, "width", 112)))
                .body("[15].name", equalTo("relu3_3"))
                .body("[29].name", equalTo("relu5_3"))
                .body("[30]", equalTo(Map.of("index", 30, "name", "pool5", "type", "pool", "channels", 512, "height", 7, "width", 7)))
                .body("name", equalTo(List.of("conv1_1", "relu1_1", "conv1_2", "relu1_2", "pool1",
                        "conv2_1", "relu2_1", "conv2_2", "relu2_2", "pool2",
                        "conv3_1", "relu3_1", "conv3_2", "relu3_2", "conv3_3", "relu3_3", "pool3",
                        "conv4_1", "relu4_1", "conv4_2", "relu4_2", "conv4_3", "relu4_3", "pool4",
                        "conv5_1", "relu5_1", "conv5_2", "relu5_2", "conv5_3", "relu5_3", "pool5")));
    }

    @Test
    void saysWhichWeightsAreLoaded() {
        given().get("/api/model").then().statusCode(200)
                .body("name", equalTo("vgg16")).body("pretrained", equalTo(false))
                .body("weights", equalTo("demo")).body("device", equalTo("cpu"));
    }

    @Test
    void selectsFiltersByNameAndRange() {
        byte[] golden = Goldens.sigmoidMaps(3);
        JsonPath json = features("relu1_2", "0-7, 12", null, null);
        assertEquals(3, json.getInt("layer.index"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 12), json.getList("maps.filter"));
        MapAssertions.Tally tally = new MapAssertions.Tally("relu1_2 filters 0-7,12");
        for (Map<String, Object> map : json.<Map<String, Object>>getList("maps")) {
            int filter = (Integer) map.get("filter");
            tally.add(MapAssertions.greyLevels(png(map), 224, 224), golden, filter * PLANE);
        }
        tally.assertClose();
    }

    @Test
    void minmaxStretchesEachMapLikeTheReference() {
        byte[] golden = Goldens.minmaxMapsOfRelu12();
        JsonPath json = features("3", "0-7", "minmax", null);
        assertEquals("minmax", json.getString("normalize"));
        MapAssertions.Tally tally = new MapAssertions.Tally("relu1_2 minmax");
        List<Map<String, Object>> maps = json.getList("maps");
        for (int i = 0; i < maps.size(); i++) {
            byte[] levels = MapAssertions.greyLevels(png(maps.get(i)), 224, 224);
            tally.add(levels, golden, i * PLANE);
            int lo = 255;
            int hi = 0;
            for (byte b : levels) {
                lo = Math.min(lo, b & 0xFF);
                hi = Math.max(hi, b & 0xFF);
            }
            assertEquals(0, lo, "the darkest pixel is the map's minimum");
            assertEquals(255, hi, "the brightest pixel is the map's maximum");
        }
        tally.assertClose();
    }

    @Test
    void aColourMapOnlyChangesThePalette() {
        Map<String, Object> grey = features("0", "5", null, null).getMap("maps[0]");
        JsonPath json = features("0", "5", null, "viridis");
        assertEquals("viridis", json.getString("colormap"));
        BufferedImage coloured = MapAssertions.decode(png(json.getMap("maps[0]")));
        assertTrue(coloured.getColorModel() instanceof IndexColorModel, "a palette PNG");
        IndexColorModel palette = (IndexColorModel) coloured.getColorModel();
        assertEquals(256, palette.getMapSize());
        assertEquals(0x440154, palette.getRGB(0) & 0xFFFFFF, "viridis starts dark purple");
        assertEquals(0xFDE725, palette.getRGB(255) & 0xFFFFFF, "and ends yellow");
        byte[] indices = (byte[]) coloured.getRaster().getDataElements(0, 0, 224, 224, null);
        assertArrayEquals(MapAssertions.greyLevels(png(grey), 224, 224), indices);
    }

    @Test
    void montageShowsEveryAskedMapUnderItsNumber() {
        montageOf("relu1_2", "5,40,63", "sigmoid", 224, 1);
    }

    @Test
    void montageOfADeepLayerMagnifiesItsSmallMapsAndLabelsEveryOne() {
        montageOf("relu5_3", "0,100,511", "minmax", 14, 4);
        montageOf("pool5", "5,140,511", "minmax", 7, 8);
    }

    /** Finds every asked map in the montage by its pixels, its number above it, and nothing else drawn. */
    private static void montageOf(String layer, String filters, String normalize, int size, int factor) {
        List<Map<String, Object>> maps = features(layer, filters, normalize, null).getList("maps");
        List<byte[]> levels = maps.stream().map(map -> MapAssertions.greyLevels(png(map), size, size)).toList();
        for (int i = 0; i < levels.size(); i++) {
            byte[] map = levels.get(i);
            assertTrue(IntStream.range(1, map.length).anyMatch(p -> map[p] != map[0]), layer + " map " + i + " is not flat");
            for (int j = 0; j < i; j++) {
                assertTrue(!java.util.Arrays.equals(map, levels.get(j)), layer + " maps " + j + " and " + i + " differ");
            }
        }

        var response = given().multiPart("image", "scene.png", SCENE, "image/png").multiPart("layer", layer)
                .multiPart("filters", filters).multiPart("normalize", normalize)
                .when().post("/api/montage").then().statusCode(200).contentType("image/png")
                .header("X-Montage-Magnification", String.valueOf(factor)).extract();
        BufferedImage montage = MapAssertions.decode(response.asByteArray());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, montage.getType());
        byte[] canvas = (byte[]) montage.getRaster().getDataElements(0, 0, montage.getWidth(), montage.getHeight(), null);
        MontageReader reader = new MontageReader(canvas, montage.getWidth(), montage.getHeight());
        List<MontageReader.Box> tiles = new java.util.ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            int filter = (Integer) maps.get(i).get("filter");
            String what = layer + " filter " + filter;
            tiles.add(reader.tile(levels.get(i), size, size, factor, what));
            reader.labelAbove(tiles.get(i), filter, what);
        }
        reader.assertNothingElse();
        assertEquals(tiles.get(0).top(), tiles.get(1).top(), "the first two maps share a row: " + tiles);
        assertTrue(tiles.get(0).left() < tiles.get(1).left(), "in filter order: " + tiles);
        assertTrue(tiles.get(2).top() > tiles.get(0).top() && tiles.get(2).left() == tiles.get(0).left(),
                "the third starts the next row: " + tiles);
    }

    @Test
    void apiIsDescribedByOpenApiWithSwaggerUi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/features'.post.summary", containsString("feature map"))
                .body("paths.'/api/layers'.get", org.hamcrest.Matchers.notNullValue());
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void requestsFreeEveryNativeTensorTheyAllocate() throws Exception {
        Vgg16Model model = holder.get(0);
        int baseline = model.liveTensors();
        assertEquals(39, baseline, "13 kernels in two layouts and 13 biases");
        try (NDManager leaked = model.newRequestManager()) {
            leaked.zeros(new ai.djl.ndarray.types.Shape(2));
            assertEquals(baseline + 1, model.liveTensors(), "the count sees a request's tensors");
        }
        for (String layer : new String[] {"0", "3", "relu3_3", "29", "pool5"}) {
            features(layer, "0-3", null, null);
        }
        given().multiPart("image", "scene.png", SCENE, "image/png").multiPart("layer", "0").multiPart("filters", "99")
                .when().post("/api/features").then().statusCode(400);
        given().multiPart("image", "scene.png", SCENE, "image/png").multiPart("layer", "5")
                .when().post("/api/montage").then().statusCode(200);
        assertEquals(baseline, model.liveTensors());
    }

    private static JsonPath features(String layer, String filters, String normalize, String colormap) {
        var request = given().multiPart("image", "scene.png", SCENE, "image/png").multiPart("layer", layer);
        if (filters != null) {
            request.multiPart("filters", filters);
        }
        if (normalize != null) {
            request.multiPart("normalize", normalize);
        }
        if (colormap != null) {
            request.multiPart("colormap", colormap);
        }
        return request.when().post("/api/features").then().statusCode(200).extract().jsonPath();
    }

    private static byte[] png(Map<String, Object> map) {
        return Base64.getDecoder().decode((String) map.get("png"));
    }
}
