package io.featurelens.api;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With micro-batching on, concurrent requests for different layers share forward passes and get what they get alone. */
@QuarkusTest
@TestProfile(BatchingTest.Batching.class)
class BatchingTest {

    public static class Batching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("featurelens.batching.enabled", "true", "featurelens.batching.max-size", "8",
                    "featurelens.batching.window", "200ms", "featurelens.limits.max-concurrent", "8");
        }
    }

    private static final String[][] REQUESTS = {{"0", "0-7"}, {"relu1_2", "60-63"}, {"5", "all"}, {"relu3_3", "0-15"}, {"29", "500-511"}};

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @Test
    void concurrentRequestsAreBatchedAndEachGetsItsOwnAnswer() throws Exception {
        Map<String, List<String>> alone = new HashMap<>();
        for (String[] r : REQUESTS) {
            alone.put(r[0], post(r));
        }
        double batchesBefore = metric("featurelens_batch_size_count");
        double requestsBefore = metric("featurelens_batch_size_sum");

        // Each round asks for five different layers at once and waits for all five: a forward pass that held
        // more than one request of a round therefore served different layers.
        int clients = REQUESTS.length;
        int rounds = 3;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    String[] r = REQUESTS[c];
                    futures.add(pool.submit(() -> {
                        start.await();
                        assertEquals(alone.get(r[0]), post(r), "layer " + r[0] + " in a batch");
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(5, TimeUnit.MINUTES);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double batches = metric("featurelens_batch_size_count") - batchesBefore;
        double requests = metric("featurelens_batch_size_sum") - requestsBefore;
        assertEquals(clients * rounds, requests, 0.0, "every request went through the batcher");
        assertTrue(batches < requests, requests + " requests for " + clients + " different layers per round ran in "
                + batches + " forward passes: some pass served different layers");
        assertTrue(metric("featurelens_batch_size_max") > 1, "a batch held several requests");
    }

    private static List<String> post(String[] r) {
        return given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png")
                .multiPart("layer", r[0]).multiPart("filters", r[1])
                .when().post("/api/features").then().statusCode(200).extract().jsonPath().getList("maps.png");
    }

    private static double metric(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        assertTrue(m.find(), name + " in /q/metrics");
        return Double.parseDouble(m.group(1));
    }
}
