package io.featurelens.api;

import io.featurelens.ModelReady;
import io.featurelens.model.FullWeightsFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weights from a file the operator names, without a description, are not called ImageNet-trained:
 * {@code /api/model} says {@code "pretrained": null} and "weights from" the file, and so does the banner.
 */
@QuarkusTest
@TestProfile(WeightsLabelTest.WeightsFromAFile.class)
class WeightsLabelTest {

    static final Path FILE = weightsFile();

    public static class WeightsFromAFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("featurelens.model.weights", FILE.toString());
        }
    }

    private static Path weightsFile() {
        try {
            Path dir = Files.createTempDirectory("featurelens-label");
            dir.toFile().deleteOnExit();
            Path file = FullWeightsFile.write(dir.resolve("some-weights.safetensors"));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void weightsFromAFileAreNotClaimedToBeImageNetTrained() {
        ModelReady.await();
        JsonPath model = get("/api/model").then().statusCode(200).extract().jsonPath();
        assertTrue(model.getMap("").containsKey("pretrained"), "pretrained is there, as null");
        assertNull(model.get("pretrained"));
        assertEquals("weights from " + FILE, model.getString("description"));
        assertEquals(FILE.toString(), model.getString("weights"));

        String page = get("/").then().statusCode(200).extract().asString();
        assertTrue(page.contains("data-pretrained=\"unknown\"") && page.contains("VGG16 with weights from"), page);
        assertFalse(page.contains("ImageNet-trained VGG16 weights loaded") || page.contains("ImageNet-trained VGG16 loaded"),
                "no claim the service cannot back");
    }
}
