package io.featurelens.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.featurelens.model.TestSafetensors.assertSameAsDemo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The features-only file baked into the images, made from a full file with a classifier and tensors out of order. */
class FeaturesOnlyWeightsTest {

    @TempDir
    Path dir;

    @Test
    void keepsExactlyTheFeaturesTensors() throws IOException {
        Path full = FullWeightsFile.write(dir.resolve("model.safetensors"));
        Path features = dir.resolve("out/vgg16-features.safetensors");

        FeaturesOnlyWeights.main(new String[] {full.toString(), features.toString()});

        LoadedWeights read = SafetensorsWeights.read(features, "features");
        assertSameAsDemo(read);
        long featureBytes = DemoWeights.generate().tensors().values().stream().mapToLong(b -> 4L * b.limit()).sum();
        assertTrue(Files.size(full) > featureBytes + FullWeightsFile.CLASSIFIER_BYTES);
        assertTrue(Files.size(features) < featureBytes + 4096, Files.size(features) + " bytes");
        try (var files = Files.list(features.getParent())) {
            assertEquals(1, files.count(), "no partial files are left behind");
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(features)),
                "readable by the images' unprivileged users");
    }

    @Test
    void refusesAFileThatIsNotVgg16FeaturesAndWritesNothing() throws IOException {
        Path broken = TestSafetensors.demoFeatures().remove("features.28.bias").write(dir.resolve("broken.safetensors"));
        Path features = dir.resolve("vgg16-features.safetensors");
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class,
                () -> FeaturesOnlyWeights.extract(broken.toString(), features));
        assertEquals("tensor features.28.bias is missing", e.getMessage());
        assertFalse(Files.exists(features));
        assertThrows(IOException.class, () -> FeaturesOnlyWeights.extract(dir.resolve("none").toString(), features));
    }
}
