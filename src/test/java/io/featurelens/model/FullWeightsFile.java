package io.featurelens.model;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Whole weights files for tests. {@link #write}: a stand-in for timm's vgg16.tv_in1k file: the demo weights'
 * features tensors with a large tensor first in the data section and a small one between the features, as
 * those files mix the classifier in. Their names are not the classifier's, so to the classifier loader this is
 * a features-only file. {@link #withClassifier}: the real thing, 553 MB, features and the demo classifier.
 */
public final class FullWeightsFile {

    public static final int CLASSIFIER_BYTES = 8 << 20;

    private FullWeightsFile() {
    }

    /** The demo features and the demo classifier in {@code layout}'s names and shapes, the classifier after the features. */
    public static Path withClassifier(Path file, ClassifierLayout layout) throws IOException {
        TestSafetensors weights = TestSafetensors.demoFeatures();
        Iterator<FloatBuffer> values = DemoClassifier.generate().tensors().values().iterator();
        layout.tensors().forEach((name, shape) -> weights.put(name, "F32", shape, TestSafetensors.floats(values.next())));
        return weights.write(file);
    }

    public static Path write(Path file) throws IOException {
        return TestSafetensors.demoFeatures()
                .putFirst("aux.0.weight", new byte[CLASSIFIER_BYTES])
                .putAfter("features.14.bias", "aux.1.bias", new byte[4096])
                .write(file);
    }
}
