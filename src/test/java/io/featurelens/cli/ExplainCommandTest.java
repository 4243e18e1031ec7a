package io.featurelens.cli;

import io.featurelens.ExplainGoldens;
import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.featurelens.WithClassifier;
import io.featurelens.model.ImageNetClasses;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code explain} run in the application with the classifier loaded: its PNGs are {@code POST /api/explain}'s
 * byte for byte, target.json names what was explained, and bad options and files are usage errors or failures.
 */
@QuarkusTest
@TestProfile(WithClassifier.class)
class ExplainCommandTest {

    @Inject
    CommandLine.IFactory factory;

    @TempDir
    Path dir;

    private Path scene;

    @BeforeEach
    void modelLoaded() throws IOException {
        ModelReady.await();
        scene = Files.write(dir.resolve("scene.png"), Goldens.sceneImage());
    }

    @Test
    void gradCamOfANamedClassIsTheApisPictureAndOverlay() throws IOException {
        String label = ImageNetClasses.label(ExplainGoldens.meta().get("top").get(2).get("index").asInt());
        Path out = dir.resolve("gradcam");
        CommandRun run = CommandRun.of(factory, List.of("explain", scene.toString(), "--method", "gradcam",
                "--class", label, "--layer", "relu4_3", "--out", out.toString()));
        assertEquals(0, run.exitCode(), run.toString());

        JsonPath api = form("method", "gradcam", "class", label, "layer", "relu4_3").post("/api/explain")
                .then().statusCode(200).extract().jsonPath();
        assertArrayEquals(png(api, "image"), Files.readAllBytes(out.resolve(ExplainCommand.PICTURE)));
        assertArrayEquals(png(api, "overlay"), Files.readAllBytes(out.resolve(ExplainCommand.OVERLAY)));
        JsonPath target = JsonPath.from(out.resolve(ExplainCommand.TARGET).toFile());
        assertEquals("gradcam", target.getString("method"));
        assertEquals(api.getInt("target.class.index"), target.getInt("target.class.index"));
        assertEquals(label, target.getString("target.class.label"));
        assertEquals("relu4_3", target.getString("layer.name"));
        assertFalse(target.getMap("").containsKey("image"), "no pictures in target.json");
    }

    @Test
    void guidedBackpropOfAFilterIsTheApisPictureWithoutOverlay() throws IOException {
        Path out = dir.resolve("filter");
        CommandRun run = CommandRun.of(factory, List.of("explain", scene.toString(), "--method", "guided-backprop",
                "--layer", "11", "--filter", "7", "--out", out.toString()));
        assertEquals(0, run.exitCode(), run.toString());
        JsonPath api = form("method", "guided-backprop", "layer", "11", "filter", "7").post("/api/explain")
                .then().statusCode(200).extract().jsonPath();
        assertArrayEquals(png(api, "image"), Files.readAllBytes(out.resolve(ExplainCommand.PICTURE)));
        ExplainGoldens.assertClose("guided-backprop-filter-11-7",
                ExplainGoldens.levels(Files.readAllBytes(out.resolve(ExplainCommand.PICTURE))));
        assertFalse(Files.exists(out.resolve(ExplainCommand.OVERLAY)), "an overlay for the CAM methods only");
        assertEquals(7, JsonPath.from(out.resolve(ExplainCommand.TARGET).toFile()).getInt("target.filter.filter"));
    }

    @Test
    void wrongOptionsAreUsageErrorsAndBadFilesFailures() throws IOException {
        Path out = dir.resolve("out");
        CommandRun method = CommandRun.of(factory, List.of("explain", scene.toString(), "--method", "deepdream", "--out", out.toString()));
        assertEquals(2, method.exitCode(), method.toString());
        assertTrue(method.err().contains("unknown method 'deepdream'"), method.err());
        CommandRun camFilter = CommandRun.of(factory, List.of("explain", scene.toString(), "--layer", "3", "--filter", "1",
                "--out", out.toString()));
        assertEquals(2, camFilter.exitCode(), camFilter.toString());
        assertTrue(camFilter.err().contains("gradcam explains a class, not a filter"), camFilter.err());
        CommandRun noOut = CommandRun.of(factory, List.of("explain", scene.toString()));
        assertEquals(2, noOut.exitCode(), noOut.toString());
        assertTrue(noOut.err().contains("--out"), noOut.err());

        Path notes = Files.write(dir.resolve("notes.png"), "hello, world".getBytes(StandardCharsets.UTF_8));
        CommandRun notAnImage = CommandRun.of(factory, List.of("explain", notes.toString(), "--out", out.toString()));
        assertEquals(1, notAnImage.exitCode(), notAnImage.toString());
        assertTrue(notAnImage.err().contains("not an image"), notAnImage.err());
        CommandRun missing = CommandRun.of(factory, List.of("explain", dir.resolve("missing.png").toString(), "--out", out.toString()));
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("missing.png"), missing.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void hasHelp() {
        CommandRun help = CommandRun.of(factory, List.of("explain", "--help"));
        assertEquals(0, help.exitCode(), help.toString());
        for (String option : List.of("IMAGE", "--method", "--class", "--layer", "--filter", "--out", "Exit codes")) {
            assertTrue(help.out().contains(option), option + " in " + help.out());
        }
    }

    private static RequestSpecification form(String... fields) {
        RequestSpecification request = given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png");
        for (int i = 0; i < fields.length; i += 2) {
            request = request.multiPart(fields[i], fields[i + 1]);
        }
        return request;
    }

    private static byte[] png(JsonPath answer, String picture) {
        return Base64.getDecoder().decode(answer.getString(picture + ".png"));
    }
}
