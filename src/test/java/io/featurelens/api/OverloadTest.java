package io.featurelens.api;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Past the queue, requests are refused at once with 503 and Retry-After; the accepted ones all complete. */
@QuarkusTest
@TestProfile(OverloadTest.TinyQueue.class)
class OverloadTest {

    public static class TinyQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("featurelens.limits.max-concurrent", "1", "featurelens.limits.max-queued", "2",
                    "featurelens.limits.max-wait", "60s");
        }
    }

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @Test
    void aBurstBeyondTheQueueIsRefusedNotAbsorbed() throws Exception {
        int burst = 12;
        ExecutorService clients = Executors.newFixedThreadPool(burst);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> responses = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                responses.add(clients.submit(() -> {
                    start.await();
                    return given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png")
                            .multiPart("layer", "relu3_3").when().post("/api/features");
                }));
            }
            start.countDown();
            int ok = 0;
            int refused = 0;
            for (Future<Response> future : responses) {
                Response response = future.get(5, TimeUnit.MINUTES);
                if (response.statusCode() == 200) {
                    assertEquals(256, response.jsonPath().getList("maps").size());
                    ok++;
                } else {
                    assertEquals(503, response.statusCode(), response.asString());
                    assertEquals("1", response.header("Retry-After"));
                    response.then().body("error", containsString("busy"));
                    refused++;
                }
            }
            assertTrue(ok >= 1, "some requests were served: " + ok);
            assertTrue(refused >= 1, "some requests were refused: " + refused);
            assertTrue(ok <= burst - 1, "one running and two queued at most when the burst arrived, give or take: " + ok);
        } finally {
            clients.shutdownNow();
        }
        given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png").multiPart("filters", "0")
                .when().post("/api/features").then().statusCode(200);
    }
}
