package io.featurelens.api;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** featurelens.model.classifier=false: feature maps as before, predictions and explanations a 409 that says how to turn them on. */
@QuarkusTest
@TestProfile(NoClassifierTest.ClassifierOff.class)
class NoClassifierTest {

    public static class ClassifierOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("featurelens.model.classifier", "false");
        }
    }

    @Test
    void predictAndExplainAnswer409SayingHowToTurnItOn() {
        ModelReady.await();
        given().get("/api/model").then().statusCode(200).body("classifier", is("disabled"));
        for (String path : new String[] {"/api/predict", "/api/explain"}) {
            given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png").post(path).then()
                    .statusCode(409).body("error", containsString("set it to true, or FEATURELENS_MODEL_CLASSIFIER=true"));
        }
        given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png").multiPart("filters", "0-3")
                .post("/api/features").then().statusCode(200).body("maps.size()", is(4));
    }
}
