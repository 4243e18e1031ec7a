package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featurelens.ExplainGoldens;
import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Predictions and explanations through the Lambda runtime API (direct events and the function URL's HTTP
 * events), held against the JSON API's answers for the same image: the same fields, pictures byte for byte,
 * the same errors. And the S3 pipeline configured to write the Grad-CAM overlay of the top class beside the
 * maps, against S3Proxy: exactly the expected keys, the overlay the API's, each montage's magnification
 * stated in its metadata and in the report.
 */
@QuarkusTest
@TestProfile(LambdaExplainTest.ClassifierAndOverlay.class)
@WithTestResource(value = S3ProxyServer.class, scope = TestResourceScope.GLOBAL)
class LambdaExplainTest {

    /** The classifier on; the pipeline writes 8 maps of conv1_1 and of pool5 (magnified 8 times) and the overlay. */
    public static class ClassifierAndOverlay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("featurelens.model.classifier", "true",
                    "featurelens.lambda.pipeline.gradcam-overlay", "true",
                    "featurelens.lambda.pipeline.layers", "conv1_1,pool5",
                    "featurelens.lambda.pipeline.filters", "0-7");
        }
    }

    private static final byte[] SCENE = Goldens.sceneImage();
    private static final String SCENE_BASE64 = Base64.getEncoder().encodeToString(SCENE);

    private S3Client s3;

    @BeforeEach
    void ready() {
        ModelReady.await();
        s3 = S3ProxyServer.client();
        S3ProxyServer.createBuckets(s3, "images", "uploads");
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void predictIsTheApisAnswer() {
        JsonNode function = invoke(scene("predict", "top", "5"));
        JsonNode api = JsonApi.answer("/api/predict", Map.of("top", "5"), 200);
        assertEquals(api.get("model"), function.get("model"));
        assertEquals(api.get("predictions"), function.get("predictions"));
        assertTrue(function.get("timingsMs").has("total"), function.toString());
        JsonNode expected = ExplainGoldens.meta().get("top");
        for (int i = 0; i < 5; i++) {
            assertEquals(expected.get(i).get("index").asInt(), function.get("predictions").get(i).get("index").asInt(), "rank " + i);
        }
        assertEquals(3, invoke(scene("predict").put("top", 3)).get("predictions").size(), "top as a JSON number");
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource(nullValues = "-", value = {
            "-, -, -, -",
            "layercam, -, relu4_3, -",
            "guided-backprop, tiger cat, -, -",
            "saliency, -, relu3_1, 7"})
    void explainIsTheApisAnswer(String method, String klass, String layer, String filter) {
        Map<String, String> fields = new HashMap<>();
        if (method != null) {
            fields.put("method", method);
        }
        if (klass != null) {
            fields.put("class", klass);
        }
        if (layer != null) {
            fields.put("layer", layer);
        }
        if (filter != null) {
            fields.put("filter", filter);
        }
        ObjectNode event = scene("explain");
        fields.forEach(event::put);
        JsonNode function = invoke(event);
        JsonNode api = JsonApi.answer("/api/explain", fields, 200);
        assertSameExplanation(api, function);
        assertEquals(method == null ? "gradcam" : method, function.get("method").asText());
    }

    @Test
    void explainReadsTheImageFromS3AndAnswersThroughTheFunctionUrl() throws Exception {
        S3ProxyServer.put(s3, "images", "in/scene.png", SCENE);
        ObjectNode fromS3 = FeaturesFunctionTest.event("action", "explain", "method", "guided-gradcam");
        fromS3.set("imageS3", FeaturesFunctionTest.s3("images", "in/scene.png"));
        JsonNode api = JsonApi.answer("/api/explain", Map.of("method", "guided-gradcam"), 200);
        assertSameExplanation(api, invoke(fromS3));

        JsonNode overHttp = FunctionUrlTest.body(FunctionUrlTest.http("POST", scene("explain").toString(), false), 200);
        assertSameExplanation(JsonApi.answer("/api/explain", Map.of(), 200), overHttp);
        JsonNode predicted = FunctionUrlTest.body(FunctionUrlTest.http("POST", scene("predict").toString(), false), 200);
        assertEquals(JsonApi.answer("/api/predict", Map.of(), 200).get("predictions"), predicted.get("predictions"));
        JsonNode refused = FunctionUrlTest.body(FunctionUrlTest.http("POST", scene("explain", "method", "occlusion").toString(),
                false), 400);
        assertEquals(JsonApi.answer("/api/explain", Map.of("method", "occlusion"), 400).get("error"), refused.get("error"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "predict | top | 0",
            "predict | top | many",
            "explain | method | occlusion",
            "explain | class | 1000",
            "explain | class | no such animal",
            "explain | filter | 3"})
    void errorsAreTheApisErrors(String action, String field, String value) {
        JsonNode api = JsonApi.answer("/api/" + action, Map.of(field, value), 400);
        Lambda.Invocation invocation = Lambda.invoke(scene(action, field, value));
        assertEquals(200, invocation.status(), "an error answer, not a failed invocation: " + invocation.body());
        assertEquals(400, invocation.body().get("status").asInt(), invocation.body().toString());
        assertEquals(api.get("error"), invocation.body().get("error"));
    }

    @Test
    void fieldsOfAnotherActionAreRefused() {
        Lambda.Invocation invocation = Lambda.invoke(scene("predict", "method", "gradcam"));
        assertEquals(400, invocation.body().get("status").asInt(), invocation.body().toString());
        assertTrue(invocation.body().get("error").asText().contains("unknown field 'method'"), invocation.body().toString());
    }

    @Test
    void thePipelineWritesTheGradCamOverlayOfTheTopClassBesideTheMaps() {
        String key = "incoming/explained scene.png";
        S3ProxyServer.put(s3, "uploads", key, SCENE);
        Set<String> before = S3ProxyServer.keys(s3);
        ObjectNode record = Lambda.JSON.createObjectNode().put("eventSource", "aws:s3").put("eventName", "ObjectCreated:Put");
        record.putObject("s3").<ObjectNode>set("bucket", Lambda.JSON.createObjectNode().put("name", "uploads"))
                .putObject("object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
        ObjectNode notification = Lambda.JSON.createObjectNode();
        notification.putArray("Records").add(record);

        Lambda.Invocation invocation = Lambda.invoke(notification);
        assertEquals(200, invocation.status(), invocation.body().toString());
        String folder = "featurelens/" + key;
        Set<String> expected = new TreeSet<>();
        for (String layer : new String[] {"conv1_1", "pool5"}) {
            for (int filter = 0; filter < 8; filter++) {
                expected.add(String.format("uploads/%s/%s/filter-%s.png", folder, layer,
                        layer.equals("pool5") ? String.format("%03d", filter) : String.format("%02d", filter)));
            }
            expected.add("uploads/" + folder + "/" + layer + "/montage.png");
        }
        expected.add("uploads/" + folder + "/gradcam-overlay.png");
        Set<String> written = S3ProxyServer.keys(s3);
        written.removeAll(before);
        assertEquals(expected, written, "exactly the maps, the montages and the overlay");

        JsonNode api = JsonApi.answer("/api/explain", Map.of(), 200);
        assertArrayEquals(Base64.getDecoder().decode(api.get("overlay").get("png").asText()),
                S3ProxyServer.get(s3, "uploads", folder + "/gradcam-overlay.png"), "the API's Grad-CAM overlay");
        JsonNode report = invocation.body().get("written").get(0);
        assertEquals(folder + "/gradcam-overlay.png", report.get("gradcam").get("key").asText(), report.toString());
        assertEquals(api.get("target").get("class"), report.get("gradcam").get("class"), report.toString());

        for (JsonNode montage : report.get("montages")) {
            String layer = montage.get("layer").asText();
            String magnification = JsonApi.montageMagnification(Map.of("layer", layer, "filters", "0-7"));
            assertEquals(layer.equals("pool5") ? "8" : "1", magnification, layer);
            assertEquals(magnification, montage.get("magnification").asText(), report.toString());
            assertEquals(folder + "/" + layer + "/montage.png", montage.get("key").asText());
            assertEquals(magnification, S3ProxyServer.metadata(s3, "uploads", montage.get("key").asText())
                    .get("montage-magnification"), "metadata of " + layer + "'s montage");
            assertArrayEquals(JsonApi.montage(Map.of("layer", layer, "filters", "0-7")),
                    S3ProxyServer.get(s3, "uploads", montage.get("key").asText()), layer + "'s montage");
        }
        assertEquals(2, report.get("montages").size(), report.toString());
    }

    /** The same model, method, target, layer and pictures byte for byte. */
    private static void assertSameExplanation(JsonNode api, JsonNode function) {
        for (String field : new String[] {"model", "method", "target", "layer", "image", "overlay"}) {
            assertEquals(api.get(field), function.get(field), field);
        }
        assertFalse(function.has("error"), function.toString());
        assertTrue(function.get("timingsMs").has("total"), function.toString());
    }

    private static JsonNode invoke(ObjectNode event) {
        Lambda.Invocation invocation = Lambda.invoke(event);
        assertEquals(200, invocation.status(), invocation.body().toString());
        assertFalse(invocation.body().has("error"), invocation.body().toString());
        return invocation.body();
    }

    private static ObjectNode scene(String action, String... fields) {
        return FeaturesFunctionTest.event(fields).put("action", action).put("image", SCENE_BASE64);
    }
}
