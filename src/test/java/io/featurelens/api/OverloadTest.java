package io.featurelens.api;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.featurelens.core.Admission;
import io.featurelens.core.FeatureService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Past the queue, requests are refused at once with 503 and Retry-After; the queued ones complete when a slot frees. */
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

    @Inject
    FeatureService service;

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @Test
    void aBurstBeyondTheQueueIsRefusedNotAbsorbed() throws Exception {
        int burst = 12;
        ExecutorService clients = Executors.newFixedThreadPool(burst);
        try {
            List<Future<Response>> responses = new ArrayList<>();
            try (Admission.Turn held = service.admission().enter()) {
                for (int i = 0; i < burst; i++) {
                    responses.add(clients.submit(() -> given()
                            .multiPart("image", "scene.png", Goldens.sceneImage(), "image/png")
                            .multiPart("layer", "relu3_3").when().post("/api/features")));
                }
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (responses.stream().filter(Future::isDone).count() < burst - 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                List<Response> refused = new ArrayList<>();
                for (Future<Response> future : responses) {
                    if (future.isDone()) {
                        refused.add(future.get());
                    }
                }
                assertEquals(burst - 2, refused.size(), "with the only slot taken, all but the two queued are answered at once");
                for (Response response : refused) {
                    assertEquals(503, response.statusCode(), response.asString());
                    assertEquals("1", response.header("Retry-After"));
                    response.then().body("error", containsString("busy (2 requests already waiting)"));
                }
                assertEquals(2, service.admission().queued());
            }
            int served = 0;
            for (Future<Response> future : responses) {
                Response response = future.get(5, TimeUnit.MINUTES);
                if (response.statusCode() == 200) {
                    assertEquals(256, response.jsonPath().getList("maps").size());
                    served++;
                }
            }
            assertEquals(2, served, "the two queued requests are served once the slot is free");
        } finally {
            clients.shutdownNow();
        }
        given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png").multiPart("filters", "0")
                .when().post("/api/features").then().statusCode(200);
    }
}
