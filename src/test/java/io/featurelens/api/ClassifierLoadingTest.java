package io.featurelens.api;

import io.featurelens.ExplainGoldens;
import io.featurelens.Goldens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While the classifier is loading, predict and explain answer 503 with Retry-After and feature maps are
 * served; once it is in, they answer. The weights come from a real HTTP server whose classifier bytes are
 * held back until the test lets them go ({@link HeldClassifierServer}).
 */
@QuarkusTest
@TestProfile(ClassifierLoadingTest.SlowClassifier.class)
class ClassifierLoadingTest {

    public static class SlowClassifier implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(HeldClassifierServer.class));
        }
    }

    @Test
    void predictAndExplainAnswer503WithRetryAfterUntilTheClassifierIsIn() throws Exception {
        awaitFeatures();
        assertEquals("loading", RestAssured.get("/api/model").jsonPath().getString("classifier"));
        form().multiPart("layer", "relu1_2").multiPart("filters", "0").post("/api/features").then().statusCode(200);
        for (String path : new String[] {"/api/predict", "/api/explain"}) {
            Response refused = form().post(path);
            assertEquals(503, refused.statusCode(), path + ": " + refused.asString());
            String retryAfter = refused.header("Retry-After");
            assertNotNull(retryAfter, path + " says when to come back");
            assertTrue(Integer.parseInt(retryAfter) > 0, retryAfter);
            assertEquals(Integer.parseInt(retryAfter), refused.jsonPath().getInt("retryAfterSeconds"));
            assertTrue(refused.jsonPath().getString("error").contains("the classifier is still loading"), refused.asString());
        }
        assertEquals("loading", RestAssured.get("/api/model").jsonPath().getString("classifier"), "still held back");

        release();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!"loaded".equals(RestAssured.get("/api/model").jsonPath().getString("classifier"))) {
            assertTrue(System.nanoTime() < deadline, "the classifier did not load within 180 s of its release");
            Thread.sleep(200);
        }
        int top = form().post("/api/predict").then().statusCode(200).extract().jsonPath().getInt("predictions[0].index");
        assertEquals(ExplainGoldens.meta().get("top").get(0).get("index").asInt(), top);
        form().post("/api/explain").then().statusCode(200);
    }

    private static void awaitFeatures() throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (RestAssured.get("/q/health/ready").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the features did not load within 180 s");
            Thread.sleep(200);
        }
    }

    private static void release() throws Exception {
        URI weights = ConfigProvider.getConfig().getValue("featurelens.model.weights", URI.class);
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(weights.resolve(
                HeldClassifierServer.RELEASE)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, response.statusCode());
    }

    private static RequestSpecification form() {
        return given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png");
    }
}
