package io.featurelens.cli;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.featurelens.Zips;
import io.featurelens.core.MapArchive;
import io.featurelens.core.MapFileNames;
import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code maps} run in the application on a folder of good and bad files: the good ones' PNGs, montage and
 * stats.csv are the JSON API's byte for byte, the bad ones are named and skipped, and the exit code says so.
 */
@QuarkusTest
class MapsCommandTest {

    private static final List<String> OPTIONS = List.of("--layer", "relu1_2", "--filters", "0-7,12",
            "--normalize", "minmax", "--colormap", "viridis");

    @Inject
    CommandLine.IFactory factory;

    @TempDir
    Path dir;

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @Test
    void writesTheApisPicturesForEachGoodImageAndSkipsTheBadOnes() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        byte[] scene = Goldens.sceneImage();
        Map<String, byte[]> good = Map.of("scene.png", scene, "scene-lossy.webp", resource("/images/scene-lossy.webp"));
        good.forEach((name, bytes) -> write(images.resolve(name), bytes));
        write(images.resolve("notes.png"), "hello, world".getBytes(StandardCharsets.UTF_8));
        write(images.resolve("cut.png"), Arrays.copyOf(scene, scene.length / 2));
        write(images.resolve("empty.jpg"), new byte[0]);
        Path out = dir.resolve("out");

        CommandRun run = run(Stream.concat(Stream.of("maps", images.toString(), "--out", out.toString()), OPTIONS.stream()).toList());

        assertEquals(1, run.exitCode(), "some images failed: " + run);
        for (String bad : List.of("notes.png", "cut.png", "empty.jpg")) {
            assertTrue(run.err().contains("skipped " + bad + ": "), bad + " is named: " + run);
            assertFalse(Files.exists(out.resolve(bad)), "nothing written for " + bad);
        }
        assertTrue(run.err().contains("skipped notes.png: not an image"), run.err());
        assertTrue(run.err().contains("5/5"), "the progress reached the last image: " + run.err());
        assertEquals("2 of 5 images done, 3 failed: 18 maps of relu1_2 in " + out, run.out().strip().replaceFirst(" \\(.*", ""));

        for (Map.Entry<String, byte[]> image : good.entrySet()) {
            Path written = out.resolve(image.getKey()).resolve("relu1_2");
            JsonPath json = form("/api/features", image.getValue()).then().statusCode(200).extract().jsonPath();
            List<String> expected = new ArrayList<>();
            for (Map<String, Object> map : json.<Map<String, Object>>getList("maps")) {
                String name = MapFileNames.map(relu12(), (Integer) map.get("filter"));
                assertArrayEquals(Base64.getDecoder().decode((String) map.get("png")), Files.readAllBytes(written.resolve(name)),
                        image.getKey() + ": " + name + " is the JSON API's");
                expected.add(name);
            }
            assertEquals(9, expected.size());
            byte[] montage = form("/api/montage", image.getValue()).then().statusCode(200).extract().asByteArray();
            assertArrayEquals(montage, Files.readAllBytes(written.resolve(MapFileNames.MONTAGE)), "the montage is the API's");
            byte[] zip = form("/api/maps.zip", image.getValue()).then().statusCode(200).extract().asByteArray();
            Map<String, byte[]> entries = Zips.entries(zip);
            assertArrayEquals(entries.get(MapArchive.STATS), Files.readAllBytes(written.resolve(MapArchive.STATS)),
                    "stats.csv is the ZIP's");
            expected.add(MapArchive.STATS);
            assertEquals(new TreeSet<>(entries.keySet()), new TreeSet<>(expected), "the ZIP's layout");
            expected.add(MapFileNames.MONTAGE);
            try (Stream<Path> files = Files.list(written)) {
                assertEquals(new TreeSet<>(expected), new TreeSet<>(files.map(f -> f.getFileName().toString()).toList()),
                        "the ZIP's files and the montage, nothing else");
            }
        }
    }

    @Test
    void aFolderOfGoodImagesExitsWithZero() throws IOException {
        Path image = dir.resolve("scene.png");
        write(image, Goldens.sceneImage());
        CommandRun run = run(List.of("maps", image.toString(), "--layer", "0", "--filters", "3", "--out", dir.resolve("out").toString()));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Files.isRegularFile(dir.resolve("out/scene.png/conv1_1/filter-03.png")), run.toString());
    }

    @Test
    void aWrongOptionIsAUsageErrorBeforeAnyImageIsRead() {
        CommandRun run = run(List.of("maps", dir.resolve("missing.png").toString(), "--layer", "relu9_9", "--out", dir.toString()));
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("unknown layer 'relu9_9'"), run.err());
        CommandRun filters = run(List.of("maps", dir.toString(), "--layer", "relu1_2", "--filters", "60-64", "--out", dir.toString()));
        assertEquals(2, filters.exitCode(), filters.toString());
        assertTrue(filters.err().contains("filter 64 is out of range"), filters.err());
        CommandRun missing = run(List.of("maps", dir.toString(), "--out", dir.toString()));
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("--layer"), missing.err());
    }

    @Test
    void everyCommandHasHelp() {
        CommandRun top = run(List.of("--help"));
        assertEquals(0, top.exitCode(), top.toString());
        assertTrue(top.out().contains("maps") && top.out().contains("explain"), top.out());
        CommandRun maps = run(List.of("maps", "--help"));
        assertEquals(0, maps.exitCode(), maps.toString());
        for (String option : List.of("IMAGE_OR_DIR", "--layer", "--filters", "--normalize", "--colormap", "--out")) {
            assertTrue(maps.out().contains(option), option + " in " + maps.out());
        }
        CommandRun none = run(List.of("maps2"));
        assertEquals(2, none.exitCode(), none.toString());
    }

    private CommandRun run(List<String> args) {
        return CommandRun.of(factory, args);
    }

    private static Response form(String path, byte[] image) {
        RequestSpecification request = given().multiPart("image", "image", image, "application/octet-stream");
        for (int i = 0; i < OPTIONS.size(); i += 2) {
            request = request.multiPart(OPTIONS.get(i).substring(2), OPTIONS.get(i + 1));
        }
        return request.when().post(path);
    }

    private static Layer relu12() {
        return Vgg16.byName("relu1_2").orElseThrow();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MapsCommandTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
