package io.featurelens.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.featurelens.model.TestSafetensors.assertSameAsDemo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsWeightsTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFeaturesTensorsAndSkipsTheRest() throws IOException {
        Path file = TestSafetensors.demoFeatures()
                .putFirst("classifier.0.weight", new byte[4 << 20])
                .putAfter("features.14.bias", "head.fc.weight", new byte[1 << 20])
                .write(dir.resolve("vgg16.safetensors"));
        LoadedWeights weights = SafetensorsWeights.read(file, "test");
        assertSameAsDemo(weights);
        assertFalse(weights.tensors().containsKey("classifier.0.weight"));
        assertTrue(weights.pretrained());
    }

    @Test
    void namesAMissingTensor() {
        assertRefused(TestSafetensors.demoFeatures().remove("features.28.bias"), "tensor features.28.bias is missing");
    }

    @Test
    void namesATensorWithTheWrongShape() {
        assertRefused(TestSafetensors.demoFeatures().replace("features.0.weight", "F32", new long[] {64, 3, 5, 5}, new byte[64 * 3 * 25 * 4]),
                "tensor features.0.weight has shape [64, 3, 5, 5], expected [64, 3, 3, 3]");
    }

    @Test
    void namesATensorWithTheWrongDtype() {
        assertRefused(TestSafetensors.demoFeatures().replace("features.2.bias", "F16", new long[] {64}, new byte[128]),
                "tensor features.2.bias has dtype F16, expected F32");
    }

    @Test
    void namesATensorWhoseBytesDoNotMatchItsShape() {
        assertRefused(TestSafetensors.demoFeatures().replace("features.5.bias", "F32", new long[] {128}, new byte[100]),
                "tensor features.5.bias holds 100 bytes, expected 512");
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path file = TestSafetensors.demoFeatures().write(dir.resolve("whole.safetensors"));
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(bytes, bytes.length - 1000));
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class, () -> SafetensorsWeights.read(cut, "cut"));
        assertEquals("tensor features.28.bias runs past the end of the file (truncated?)", e.getMessage());
    }

    @Test
    void refusesAFileThatIsNotSafetensors() throws IOException {
        Path text = Files.writeString(dir.resolve("weights.txt"), "these are not the weights you are looking for");
        assertThrows(InvalidWeightsException.class, () -> SafetensorsWeights.read(text, "text"));
        Path tiny = Files.write(dir.resolve("tiny"), new byte[3]);
        assertThrows(InvalidWeightsException.class, () -> SafetensorsWeights.read(tiny, "tiny"));
    }

    private void assertRefused(TestSafetensors file, String message) {
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class,
                () -> SafetensorsWeights.read(file.write(dir.resolve("bad.safetensors")), "bad"));
        assertEquals(message, e.getMessage());
    }
}
