package io.featurelens.api;

import io.featurelens.Goldens;
import io.featurelens.MapAssertions;
import io.featurelens.ModelReady;
import io.featurelens.model.DemoWeights;
import io.featurelens.model.FeaturesOnlyWeights;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** A weights file without classifier tensors: the maps exactly as before, predictions and explanations a 409. */
@QuarkusTest
@TestProfile(FeaturesOnlyWeightsFileTest.FeaturesOnlyFile.class)
class FeaturesOnlyWeightsFileTest {

    public static class FeaturesOnlyFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("vgg16-features", ".safetensors");
                file.toFile().deleteOnExit();
                FeaturesOnlyWeights.write(DemoWeights.generate(), file);
                return Map.of("featurelens.model.weights", file.toString(), "featurelens.model.classifier", "true");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void servesTheMapsAndRefusesPredictionsWith409() {
        ModelReady.await();
        given().get("/api/model").then().body("classifier", is("absent"));
        for (String path : new String[] {"/api/predict", "/api/explain"}) {
            given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png").post(path).then()
                    .statusCode(409).body("error", containsString("have no classifier tensors"));
        }
        JsonPath maps = given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png").multiPart("filters", "0-7")
                .post("/api/features").then().statusCode(200).extract().jsonPath();
        byte[] golden = Goldens.sigmoidMaps(0);
        MapAssertions.Tally tally = new MapAssertions.Tally("conv1_1 from a features-only file");
        for (int f = 0; f < 8; f++) {
            tally.add(MapAssertions.greyLevels(Base64.getDecoder().decode(maps.getString("maps[" + f + "].png")), 224, 224),
                    golden, f * 224 * 224);
        }
        tally.assertClose();
    }
}
