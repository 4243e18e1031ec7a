package io.featurelens.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.ExplainGoldens;
import io.featurelens.Goldens;
import io.featurelens.imaging.ImageDecoder;
import io.featurelens.imaging.Preprocessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classifier read from files in torchvision's and timm's names, and refused when partial or misshapen. */
class ClassifierWeightsTest {

    private static final ClassifierWeights DEMO = DemoClassifier.generate();

    @TempDir
    Path dir;

    /** The demo features and classifier in {@code layout}'s names and shapes: a full VGG16 file (553 MB). */
    private Path fullFile(ClassifierLayout layout) throws IOException {
        return FullWeightsFile.withClassifier(dir.resolve(layout + ".safetensors"), layout);
    }

    @Test
    void demoClassifierIsTheGoldenGeneratorsBitForBit() {
        JsonNode fingerprint = ExplainGoldens.meta().get("classifier");
        DEMO.tensors().forEach((name, values) -> {
            FloatBuffer v = values.duplicate().rewind();
            double sum = IntStream.range(0, v.limit()).mapToDouble(v::get).sum();
            assertEquals(fingerprint.get(name).get(0).asDouble(), sum, 1e-6 * Math.max(1, Math.abs(sum)), name + " sum");
            assertEquals(fingerprint.get(name).get(1).floatValue(), v.get(0), name + " first");
            assertEquals(fingerprint.get(name).get(2).floatValue(), v.get(v.limit() - 1), name + " last");
        });
    }

    /** Both naming schemes load as the same classifier and predict PyTorch's top five. */
    @ParameterizedTest
    @EnumSource(ClassifierLayout.class)
    void readsEitherNamingSchemeAndPredictsLikePyTorch(ClassifierLayout layout) throws IOException {
        Path file = fullFile(layout);
        ClassifierWeights read = SafetensorsWeights.readClassifier(file).orElseThrow();
        assertEquals(layout, read.layout());
        Map<String, FloatBuffer> demo = DEMO.tensors();
        assertEquals(demo.keySet(), read.tensors().keySet());
        demo.forEach((name, values) -> assertEquals(values.duplicate().rewind(), read.tensors().get(name).duplicate().rewind(), name));

        float[] input = Preprocessor.toChannelsFirstInput(Preprocessor.resized(new ImageDecoder(1 << 26).decode(Goldens.sceneImage())));
        float[] logits;
        try (Vgg16Model features = new Vgg16Model(SafetensorsWeights.read(file, "test"), Device.cpu());
             Vgg16Classifier classifier = new Vgg16Classifier(read, Device.cpu());
             NDManager manager = features.newRequestManager()) {
            logits = new Vgg16Network(features, classifier).logits(manager.create(input, new Shape(1, 3, 224, 224))).toFloatArray();
        }
        JsonNode top = ExplainGoldens.meta().get("top");
        int[] expected = IntStream.range(0, 5).map(i -> top.get(i).get("index").asInt()).toArray();
        int[] actual = IntStream.range(0, logits.length).boxed().sorted((a, b) -> Float.compare(logits[b], logits[a]))
                .limit(5).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, actual, layout + " top five");
        JsonNode all = ExplainGoldens.meta().get("logits");
        for (int i = 0; i < logits.length; i++) {
            assertEquals(all.get(i).asDouble(), logits[i], 1e-3, "logit " + i);
        }
        Files.delete(file);
    }

    @Test
    void aFeaturesOnlyFileHasNoClassifier() throws IOException {
        Path file = TestSafetensors.demoFeatures().write(dir.resolve("features.safetensors"));
        assertEquals(Optional.empty(), SafetensorsWeights.readClassifier(file));
    }

    @Test
    void refusesAPartialClassifier() throws IOException {
        Path file = TestSafetensors.demoFeatures().put("head.fc.bias", "F32", new long[] {1000}, new byte[4000])
                .write(dir.resolve("partial.safetensors"));
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class, () -> SafetensorsWeights.readClassifier(file));
        assertEquals("tensor pre_logits.fc1.weight is missing", e.getMessage());
    }

    @Test
    void refusesAMisshapenClassifier() throws IOException {
        Path file = TestSafetensors.demoFeatures().put("pre_logits.fc1.weight", "F32", new long[] {4096, 25088}, new byte[16])
                .write(dir.resolve("misshapen.safetensors"));
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class, () -> SafetensorsWeights.readClassifier(file));
        assertEquals("tensor pre_logits.fc1.weight has shape [4096, 25088], expected [4096, 512, 7, 7]", e.getMessage());
    }

    @Test
    void refusesBothNamingSchemesAtOnce() throws IOException {
        Path file = TestSafetensors.demoFeatures().put("classifier.6.bias", "F32", new long[] {1000}, new byte[4000])
                .put("head.fc.bias", "F32", new long[] {1000}, new byte[4000]).write(dir.resolve("both.safetensors"));
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class, () -> SafetensorsWeights.readClassifier(file));
        assertTrue(e.getMessage().contains("under both torchvision's names"), e.getMessage());
    }
}
