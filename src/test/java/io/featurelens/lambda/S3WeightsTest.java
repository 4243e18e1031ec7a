package io.featurelens.lambda;

import io.featurelens.FeatureLensConfig;
import io.featurelens.model.DemoWeights;
import io.featurelens.model.FullWeightsFile;
import io.featurelens.model.InvalidWeightsException;
import io.featurelens.model.LoadedWeights;
import io.featurelens.model.WeightsFallback;
import io.featurelens.model.WeightsSource;
import io.featurelens.model.WeightsUnavailableException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * featurelens.model.weights=s3://bucket/key against a real S3 server (S3Proxy), with the application's S3
 * settings: only the features' byte ranges are read, into the cache directory, and read from there next time.
 */
@QuarkusTest
@WithTestResource(value = S3ProxyServer.class, scope = TestResourceScope.GLOBAL)
class S3WeightsTest {

    private static final String LOCATION = "s3://weights/vgg16/model.safetensors";

    @Inject
    S3Weights s3Weights;

    @TempDir
    Path dir;

    private S3Client s3;

    @BeforeEach
    void upload() throws Exception {
        s3 = S3ProxyServer.client();
        S3ProxyServer.createBuckets(s3, "weights");
        S3ProxyServer.put(s3, "weights", "vgg16/model.safetensors",
                Files.readAllBytes(FullWeightsFile.write(dir.resolve("model.safetensors"))));
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void readsTheFeaturesFromS3IntoTheCacheAndFromTheCacheNextTime() throws Exception {
        Path cache = dir.resolve("cache");
        LoadedWeights loaded = source(cache).load(LOCATION);
        assertTrue(loaded.pretrained());
        assertEquals(LOCATION, loaded.source());
        assertSameValuesAsDemo(loaded);
        long featureBytes = DemoWeights.generate().tensors().values().stream().mapToLong(b -> 4L * b.limit()).sum();
        try (var files = Files.list(cache)) {
            List<Path> cached = files.toList();
            assertEquals(1, cached.size(), cached.toString());
            assertTrue(Files.size(cached.get(0)) < featureBytes + 4096, "the features only: " + Files.size(cached.get(0)));
        }

        s3.deleteObject(b -> b.bucket("weights").key("vgg16/model.safetensors"));
        assertSameValuesAsDemo(source(cache).load(LOCATION));
    }

    @Test
    void aMissingObjectAndAMalformedLocationAreErrorsThatNameThem() {
        WeightsUnavailableException missing = assertThrows(WeightsUnavailableException.class,
                () -> source(dir.resolve("cache")).load("s3://weights/no/such.safetensors"));
        assertTrue(missing.getMessage().contains("s3://weights/no/such.safetensors") && missing.getMessage().contains("404"),
                "an explicitly configured location that fails is not replaced by the demo weights: " + missing.getMessage());
        assertThrows(InvalidWeightsException.class, () -> source(dir.resolve("cache")).load("s3://weights"));
        assertThrows(InvalidWeightsException.class, () -> source(dir.resolve("cache")).load("s3://weights/"));
    }

    private WeightsSource source(Path cache) {
        return new WeightsSource(cache, Duration.ofSeconds(10), List.of(s3Weights),
                FeatureLensConfig.Model.DEFAULT_WEIGHTS, WeightsFallback.DEMO);
    }

    private static void assertSameValuesAsDemo(LoadedWeights weights) {
        Map<String, FloatBuffer> demo = DemoWeights.generate().tensors();
        assertEquals(demo.keySet(), weights.tensors().keySet());
        demo.forEach((name, expected) -> assertEquals(expected.duplicate().rewind(),
                weights.tensors().get(name).duplicate().rewind(), name));
    }
}
