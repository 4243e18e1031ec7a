package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featurelens.Goldens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function against a real S3 server (S3Proxy): images read from it, maps and montages written to it
 * and read back byte for byte equal to the JSON API's, for requests and for S3 notifications delivered
 * directly, through SQS (with partial batch failures) and through EventBridge.
 */
@QuarkusTest
@WithTestResource(value = S3ProxyServer.class, scope = TestResourceScope.GLOBAL)
class S3PipelineTest {

    private static final byte[] SCENE = Goldens.sceneImage();

    private S3Client s3;

    @BeforeEach
    void buckets() {
        s3 = S3ProxyServer.client();
        S3ProxyServer.createBuckets(s3, "images", "maps", "uploads");
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void imageFromS3MapsToS3() {
        S3ProxyServer.put(s3, "images", "in/scene.png", SCENE);
        ObjectNode event = FeaturesFunctionTest.event("layer", "relu1_2", "normalize", "minmax");
        event.set("imageS3", FeaturesFunctionTest.s3("images", "in/scene.png"));
        event.set("output", Lambda.JSON.createObjectNode().set("s3",
                Lambda.JSON.createObjectNode().put("bucket", "maps").put("prefix", "runs/1/")));

        Set<String> before = S3ProxyServer.keys(s3);
        Lambda.Invocation invocation = Lambda.invoke(event);
        assertEquals(200, invocation.status(), invocation.body().toString());
        assertWroteExactly(before, layerKeys("maps/runs/1", "relu1_2"));
        JsonNode answer = invocation.body();
        Map<String, String> parameters = Map.of("layer", "relu1_2", "normalize", "minmax");
        JsonNode api = JsonApi.features(parameters);
        for (String field : new String[] {"model", "layer", "normalize", "colormap"}) {
            assertEquals(api.get(field), answer.get(field), field);
        }
        assertEquals(64, answer.get("maps").size());
        for (int i = 0; i < 64; i++) {
            JsonNode map = answer.get("maps").get(i);
            assertFalse(map.has("png"), "map " + i + " is in S3, not inline");
            assertEquals(String.format("runs/1/relu1_2/filter-%02d.png", i), map.get("s3Key").asText());
            for (String field : new String[] {"filter", "min", "max", "mean"}) {
                assertEquals(api.get("maps").get(i).get(field), map.get(field), "map " + i + " " + field);
            }
            assertArrayEquals(JsonApi.png(api.get("maps").get(i)), S3ProxyServer.get(s3, "maps", map.get("s3Key").asText()),
                    "map " + i);
        }
        assertArrayEquals(JsonApi.montage(parameters), S3ProxyServer.get(s3, "maps", "runs/1/relu1_2/montage.png"));
        assertEquals("1", S3ProxyServer.metadata(s3, "maps", "runs/1/relu1_2/montage.png").get("montage-magnification"));
    }

    /** A montage of small maps says, as the API's X-Montage-Magnification does, how many times they are enlarged. */
    @Test
    void aMontageOfSmallMapsStatesItsMagnification() {
        ObjectNode event = FeaturesFunctionTest.event("layer", "pool5", "filters", "5,40,63");
        event.put("image", java.util.Base64.getEncoder().encodeToString(SCENE));
        event.set("output", Lambda.JSON.createObjectNode().set("s3",
                Lambda.JSON.createObjectNode().put("bucket", "maps").put("prefix", "runs/small")));
        Lambda.Invocation invocation = Lambda.invoke(event);
        assertEquals(200, invocation.status(), invocation.body().toString());
        Map<String, String> parameters = Map.of("layer", "pool5", "filters", "5,40,63");
        String magnification = JsonApi.montageMagnification(parameters);
        assertEquals("8", magnification, "pool5's 7x7 maps, eight times");
        assertEquals(magnification, S3ProxyServer.metadata(s3, "maps", "runs/small/pool5/montage.png").get("montage-magnification"));
        assertArrayEquals(JsonApi.montage(parameters), S3ProxyServer.get(s3, "maps", "runs/small/pool5/montage.png"));
        assertEquals(Map.of(), S3ProxyServer.metadata(s3, "maps", "runs/small/pool5/filter-005.png"), "maps carry none");
    }

    @Test
    void s3NotificationWritesTheConfiguredLayersUnderTheOutputPrefix() {
        String key = "incoming/a scene+1.png";
        S3ProxyServer.put(s3, "uploads", key, SCENE);

        Set<String> before = S3ProxyServer.keys(s3);
        Lambda.Invocation invocation = Lambda.invoke(notification(record("uploads", key)));
        assertEquals(200, invocation.status(), invocation.body().toString());
        assertWroteExactly(before, layerKeys("uploads/featurelens/" + key, "conv1_1", "conv1_2"));
        JsonNode written = invocation.body().get("written");
        assertEquals(1, written.size(), invocation.body().toString());
        assertEquals("s3://uploads/featurelens/" + key + "/", written.get(0).get("output").asText());
        assertEquals(128, written.get(0).get("maps").asInt());
        JsonNode montages = written.get(0).get("montages");
        assertEquals(2, montages.size(), written.toString());
        for (JsonNode montage : montages) {
            String montageKey = "featurelens/" + key + "/" + montage.get("layer").asText() + "/montage.png";
            assertEquals(montageKey, montage.get("key").asText());
            assertEquals(1, montage.get("magnification").asInt(), "224x224 maps are not enlarged");
            assertEquals("1", S3ProxyServer.metadata(s3, "uploads", montageKey).get("montage-magnification"));
        }
        assertFalse(written.get(0).has("gradcam"), "no overlay unless configured");
        assertLayerWritten("uploads", "featurelens/" + key, "conv1_1");
        assertLayerWritten("uploads", "featurelens/" + key, "conv1_2");
    }

    @Test
    void aFailedRecordFailsTheInvocationOnlyAfterTheOthersAreWritten() {
        S3ProxyServer.put(s3, "uploads", "batch/good.png", SCENE);
        S3ProxyServer.put(s3, "uploads", "batch/text.png", "not a picture".getBytes(StandardCharsets.UTF_8));

        Set<String> before = S3ProxyServer.keys(s3);
        Lambda.Invocation invocation = Lambda.invoke(notification(record("uploads", "batch/missing.png"),
                record("uploads", "batch/text.png"), record("uploads", "batch/good.png")));
        assertEquals(500, invocation.status(), "a failed invocation, so Lambda retries the event: " + invocation.body());
        assertWroteExactly(before, layerKeys("uploads/featurelens/batch/good.png", "conv1_1", "conv1_2"));
        String message = invocation.body().get("errorMessage").asText();
        assertTrue(message.contains("2 of 3 records failed"), message);
        assertTrue(message.contains("s3://uploads/batch/missing.png: no object 'batch/missing.png' in bucket 'uploads'"),
                message);
        assertTrue(message.contains("s3://uploads/batch/text.png: not an image"), message);
        assertTrue(message.contains("written: s3://uploads/batch/good.png -> s3://uploads/featurelens/batch/good.png/"),
                message);
        assertLayerWritten("uploads", "featurelens/batch/good.png", "conv1_1");
        assertLayerWritten("uploads", "featurelens/batch/good.png", "conv1_2");
    }

    @Test
    void aKeyThatIsNotUrlEncodedFailsItsRecordAlone() {
        S3ProxyServer.put(s3, "uploads", "encoded/good.png", SCENE);
        ObjectNode broken = record("uploads", "encoded/broken.png");
        ((ObjectNode) broken.get("s3").get("object")).put("key", "encoded/100%zz.png");

        Set<String> before = S3ProxyServer.keys(s3);
        Lambda.Invocation invocation = Lambda.invoke(notification(broken, record("uploads", "encoded/good.png")));
        assertEquals(500, invocation.status(), invocation.body().toString());
        assertWroteExactly(before, layerKeys("uploads/featurelens/encoded/good.png", "conv1_1", "conv1_2"));
        String message = invocation.body().get("errorMessage").asText();
        assertTrue(message.contains("1 of 2 records failed: record 0: s3.object.key 'encoded/100%zz.png' is not URL-encoded"),
                message);
        assertLayerWritten("uploads", "featurelens/encoded/good.png", "conv1_1");
    }

    @Test
    void throughSqsOnlyTheFailedMessageIsReported() {
        S3ProxyServer.put(s3, "uploads", "queued/ok.png", SCENE);
        S3ProxyServer.put(s3, "uploads", "bridged/ok.png", SCENE);
        ArrayNode messages = Lambda.JSON.createArrayNode()
                .add(sqsMessage("message-ok", notification(record("uploads", "queued/ok.png"))))
                .add(sqsMessage("message-missing", notification(record("uploads", "queued/missing.png"))))
                .add(sqsMessage("message-bridged", eventBridge("uploads", "bridged/ok.png")));

        Set<String> before = S3ProxyServer.keys(s3);
        Lambda.Invocation invocation = Lambda.invoke(Lambda.JSON.createObjectNode().set("Records", messages));
        assertEquals(200, invocation.status(), invocation.body().toString());
        Set<String> expected = new TreeSet<>(layerKeys("uploads/featurelens/queued/ok.png", "conv1_1", "conv1_2"));
        expected.addAll(layerKeys("uploads/featurelens/bridged/ok.png", "conv1_1", "conv1_2"));
        assertWroteExactly(before, expected);
        JsonNode failures = invocation.body().get("batchItemFailures");
        assertEquals(1, failures.size(), invocation.body().toString());
        assertEquals("message-missing", failures.get(0).get("itemIdentifier").asText());
        assertLayerWritten("uploads", "featurelens/queued/ok.png", "conv1_1");
        assertLayerWritten("uploads", "featurelens/bridged/ok.png", "conv1_2");
    }

    @Test
    void eventBridgeObjectCreated() {
        S3ProxyServer.put(s3, "uploads", "bridge/scene.png", SCENE);
        Set<String> before = S3ProxyServer.keys(s3);
        Lambda.Invocation invocation = Lambda.invoke(eventBridge("uploads", "bridge/scene.png"));
        assertEquals(200, invocation.status(), invocation.body().toString());
        assertWroteExactly(before, layerKeys("uploads/featurelens/bridge/scene.png", "conv1_1", "conv1_2"));
        assertEquals(1, invocation.body().get("written").size(), invocation.body().toString());
        assertLayerWritten("uploads", "featurelens/bridge/scene.png", "conv1_1");
    }

    @Test
    void imagesUnderTheOutputPrefixAreNeverRead() {
        String key = "featurelens/loop/scene.png";
        S3ProxyServer.put(s3, "uploads", key, SCENE);

        Set<String> before = S3ProxyServer.keys(s3);
        Lambda.Invocation invocation = Lambda.invoke(notification(record("uploads", key)));
        assertEquals(200, invocation.status(), invocation.body().toString());
        assertEquals(before, S3ProxyServer.keys(s3), "nothing written");
        assertEquals(0, invocation.body().get("written").size(), invocation.body().toString());
        assertEquals("under the output prefix s3://uploads/featurelens/",
                invocation.body().get("skipped").get(0).get("reason").asText());
        assertFalse(S3ProxyServer.exists(s3, "uploads", "featurelens/" + key + "/conv1_1/montage.png"));
    }

    @Test
    void s3sTestEventIsSkipped() {
        Set<String> before = S3ProxyServer.keys(s3);
        Lambda.Invocation invocation = Lambda.invoke(Lambda.JSON.createObjectNode().put("Service", "Amazon S3")
                .put("Event", "s3:TestEvent").put("Bucket", "uploads"));
        assertEquals(200, invocation.status(), invocation.body().toString());
        assertEquals(before, S3ProxyServer.keys(s3), "nothing written");
        assertEquals("S3's test event", invocation.body().get("skipped").get(0).get("reason").asText());
    }

    /** The keys of 64 maps and a montage for each layer under {@code folder} ({@code bucket/prefix}). */
    private static Set<String> layerKeys(String folder, String... layers) {
        Set<String> keys = new TreeSet<>();
        for (String layer : layers) {
            for (int filter = 0; filter < 64; filter++) {
                keys.add(String.format("%s/%s/filter-%02d.png", folder, layer, filter));
            }
            keys.add(folder + "/" + layer + "/montage.png");
        }
        return keys;
    }

    /** The server now holds every expected key, and nothing new besides (a key that existed before may be rewritten). */
    private void assertWroteExactly(Set<String> before, Set<String> expected) {
        Set<String> after = S3ProxyServer.keys(s3);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(after);
        Set<String> extra = new TreeSet<>(after);
        extra.removeAll(before);
        extra.removeAll(expected);
        assertEquals(Set.of(), missing, "expected in S3 but missing");
        assertEquals(Set.of(), extra, "written to S3 but not expected");
    }

    /** Every map of {@code layer} under {@code folder}, and its montage, byte for byte the JSON API's. */
    private void assertLayerWritten(String bucket, String folder, String layer) {
        JsonNode api = JsonApi.features(Map.of("layer", layer));
        for (JsonNode map : api.get("maps")) {
            String key = String.format("%s/%s/filter-%02d.png", folder, layer, map.get("filter").asInt());
            assertArrayEquals(JsonApi.png(map), S3ProxyServer.get(s3, bucket, key), key);
        }
        assertArrayEquals(JsonApi.montage(Map.of("layer", layer)), S3ProxyServer.get(s3, bucket, folder + "/" + layer + "/montage.png"));
    }

    private static ObjectNode notification(ObjectNode... records) {
        ArrayNode array = Lambda.JSON.createArrayNode();
        for (ObjectNode record : records) {
            array.add(record);
        }
        return Lambda.JSON.createObjectNode().set("Records", array);
    }

    /** A record as S3 writes it: the key URL-encoded, as in a form, slashes kept. */
    private static ObjectNode record(String bucket, String key) {
        ObjectNode s3 = Lambda.JSON.createObjectNode().put("s3SchemaVersion", "1.0");
        s3.set("bucket", Lambda.JSON.createObjectNode().put("name", bucket).put("arn", "arn:aws:s3:::" + bucket));
        s3.set("object", Lambda.JSON.createObjectNode()
                .put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/")).put("size", SCENE.length));
        ObjectNode record = Lambda.JSON.createObjectNode().put("eventVersion", "2.1").put("eventSource", "aws:s3")
                .put("awsRegion", "us-east-1").put("eventTime", "2026-11-29T12:00:00.000Z")
                .put("eventName", "ObjectCreated:Put");
        record.set("s3", s3);
        return record;
    }

    private static ObjectNode eventBridge(String bucket, String key) {
        ObjectNode detail = Lambda.JSON.createObjectNode().put("version", "0").put("reason", "PutObject");
        detail.set("bucket", Lambda.JSON.createObjectNode().put("name", bucket));
        detail.set("object", Lambda.JSON.createObjectNode().put("key", key).put("size", SCENE.length));
        ObjectNode event = Lambda.JSON.createObjectNode().put("version", "0").put("id", "17793124-05d4-b198-2fde-7ededc63b103")
                .put("detail-type", "Object Created").put("source", "aws.s3").put("account", "111122223333")
                .put("time", "2026-11-29T12:00:00Z").put("region", "us-east-1");
        event.set("resources", Lambda.JSON.createArrayNode().add("arn:aws:s3:::" + bucket));
        event.set("detail", detail);
        return event;
    }

    static ObjectNode sqsMessage(String id, ObjectNode body) {
        ObjectNode message = Lambda.JSON.createObjectNode().put("messageId", id).put("receiptHandle", "handle-" + id)
                .put("body", body.toString()).put("md5OfBody", "").put("eventSource", "aws:sqs")
                .put("eventSourceARN", "arn:aws:sqs:us-east-1:111122223333:uploads").put("awsRegion", "us-east-1");
        message.set("attributes", Lambda.JSON.createObjectNode().put("ApproximateReceiveCount", "1"));
        message.set("messageAttributes", Lambda.JSON.createObjectNode());
        return message;
    }
}
