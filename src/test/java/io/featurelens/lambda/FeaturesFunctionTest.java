package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featurelens.Goldens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function invoked through Quarkus's mock event server (the Lambda runtime API over HTTP): its
 * answers are the JSON API's answers, a bad event gets an error answer naming the problem and leaves the
 * function serving, and an answer too large for Lambda is refused with advice.
 */
@QuarkusTest
@WithTestResource(value = S3ProxyServer.class, scope = TestResourceScope.GLOBAL)
class FeaturesFunctionTest {

    private static final long MAX_INLINE_BYTES = 1_048_576;
    private static final String SCENE = Base64.getEncoder().encodeToString(Goldens.sceneImage());

    @BeforeEach
    void buckets() {
        try (S3Client s3 = S3ProxyServer.client()) {
            S3ProxyServer.createBuckets(s3, "images");
        }
    }

    @Test
    void inlineAnswerIsTheJsonApisAnswer() {
        JsonNode answer = answer(scene("layer", "relu1_2", "filters", "0-7,40", "normalize", "minmax"));
        JsonApi.assertSameAnswer(JsonApi.features(Map.of("layer", "relu1_2", "filters", "0-7,40",
                "normalize", "minmax")), answer);
        assertEquals(9, answer.get("maps").size());
        assertEquals(40, answer.get("maps").get(8).get("filter").asInt());
    }

    @Test
    void layerAsANumberAndAColormapMeanWhatTheyMeanInTheJsonApi() {
        ObjectNode event = scene("filters", "3-5", "colormap", "viridis");
        event.put("layer", 9);
        JsonNode answer = answer(event);
        assertEquals("pool2", answer.get("layer").get("name").asText());
        JsonApi.assertSameAnswer(JsonApi.features(Map.of("layer", "9", "filters", "3-5", "colormap", "viridis")), answer);
    }

    @Test
    void defaultsAreTheJsonApisDefaults() {
        JsonNode answer = answer(scene("filters", "0"));
        assertEquals("conv1_1", answer.get("layer").get("name").asText());
        assertEquals("sigmoid", answer.get("normalize").asText());
        assertEquals("grey", answer.get("colormap").asText());
        JsonApi.assertSameAnswer(JsonApi.features(Map.of("filters", "0")), answer);
    }

    static Stream<Arguments> badEvents() {
        return Stream.of(
                Arguments.of("no image", event(), 400, "no image"),
                Arguments.of("image not a string", event().put("layer", "0").set("image", Lambda.JSON.createArrayNode()), 400,
                        "'image' must be a base64 string"),
                Arguments.of("bad base64", event("image", "iVBORw0KGgo*not base64*"), 400, "'image' is not valid base64"),
                Arguments.of("not an image", event("image", Base64.getEncoder().encodeToString(
                        "just some text".getBytes(StandardCharsets.UTF_8))), 415, "not an image"),
                Arguments.of("both image and imageS3", scene().set("imageS3", s3("images", "scene.png")), 400, "not both"),
                Arguments.of("unknown bucket", event().set("imageS3", s3("no-such-bucket", "scene.png")), 404,
                        "no bucket 'no-such-bucket'"),
                Arguments.of("a bucket that is not allowed", event().set("imageS3", s3("someone-elses", "scene.png")), 403,
                        "bucket 'someone-elses' is not among featurelens.lambda.s3.allowed-buckets"),
                Arguments.of("an output bucket that is not allowed", scene("filters", "0").set("output",
                        Lambda.JSON.createObjectNode().set("s3", Lambda.JSON.createObjectNode().put("bucket", "someone-elses"))),
                        403, "bucket 'someone-elses' is not among"),
                Arguments.of("unknown key", event().set("imageS3", s3("images", "missing/scene.png")), 404,
                        "no object 'missing/scene.png' in bucket 'images'"),
                Arguments.of("imageS3 without key", event().set("imageS3", Lambda.JSON.createObjectNode().put("bucket", "images")),
                        400, "'imageS3' needs 'key'"),
                Arguments.of("layer out of range", scene("layer", "31"), 400, "layer 31 is out of range"),
                Arguments.of("unknown layer", scene("layer", "conv9_9"), 400, "unknown layer 'conv9_9'"),
                Arguments.of("layer not a scalar", scene().set("layer", Lambda.JSON.createObjectNode()), 400,
                        "'layer' must be a string or a number"),
                Arguments.of("filter out of range", scene("layer", "conv1_1", "filters", "60-64"), 400,
                        "filter 64 is out of range: conv1_1 has 64 filters"),
                Arguments.of("malformed filters", scene("filters", "a-b"), 400, "malformed filters"),
                Arguments.of("unknown normalize", scene("normalize", "log"), 400, "unknown normalize 'log'"),
                Arguments.of("unknown output bucket", scene("filters", "0").set("output",
                        Lambda.JSON.createObjectNode().set("s3", Lambda.JSON.createObjectNode().put("bucket", "no-such-bucket"))),
                        404, "no output bucket 'no-such-bucket'"),
                Arguments.of("unknown output", scene().set("output", Lambda.JSON.createObjectNode().put("ftp", "x")), 400,
                        "'output' must be {\"s3\""),
                Arguments.of("a misspelt field", scene("layers", "pool5"), 400, "unknown field 'layers'"),
                Arguments.of("an unknown action", scene("action", "classify"), 400,
                        "unknown action 'classify': use features (the default), predict or explain"),
                Arguments.of("a features field in a predict request", scene("action", "predict", "layer", "3"), 400,
                        "unknown field 'layer'"),
                Arguments.of("a key longer than S3's", event().set("imageS3", s3("images", "k".repeat(1025))), 400,
                        "'imageS3.key' is 1025 bytes; at most 1024 fit in an S3 key"),
                Arguments.of("an output prefix leaving no room for the names", scene("filters", "0").set("output",
                        Lambda.JSON.createObjectNode().set("s3", Lambda.JSON.createObjectNode().put("bucket", "maps")
                                .put("prefix", "p".repeat(1000)))), 400, "'output.s3.prefix' is 1000 bytes; at most 960"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void badEventIsAnsweredAndTheNextEventIsServed(String name, ObjectNode event, int status, String message) {
        Lambda.Invocation invocation = Lambda.invoke(event);
        assertEquals(200, invocation.status(), "an error answer, not a failed invocation: " + invocation.body());
        assertEquals(status, invocation.body().get("status").asInt(), invocation.body().toString());
        assertTrue(invocation.body().get("error").asText().contains(message), invocation.body().toString());
        assertFalse(invocation.body().has("maps"));

        assertEquals(2, answer(scene("filters", "0-1")).get("maps").size());
    }

    /** The test profile leaves the classifier out: predict and explain answer the API's 409, and maps are still served. */
    @Test
    void withoutAClassifierPredictAndExplainAnswerTheApis409() {
        for (String action : new String[] {"predict", "explain"}) {
            JsonNode api = JsonApi.answer("/api/" + action, Map.of(), 409);
            Lambda.Invocation invocation = Lambda.invoke(scene("action", action));
            assertEquals(200, invocation.status(), invocation.body().toString());
            assertEquals(409, invocation.body().get("status").asInt(), invocation.body().toString());
            assertEquals(api.get("error"), invocation.body().get("error"));
            assertTrue(api.get("error").asText().contains("featurelens.model.classifier"), api.toString());
        }
        assertEquals(1, answer(scene("action", "features", "filters", "0")).get("maps").size());
    }

    @Test
    void anAnswerTooLargeForLambdaIsRefusedWithAdvice() {
        // The test profile sets the limit to 1 MiB (application.properties); conv1_1's 64 maps take 1.4 MB.
        Lambda.Invocation invocation = Lambda.invoke(scene("layer", "conv1_1"));
        assertEquals(200, invocation.status());
        JsonNode error = invocation.body();
        assertEquals(413, error.get("status").asInt(), error.toString());
        String message = error.get("error").asText();
        assertTrue(message.contains("over the limit of " + MAX_INLINE_BYTES + " bytes"), message);
        assertTrue(message.contains("fewer filters") && message.contains("\"output\""), message);
        assertFalse(error.has("maps"));

        JsonNode fewer = answer(scene("layer", "conv1_1", "filters", "0-9"));
        assertEquals(10, fewer.get("maps").size());
        assertTrue(fewer.toString().length() < MAX_INLINE_BYTES);
    }

    private static JsonNode answer(ObjectNode event) {
        Lambda.Invocation invocation = Lambda.invoke(event);
        assertEquals(200, invocation.status(), invocation.body().toString());
        assertFalse(invocation.body().has("error"), invocation.body().toString());
        return invocation.body();
    }

    static ObjectNode event(String... fields) {
        ObjectNode event = Lambda.JSON.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            event.put(fields[i], fields[i + 1]);
        }
        return event;
    }

    static ObjectNode scene(String... fields) {
        return event(fields).put("image", SCENE);
    }

    static ObjectNode s3(String bucket, String key) {
        return Lambda.JSON.createObjectNode().put("bucket", bucket).put("key", key);
    }
}
