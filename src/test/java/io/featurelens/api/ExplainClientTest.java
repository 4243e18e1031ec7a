package io.featurelens.api;

import io.featurelens.ExplainGoldens;
import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.featurelens.WithClassifier;
import io.featurelens.client.ApiClient;
import io.featurelens.client.ApiException;
import io.featurelens.client.api.ExplainApi;
import io.featurelens.client.api.ModelApi;
import io.featurelens.client.model.ExplainResult;
import io.featurelens.client.model.ClassifierStatus;
import io.featurelens.client.model.Prediction;
import io.featurelens.client.model.PredictResult;
import io.featurelens.model.ImageNetClasses;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.featurelens.api.OpenApiClientTest.assertError;
import static io.featurelens.api.OpenApiClientTest.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * /api/predict and /api/explain through the client generated from the contract, with the classifier loaded
 * (OpenApiClientTest has their 409 without it): the answers parse into the generated models and carry
 * PyTorch's classes and pictures, and bad fields are the documented 400s.
 */
@QuarkusTest
@TestProfile(WithClassifier.class)
class ExplainClientTest {

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
        client.setReadTimeout(java.time.Duration.ofMinutes(5));
        scene = Files.write(dir.resolve("scene.png"), Goldens.sceneImage()).toFile();
    }

    @Test
    void modelSaysTheClassifierIsLoaded() throws ApiException {
        assertEquals(ClassifierStatus.LOADED, new ModelApi(client).model().getClassifier());
    }

    @Test
    void predict() throws ApiException {
        PredictResult answer = new ExplainApi(client).predict(scene, 3);
        assertEquals(3, answer.getPredictions().size());
        for (int i = 0; i < 3; i++) {
            Prediction p = answer.getPredictions().get(i);
            assertEquals(ExplainGoldens.meta().get("top").get(i).get("index").asInt(), p.getIndex(), "rank " + i);
            assertEquals(ImageNetClasses.label(p.getIndex()), p.getLabel());
            assertEquals(ExplainGoldens.meta().get("top").get(i).get("probability").asDouble(), p.getProbability(), 1e-4);
        }
    }

    @Test
    void explainAClassWithGradCam() throws Exception {
        ExplainResult answer = new ExplainApi(client).explain(scene, "gradcam", null, "relu5_3", null);
        assertEquals("gradcam", answer.getMethod());
        assertEquals(ExplainGoldens.meta().get("cases").get("gradcam-29-top1").get("cls").asInt(),
                answer.getTarget().getPropertyClass().getIndex());
        assertEquals("relu5_3", answer.getLayer().getName());
        ExplainGoldens.assertClose("gradcam-29-top1", ExplainGoldens.levels(answer.getImage().getPng()));
        assertEquals(224, image(answer.getOverlay().getPng()).getWidth());
    }

    @Test
    void explainAFilterWithGuidedBackprop() throws Exception {
        ExplainResult answer = new ExplainApi(client).explain(scene, "guided-backprop", null, "11", 7);
        assertEquals(7, answer.getTarget().getFilter().getFilter());
        assertNull(answer.getTarget().getPropertyClass());
        assertNull(answer.getOverlay());
        ExplainGoldens.assertClose("guided-backprop-filter-11-7", ExplainGoldens.levels(answer.getImage().getPng()));
    }

    @Test
    void badFieldsAreThe400sOfTheContract() {
        ExplainApi explain = new ExplainApi(client);
        assertError(client, 400, "unknown method 'deepdream'", () -> explain.explain(scene, "deepdream", null, null, null));
        assertError(client, 400, "class 1000 is out of range", () -> explain.explain(scene, "gradcam", "1000", null, null));
        assertError(client, 400, "gradcam explains a class, not a filter", () -> explain.explain(scene, "gradcam", null, "3", 1));
        assertError(client, 400, "is not a number from 1 to 1000", () -> explain.predict(scene, 0));
        assertError(client, 400, "is not a number from 1 to 1000", () -> explain.predict(scene, 1001));
    }
}
