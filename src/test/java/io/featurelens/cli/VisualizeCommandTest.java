package io.featurelens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.ModelReady;
import io.featurelens.Zips;
import io.featurelens.core.MapArchive;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code visualize} in the application: two filters of conv1_1, a few steps, written where the atlas layout says,
 * and each PNG, fed back through {@code POST /api/maps.zip}, gives the activation its JSON reports within 2%.
 */
@QuarkusTest
class VisualizeCommandTest {

    @Inject
    CommandLine.IFactory factory;

    @TempDir
    Path dir;

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @Test
    void writesEachFiltersPictureAndActivationsWhichThePictureReproduces() throws IOException {
        Path out = dir.resolve("atlas");
        CommandRun run = CommandRun.of(factory, List.of("visualize", "--layers", "conv1_1", "--filters", "3-4",
                "--steps", "3", "--seed", "5", "--out", out.toString()));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("2/2"), "progress on the error stream: " + run.err());
        assertTrue(run.err().contains("s/step"), run.err());
        assertTrue(run.out().startsWith("2 filters of conv1_1 visualized in " + out), run.out());
        for (int filter : new int[] {3, 4}) {
            Path png = out.resolve(String.format("conv1_1/filter-%03d.png", filter));
            JsonNode json = new ObjectMapper().readTree(out.resolve(String.format("conv1_1/filter-%03d.json", filter)).toFile());
            assertEquals("conv1_1", json.get("layer").asText());
            assertEquals(filter, json.get("filter").asInt());
            assertEquals(3, json.get("steps").asInt());
            assertEquals(5, json.get("seed").asLong());
            double mean = json.get("activation").get("mean").asDouble();
            byte[] zip = given().multiPart("image", "v.png", Files.readAllBytes(png), "image/png")
                    .multiPart("layer", "conv1_1").multiPart("filters", Integer.toString(filter))
                    .when().post("/api/maps.zip").then().statusCode(200).extract().asByteArray();
            String[] stats = new String(Zips.entries(zip).get(MapArchive.STATS), StandardCharsets.UTF_8).strip().split("\n");
            double fedBack = Double.parseDouble(stats[1].split(",")[3]);
            assertEquals(mean, fedBack, 0.02 * Math.abs(mean) + 1e-6, "filter " + filter + ": the PNG fed back");
        }
    }

    @Test
    void aWrongOptionIsAUsageError() {
        CommandRun layer = CommandRun.of(factory, List.of("visualize", "--layers", "relu9_9", "--out", dir.toString()));
        assertEquals(2, layer.exitCode(), layer.toString());
        assertTrue(layer.err().contains("unknown layer 'relu9_9'"), layer.err());
        CommandRun steps = CommandRun.of(factory, List.of("visualize", "--layers", "conv1_1", "--steps", "0", "--out", dir.toString()));
        assertEquals(2, steps.exitCode(), steps.toString());
        assertTrue(steps.err().contains("steps 0 is out of range"), steps.err());
        CommandRun filters = CommandRun.of(factory, List.of("visualize", "--layers", "conv1_1", "--filters", "64", "--out", dir.toString()));
        assertEquals(2, filters.exitCode(), filters.toString());
        assertTrue(filters.err().contains("filter 64 is out of range"), filters.err());
    }
}
