package io.featurelens.api;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.featurelens.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file in the corpus gets either maps or a 4xx with a JSON error, and a normal request right after
 * still works. That the decoded pixels are right, format by format, is ImageDecoderTest's part.
 */
@QuarkusTest
class HostileInputsTest {

    private static final int RED = 0xDC1E1E;
    private static final int BLUE = 0x283CD2;

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @AfterEach
    void stillServing() {
        given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png").multiPart("filters", "0")
                .when().post("/api/features").then().statusCode(200).body("maps", hasSize(1));
    }

    static Stream<Arguments> acceptedImages() {
        return Stream.of(
                Arguments.of("1x1 PNG", TestImages.write(TestImages.flat(1, 1, RED), "png")),
                Arguments.of("16-bit PNG", TestImages.png16BitGrey(50, 40, 0x8000)),
                Arguments.of("grey + alpha PNG", TestImages.pngGreyAlpha(50, 40, 90, 10)),
                Arguments.of("palette PNG", TestImages.pngPalette(64, 32, RED, BLUE)),
                Arguments.of("CMYK JPEG", TestImages.resource("images/blocks-cmyk.jpg")),
                Arguments.of("EXIF-rotated JPEG", TestImages.jpegWithOrientation(TestImages.flat(60, 30, RED), 6)),
                Arguments.of("animated GIF", TestImages.animatedGif(40, 40, RED, BLUE)),
                Arguments.of("BMP", TestImages.write(TestImages.flat(33, 17, BLUE), "bmp")),
                Arguments.of("lossy WebP", TestImages.resource("images/scene-lossy.webp")),
                Arguments.of("lossless WebP", TestImages.resource("images/scene-lossless.webp")),
                Arguments.of("zeros: 6000x6000 from a small file", TestImages.zeroPng(6000, 6000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedImages")
    void unusualImagesAreProcessed(String name, byte[] image) {
        given().multiPart("image", "upload", image, "application/octet-stream").multiPart("layer", "3").multiPart("filters", "0-3")
                .when().post("/api/features").then().statusCode(200)
                .body("layer.name", equalTo("relu1_2")).body("maps", hasSize(4));
    }

    static Stream<Arguments> refusedFiles() {
        byte[] random = new byte[10_000];
        new Random(7).nextBytes(random);
        byte[] jpeg = TestImages.write(TestImages.flat(300, 300, RED), "jpeg");
        return Stream.of(
                Arguments.of("zero bytes", new byte[0], 415, "empty"),
                Arguments.of("random bytes", random, 415, "not an image"),
                Arguments.of("a text file named .png", "just some text\n".getBytes(StandardCharsets.UTF_8), 415, "not an image"),
                Arguments.of("truncated PNG", TestImages.truncated(Goldens.sceneImage(), 0.4), 422, "PNG image is"),
                Arguments.of("truncated JPEG", TestImages.truncated(jpeg, 0.4), 422, "JPEG image is"),
                Arguments.of("a PNG header claiming 60000x60000", TestImages.pngHeaderClaiming(60000, 60000), 413,
                        "60000x60000 pixels"),
                Arguments.of("zeros: 8000x8000 from a small file", TestImages.zeroPng(8000, 8000), 413, "8000x8000 pixels"));
    }

    /** The answer names the problem: a non-empty message with {@code phrase}, and nothing of the server's insides. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFiles")
    void brokenFilesAreRefusedWithAReason(String name, byte[] file, int status, String phrase) {
        Response response = given().multiPart("image", "image.png", file, "image/png").when().post("/api/features");
        response.then().statusCode(status).contentType("application/json");
        Object error = response.jsonPath().get("error");
        assertTrue(error instanceof String message && message.contains(phrase) && message.contains(" ")
                        && !message.contains("Exception") && !message.contains("/"),
                name + ": the error should name the problem (" + phrase + "), got " + response.asString());
    }

    @Test
    void theFormatComesFromTheBytesNotTheNameOrContentType() {
        String sameImage = given().multiPart("image", "photo.jpg", Goldens.sceneImage(), "text/plain").multiPart("filters", "2")
                .when().post("/api/features").then().statusCode(200).extract().path("maps[0].png");
        String reference = given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png").multiPart("filters", "2")
                .when().post("/api/features").then().statusCode(200).extract().path("maps[0].png");
        assertEquals(reference, sameImage);
    }

    @Test
    void aHostileFileNameIsNeverEchoed() {
        String name = "<script>alert(1)</script>.png";
        given().multiPart("image", name, "not an image".getBytes(StandardCharsets.UTF_8), "image/png")
                .when().post("/api/features").then().statusCode(415)
                .body("error", containsString("not an image")).body(not(containsString("<script>")));
    }
}
