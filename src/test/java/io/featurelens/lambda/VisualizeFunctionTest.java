package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code visualize} events through the runtime API against S3Proxy: exactly the atlas's PNG and JSON of each
 * asked filter are written (the whole bucket listed before and after), each PNG the same bytes as the JSON API's
 * job for the same parameters; through SQS too; and events that can never be served are answered with a 4xx
 * and write nothing.
 */
@QuarkusTest
@WithTestResource(value = S3ProxyServer.class, scope = TestResourceScope.GLOBAL)
class VisualizeFunctionTest {

    private S3Client s3;

    @BeforeEach
    void buckets() {
        s3 = S3ProxyServer.client();
        S3ProxyServer.createBuckets(s3, "maps");
    }

    @AfterEach
    void close() {
        s3.close();
    }

    static ObjectNode event(String layer, String filters, int steps, String bucket, String prefix) {
        ObjectNode event = Lambda.JSON.createObjectNode();
        event.set("visualize", Lambda.JSON.createObjectNode().put("layer", layer).put("filters", filters)
                .put("steps", steps).put("seed", 7));
        event.set("output", Lambda.JSON.createObjectNode().set("s3",
                Lambda.JSON.createObjectNode().put("bucket", bucket).put("prefix", prefix)));
        return event;
    }

    private static Set<String> atlasKeys(String folder, String layer, int... filters) {
        Set<String> keys = new TreeSet<>();
        for (int filter : filters) {
            keys.add(String.format("%s/%s/filter-%03d.png", folder, layer, filter));
            keys.add(String.format("%s/%s/filter-%03d.json", folder, layer, filter));
        }
        return keys;
    }

    private Set<String> written(Set<String> before) {
        Set<String> after = new TreeSet<>(S3ProxyServer.keys(s3));
        after.removeAll(before);
        return after;
    }

    @Test
    void aRangeOfFiltersIsWrittenAsTheAtlasLaysItOut() throws Exception {
        Set<String> before = S3ProxyServer.keys(s3);
        String prefix = "atlas/" + System.nanoTime();
        Lambda.Invocation invocation = Lambda.invoke(event("conv1_1", "3-4,9", 3, "maps", prefix + "/"));
        assertEquals(200, invocation.status(), invocation.body().toString());
        assertEquals(atlasKeys("maps/" + prefix, "conv1_1", 3, 4, 9), written(before));

        JsonNode answer = invocation.body();
        assertEquals("conv1_1", answer.get("layer").asText());
        assertEquals(3, answer.get("written").size(), answer.toString());
        int[] filters = {3, 4, 9};
        for (int i = 0; i < filters.length; i++) {
            JsonNode entry = answer.get("written").get(i);
            assertEquals(filters[i], entry.get("filter").asInt());
            assertEquals(String.format("%s/conv1_1/filter-%03d.png", prefix, filters[i]), entry.get("png").asText());
            JsonNode json = Lambda.JSON.readTree(S3ProxyServer.get(s3, "maps", entry.get("json").asText()));
            assertTrue(json.isObject() && json.size() > 0, json.toString());
        }

        // The same filter, steps and seed through the JSON API's jobs: the same picture, byte for byte.
        Response job = given().contentType("application/json")
                .body(Map.of("layer", "conv1_1", "filter", 4, "steps", 3, "seed", 7)).post("/api/visualizations");
        assertTrue(job.statusCode() == 200 || job.statusCode() == 202, job.asString());
        JsonNode done = io.featurelens.visualize.VisualizationJobsApiTest.awaitFinished(
                Lambda.JSON.readTree(job.asByteArray()).get("id").asText());
        assertArrayEquals(Base64.getDecoder().decode(done.get("image").get("png").asText()),
                S3ProxyServer.get(s3, "maps", prefix + "/conv1_1/filter-004.png"));
        JsonNode json = Lambda.JSON.readTree(S3ProxyServer.get(s3, "maps", prefix + "/conv1_1/filter-004.json"));
        assertEquals(4, json.get("filter").asInt());
        assertEquals(3, json.get("steps").asInt());
        assertEquals(7, json.get("seed").asLong());
        double mean = done.get("activation").get("mean").asDouble();
        assertEquals(mean, json.get("activation").get("mean").asDouble(), Math.abs(mean) * 0.02,
                "the JSON's mean activation, as the API's " + done.get("activation") + ": " + json);
    }

    @Test
    void throughSqs() {
        Set<String> before = S3ProxyServer.keys(s3);
        String prefix = "sqs/" + System.nanoTime();
        ObjectNode records = Lambda.JSON.createObjectNode();
        records.set("Records", Lambda.JSON.createArrayNode()
                .add(S3PipelineTest.sqsMessage("filters-0-1", event("relu1_1", "0-1", 2, "maps", prefix))));
        Lambda.Invocation invocation = Lambda.invoke(records);
        assertEquals(200, invocation.status(), invocation.body().toString());
        assertEquals(atlasKeys("maps/" + prefix, "relu1_1", 0, 1), written(before));
        JsonNode failures = invocation.body().path("batchItemFailures");
        assertTrue(failures.isMissingNode() || failures.isEmpty(), invocation.body().toString());
    }

    @Test
    void eventsThatCanNeverBeServedAreAnsweredAndWriteNothing() {
        Set<String> before = S3ProxyServer.keys(s3);
        assertRefused(event("conv9_9", "0", 2, "maps", "bad"), 400, "unknown layer 'conv9_9'");
        assertRefused(event("conv1_1", "60-64", 2, "maps", "bad"), 400, "filter 64 is out of range");
        assertRefused(event("conv1_1", "0", 0, "maps", "bad"), 400, "steps");
        assertRefused(event("conv1_1", "0", 2, "elsewhere", "bad"), 403, "allowed-buckets");
        ObjectNode noOutput = event("conv1_1", "0", 2, "maps", "bad");
        noOutput.remove("output");
        assertRefused(noOutput, 400, "needs 'output'");
        ObjectNode misspelt = event("conv1_1", "0", 2, "maps", "bad");
        ((ObjectNode) misspelt.get("visualize")).put("layers", "conv1_2");
        assertRefused(misspelt, 400, "unknown visualize field 'layers'");
        assertEquals(Set.of(), written(before));
    }

    private static void assertRefused(ObjectNode event, int status, String mentions) {
        Lambda.Invocation invocation = Lambda.invoke(event);
        assertEquals(200, invocation.status(), invocation.body().toString());
        assertEquals(status, invocation.body().get("status").asInt(), invocation.body().toString());
        assertTrue(invocation.body().get("error").asText().contains(mentions), invocation.body().toString());
    }
}
