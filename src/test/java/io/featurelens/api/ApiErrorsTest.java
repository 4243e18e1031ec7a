package io.featurelens.api;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.featurelens.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** One test per kind of bad input: a 4xx with a JSON error that names the problem, and the service keeps serving. */
@QuarkusTest
class ApiErrorsTest {

    private static final byte[] PNG = Goldens.sceneImage();

    @TestHTTPResource("/api/features")
    URL featuresUrl;

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @AfterEach
    void stillServing() {
        given().multiPart("image", "scene.png", PNG, "image/png").multiPart("layer", "0").multiPart("filters", "0-1")
                .when().post("/api/features").then().statusCode(200);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("missing image", r -> r.multiPart("layer", "0"), 400, "'image'"),
                bad("not an image", r -> r.multiPart("image", "notes.png", "hello, world".getBytes(StandardCharsets.UTF_8), "image/png"), 415, "not an image"),
                bad("empty file", r -> r.multiPart("image", "empty.png", new byte[0], "image/png"), 415, "empty"),
                bad("unsupported format (PSD)", r -> r.multiPart("image", "x.psd", new byte[] {'8', 'B', 'P', 'S', 0, 1, 0, 0, 0, 0, 0, 0}, "image/vnd.adobe.photoshop"), 415, "TIFF or Netpbm (PBM, PGM, PPM)"),
                bad("TIFF without a page", r -> r.multiPart("image", "x.tif", new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0}, "image/tiff"), 422, "TIFF image is corrupt or truncated"),
                bad("truncated PNG", r -> r.multiPart("image", "cut.png", Arrays.copyOf(PNG, PNG.length / 3), "image/png"), 422, "PNG image is corrupt or truncated"),
                bad("layer 31", r -> png(r).multiPart("layer", "31"), 400, "layer 31 is out of range"),
                bad("layer -1", r -> png(r).multiPart("layer", "-1"), 400, "layer -1 is out of range"),
                bad("layer conv9_9", r -> png(r).multiPart("layer", "conv9_9"), 400, "unknown layer 'conv9_9'"),
                bad("filter out of range", r -> png(r).multiPart("layer", "0").multiPart("filters", "60-64"), 400, "filter 64 is out of range"),
                bad("reversed filter range", r -> png(r).multiPart("filters", "7-0"), 400, "reversed filter range 7-0"),
                bad("malformed filters", r -> png(r).multiPart("filters", "1,x"), 400, "malformed filters '1,x'"),
                bad("unknown normalisation", r -> png(r).multiPart("normalize", "tanh"), 400, "unknown normalize 'tanh'"),
                bad("unknown colour map", r -> png(r).multiPart("colormap", "rainbow"), 400, "unknown colormap 'rainbow'"),
                bad("over the pixel limit", r -> r.multiPart("image", "huge.png", TestImages.pngHeaderClaiming(60000, 60000), "image/png"), 413, "60000x60000"),
                bad("over the upload limit", r -> r.multiPart("image", "big.png", noise(21 << 20), "image/png"), 413, "the limit is")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void answersWithAClearError(String name, UnaryOperator<RequestSpecification> request, int status, String message) {
        Response response = request.apply(given()).when().post("/api/features");
        response.then().statusCode(status).contentType("application/json")
                .body("error", containsString(message))
                .body("error", not(containsString("Exception")))
                .body("error", not(containsString(".java")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void montageAnswersTheSame(String name, UnaryOperator<RequestSpecification> request, int status, String message) {
        request.apply(given()).when().post("/api/montage")
                .then().statusCode(status).contentType("application/json").body("error", containsString(message));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameworkErrors")
    void frameworkRefusalsAreJsonToo(String name, UnaryOperator<RequestSpecification> request, String path, int status) {
        Response response = request.apply(given()).when().post(path);
        assertEquals(status, response.statusCode());
        assertEquals("application/json", response.contentType());
        assertFalse(response.jsonPath().getString("error").isBlank());
    }

    static Stream<Arguments> frameworkErrors() {
        return Stream.of(
                Arguments.of("JSON instead of multipart", (UnaryOperator<RequestSpecification>) r -> r.contentType("application/json").body("{}"), "/api/features", 415),
                Arguments.of("no such endpoint", (UnaryOperator<RequestSpecification>) r -> r, "/api/nothing", 404));
    }

    /** Unlike RestAssured's chunked multipart bodies, this one declares its length and is refused before it is read. */
    @Test
    void declaredOversizedUploadIsRefusedUpFront() throws Exception {
        HttpResponse<String> response = postRaw("x", noise(21 << 20));
        assertEquals(413, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertThat(response.body(), containsString("the limit is 20971520 bytes"));
    }

    @Test
    void anImageRightAtTheLimitIsNotRefusedForItsFormFraming() throws Exception {
        String boundary = "featurelens-7f3a9c";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(noise(20 << 20));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = postRaw(boundary, body.toByteArray());
        assertEquals(415, response.statusCode(), "read and found not to be an image: " + response.body());
    }

    @Test
    void aCutOffMultipartBodyIsABadRequest() throws Exception {
        String body = "--abc\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n\r\nhello";
        HttpResponse<String> response = postRaw("abc", body.getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, response.statusCode());
        assertThat(response.body(), containsString("malformed multipart/form-data"));
    }

    /** A multipart POST with a body of our own making, sent with its length declared. */
    private HttpResponse<String> postRaw(String boundary, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(featuresUrl.toURI())
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Arguments bad(String name, UnaryOperator<RequestSpecification> request, int status, String message) {
        return Arguments.of(name, request, status, message);
    }

    private static RequestSpecification png(RequestSpecification r) {
        return r.multiPart("image", "scene.png", PNG, "image/png");
    }

    private static byte[] noise(int size) {
        byte[] bytes = new byte[size];
        new Random(1).nextBytes(bytes);
        return bytes;
    }
}
