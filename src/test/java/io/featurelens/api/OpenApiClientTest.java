package io.featurelens.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.featurelens.TestImages;
import io.featurelens.Zips;
import io.featurelens.client.ApiClient;
import io.featurelens.client.ApiException;
import io.featurelens.client.api.ExplainApi;
import io.featurelens.client.api.MapsApi;
import io.featurelens.client.api.ModelApi;
import io.featurelens.client.model.ApiError;
import io.featurelens.client.model.ClassifierStatus;
import io.featurelens.client.model.ColorMap;
import io.featurelens.client.model.FeaturesResponse;
import io.featurelens.client.model.FirstKernels;
import io.featurelens.client.model.Layer;
import io.featurelens.client.model.LayerType;
import io.featurelens.client.model.MapEntry;
import io.featurelens.client.model.ModelStatus;
import io.featurelens.client.model.Normalization;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every endpoint through the Java client that openapi-generator made from the committed contract at build
 * time: the answers parse into the generated models with the documented values, and the error answers are
 * the documented statuses with the {@code ApiError} schema. A contract a generator cannot use fails here.
 */
@QuarkusTest
class OpenApiClientTest {

    private static final String PNG_SIGNATURE = "\u0089PNG";

    @TestHTTPResource("/")
    URL root;

    @TempDir
    Path dir;

    private ApiClient client;
    private File scene;

    @BeforeEach
    void client() throws IOException {
        ModelReady.await();
        client = new ApiClient();
        client.updateBaseUri(root.toString().replaceFirst("/$", ""));
        scene = write("scene.png", Goldens.sceneImage());
    }

    @Test
    void layers() throws ApiException {
        List<Layer> layers = new ModelApi(client).layers();
        assertEquals(31, layers.size());
        Layer relu12 = layers.get(3);
        assertEquals("relu1_2", relu12.getName());
        assertEquals(LayerType.RELU, relu12.getType());
        assertEquals(List.of(64, 224, 224), List.of(relu12.getChannels(), relu12.getHeight(), relu12.getWidth()));
        assertEquals("pool5", layers.get(30).getName());
    }

    @Test
    void model() throws ApiException {
        ModelStatus model = new ModelApi(client).model();
        assertEquals("vgg16", model.getName());
        assertFalse(model.getPretrained());
        assertEquals("demo", model.getWeights());
        assertEquals(ClassifierStatus.DISABLED, model.getClassifier());
    }

    @Test
    void predictAndExplainAnswer409WithoutAClassifier() {
        ExplainApi explain = new ExplainApi(client);
        assertError(client, 409, "classifier", () -> explain.predict(scene, 3));
        assertError(client, 409, "classifier", () -> explain.explain(scene, "gradcam", null, null, null));
    }

    @Test
    void kernels() throws Exception {
        FirstKernels kernels = new ModelApi(client).kernels();
        assertEquals("conv1_1", kernels.getLayer().getName());
        assertEquals(64, kernels.getKernels().size());
        for (int k = 0; k < 64; k++) {
            assertEquals(k, kernels.getKernels().get(k).getFilter());
            assertEquals(3, kernels.getKernels().get(k).getRgb().size());
            BufferedImage patch = image(kernels.getKernels().get(k).getPng());
            assertEquals(kernels.getKernels().get(k).getRgb().size(), patch.getHeight());
        }
    }

    @Test
    void features() throws Exception {
        FeaturesResponse answer = new MapsApi(client).features(scene, "relu1_2", "0-7,12", "minmax", "viridis");
        assertEquals("relu1_2", answer.getLayer().getName());
        assertEquals(Normalization.MINMAX, answer.getNormalize());
        assertEquals(ColorMap.VIRIDIS, answer.getColormap());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 12), answer.getMaps().stream().map(MapEntry::getFilter).toList());
        for (MapEntry map : answer.getMaps()) {
            BufferedImage png = image(map.getPng());
            assertEquals(224, png.getWidth());
            assertTrue(map.getMin() <= map.getMean() && map.getMean() <= map.getMax(), map.toString());
        }
        assertTrue(answer.getTimingsMs().getTotal() >= answer.getTimingsMs().getForward());
    }

    @Test
    void montage() throws Exception {
        File montage = new MapsApi(client).montage(scene, "3", "0-7", null, null);
        BufferedImage grid = image(Files.readAllBytes(montage.toPath()));
        assertTrue(grid.getWidth() > 224 && grid.getHeight() >= 224, grid.getWidth() + "x" + grid.getHeight());
    }

    @Test
    void mapsZip() throws Exception {
        File zip = new MapsApi(client).mapsZip(scene, "relu1_2", "6-7,12", null, null);
        assertEquals(List.of("filter-06.png", "filter-07.png", "filter-12.png", "stats.csv"),
                new ArrayList<>(Zips.entries(Files.readAllBytes(zip.toPath())).keySet()));
    }

    @Test
    void theMapEndpointsAnswerTheDocumentedErrors() throws IOException {
        MapsApi maps = new MapsApi(client);
        File notes = write("notes.png", "hello, world".getBytes(StandardCharsets.UTF_8));
        File cut = write("cut.png", TestImages.truncated(Goldens.sceneImage(), 0.5));
        File huge = write("huge.png", TestImages.pngHeaderClaiming(60000, 60000));
        assertError(client, 400, "unknown layer", () -> maps.features(scene, "relu9_9", null, null, null));
        assertError(client, 400, "malformed filters", () -> maps.montage(scene, "0", "7-", null, null));
        assertError(client, 400, "unknown normalize", () -> maps.mapsZip(scene, "0", null, "max", null));
        assertError(client, 413, "60000x60000", () -> maps.features(huge, "0", null, null, null));
        assertError(client, 415, "not an image", () -> maps.montage(notes, "0", null, null, null));
        assertError(client, 422, "", () -> maps.mapsZip(cut, "0", null, null, null));
        assertError(client, 406, "not acceptable", () -> new MapsApi(acceptingOnly("image/gif")).features(scene, "0", null, null, null));
    }

    @Test
    void theModelEndpointsAnswerTheDocumentedErrors() {
        ModelApi model = new ModelApi(acceptingOnly("image/png"));
        assertError(client, 406, "not acceptable", model::layers);
        assertError(client, 406, "not acceptable", model::model);
        assertError(client, 406, "not acceptable", model::kernels);
    }

    /** A client whose requests accept only {@code mediaType}, in place of what the operation answers in. */
    private ApiClient acceptingOnly(String mediaType) {
        ApiClient other = new ApiClient();
        other.updateBaseUri(client.getBaseUri());
        other.setRequestInterceptor(request -> request.setHeader("Accept", mediaType));
        return other;
    }

    /** The call fails with {@code status} and an {@code ApiError} body, read by the client's own mapper, containing {@code text}. */
    static void assertError(ApiClient client, int status, String text, Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(status, e.getCode(), e.getResponseBody());
        ApiError error;
        try {
            error = client.getObjectMapper().readValue(e.getResponseBody(), ApiError.class);
        } catch (JsonProcessingException parse) {
            throw new AssertionError("not the ApiError schema: " + e.getResponseBody(), parse);
        }
        assertTrue(error.getError().contains(text), error.getError());
    }

    private File write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes).toFile();
    }

    static BufferedImage image(byte[] png) throws IOException {
        assertArrayEquals(PNG_SIGNATURE.getBytes(StandardCharsets.ISO_8859_1), Arrays.copyOf(png, 4));
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
