package io.featurelens.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.ExplainGoldens;
import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.featurelens.WithClassifier;
import io.featurelens.imaging.ColorMap;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /api/predict and /api/explain against PyTorch's answers for the same image and demo weights. */
@QuarkusTest
@TestProfile(WithClassifier.class)
class ExplainApiTest {

    @BeforeEach
    void classifierLoaded() {
        ModelReady.await();
    }

    /** Integrated gradients and SmoothGrad take 8 passes each: more than RestAssured's 30 s on a busy machine. */
    private static RequestSpecification form() {
        return given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 300_000)))
                .multiPart("image", "scene.png", Goldens.sceneImage(), "image/png");
    }

    @Test
    void predictsTheTopFiveLikePyTorch() {
        JsonPath answer = form().multiPart("top", "5").post("/api/predict").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> predictions = answer.getList("predictions");
        JsonNode expected = ExplainGoldens.meta().get("top");
        assertEquals(5, predictions.size());
        for (int i = 0; i < 5; i++) {
            Map<String, Object> p = predictions.get(i);
            assertEquals(expected.get(i).get("index").asInt(), p.get("index"), "rank " + i);
            assertEquals(expected.get(i).get("probability").asDouble(), ((Number) p.get("probability")).doubleValue(), 1e-4);
            assertEquals(expected.get(i).get("logit").asDouble(), ((Number) p.get("logit")).doubleValue(), 1e-3);
        }
        assertEquals(io.featurelens.model.ImageNetClasses.label((Integer) predictions.get(0).get("index")),
                predictions.get(0).get("label"));
        assertEquals(false, answer.getBoolean("model.pretrained"));
    }

    @Test
    void predictsFiveByDefault() {
        form().post("/api/predict").then().statusCode(200).body("predictions.size()", org.hamcrest.Matchers.is(5));
    }

    /** name, method, class ("" for the default top class), layer, filter: the cases of the golden generator. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "gradcam-29-top1, gradcam, -, -, -",
            "gradcam-22-third, gradcam, THIRD, 22, -",
            "layercam-29-top1, layercam, -, relu5_3, -",
            "layercam-3-top1, layercam, -, 3, -",
            "guided-backprop-top1, guided-backprop, -, -, -",
            "guided-backprop-filter-11-7, guided-backprop, -, 11, 7",
            "guided-gradcam-29-top1, guided-gradcam, -, -, -",
            "saliency-top1, saliency, TOP, -, -",
            "saliency-filter-11-7, saliency, -, relu3_1, 7",
            "integrated-gradients-top1, integrated-gradients, -, -, -",
            "smoothgrad-top1, smoothgrad, -, -, -",
    })
    void explainsLikePyTorch(String name, String method, String klass, String layer, String filter) {
        RequestSpecification request = form().multiPart("method", method);
        if (klass != null) {
            int rank = klass.equals("TOP") ? 0 : 2;
            request.multiPart("class", io.featurelens.model.ImageNetClasses.label(
                    ExplainGoldens.meta().get("top").get(rank).get("index").asInt()).toUpperCase(java.util.Locale.ROOT));
        }
        if (layer != null) {
            request.multiPart("layer", layer);
        }
        if (filter != null) {
            request.multiPart("filter", filter);
        }
        JsonPath answer = request.post("/api/explain").then().statusCode(200).extract().jsonPath();
        assertEquals(method, answer.getString("method"));
        JsonNode expected = ExplainGoldens.meta().get("cases").get(name);
        if (filter != null) {
            assertEquals(expected.get("layer").asInt(), answer.getInt("target.filter.layer.index"));
            assertEquals(expected.get("filter").asInt(), answer.getInt("target.filter.filter"));
            assertNull(answer.get("target.class"));
        } else {
            assertEquals(expected.get("cls").asInt(), answer.getInt("target.class.index"));
        }
        byte[] image = Base64.getDecoder().decode(answer.getString("image.png"));
        ExplainGoldens.assertClose(name, ExplainGoldens.levels(image));
        boolean cam = method.equals("gradcam") || method.equals("layercam");
        assertEquals(cam, answer.get("overlay") != null, "an overlay for the CAM methods only");
    }

    @Test
    void overlayBlendsTheMapInViridisOverTheInput() {
        JsonPath answer = form().post("/api/explain").then().statusCode(200).extract().jsonPath();
        byte[] levels = ExplainGoldens.levels(Base64.getDecoder().decode(answer.getString("image.png")));
        byte[] overlay = ExplainGoldens.levels(Base64.getDecoder().decode(answer.getString("overlay.png")));
        byte[] input = io.featurelens.imaging.Preprocessor.resized(new io.featurelens.imaging.ImageDecoder(1 << 26)
                .decode(Goldens.sceneImage())).pixels();
        for (int i = 0; i < levels.length; i += 97) {
            int colour = ColorMap.VIRIDIS.rgb(levels[i] & 0xFF);
            for (int c = 0; c < 3; c++) {
                int expected = ((colour >> (16 - 8 * c) & 0xFF) + (input[3 * i + c] & 0xFF) + 1) / 2;
                assertEquals(expected, overlay[3 * i + c] & 0xFF, "pixel " + i + " channel " + c);
            }
        }
    }

    @Test
    void guidedBackpropIsNotPlainSaliency() {
        byte[] plain = ExplainGoldens.levels("saliency-top1");
        JsonPath answer = form().multiPart("method", "guided-backprop").post("/api/explain").then().statusCode(200)
                .extract().jsonPath();
        byte[] actual = ExplainGoldens.levels(Base64.getDecoder().decode(answer.getString("image.png")));
        int farFromPlain = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Math.abs((actual[i] & 0xFF) - (plain[i] & 0xFF)) > 6) {
                farFromPlain++;
            }
        }
        assertTrue(farFromPlain > actual.length / 10, "guided backprop looks like plain saliency: " + farFromPlain);
        ExplainGoldens.assertClose("guided-backprop-top1", actual);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "method=deepdream|unknown method 'deepdream'",
            "class=1000|class 1000 is out of range",
            "class=-1|class -1 is out of range",
            "class=shark|unknown class 'shark': use an index 0-999 or an ImageNet label such as 'great white shark'",
            "class=CARDIGAN|names classes [264, 474]",
            "method=guided-backprop&filter=3|'filter' needs 'layer'",
            "method=guided-backprop&layer=relu1_1&filter=64|filter 64 is out of range: relu1_1 has 64 filters",
            "method=gradcam&layer=3&filter=1|gradcam explains a class, not a filter",
            "method=guided-backprop&layer=3&filter=1&class=5|give 'class' or 'filter', not both",
            "method=saliency&layer=3|'layer' without 'filter'",
            "layer=31|layer 31 is out of range",
    })
    void refusesBadFieldsWithA400(String fieldsAndMessage) {
        String[] parts = fieldsAndMessage.split("\\|");
        RequestSpecification request = form();
        for (String field : parts[0].split("&")) {
            String[] kv = field.split("=", 2);
            request.multiPart(kv[0], kv[1]);
        }
        request.post("/api/explain").then().statusCode(400).body("error", containsString(parts[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "five", "-3"})
    void refusesABadTopWithA400(String top) {
        form().multiPart("top", top).post("/api/predict").then().statusCode(400)
                .body("error", containsString("is not a number from 1 to 1000"));
    }

    @Test
    void refusesAMissingImage() {
        given().multiPart("method", "gradcam").post("/api/explain").then().statusCode(400).body("error", containsString("no image"));
        given().multiPart("top", "3").post("/api/predict").then().statusCode(400).body("error", containsString("no image"));
    }

    @Test
    void modelSaysTheClassifierIsLoaded() {
        given().get("/api/model").then().statusCode(200).body("classifier", org.hamcrest.Matchers.is("loaded"));
    }
}
