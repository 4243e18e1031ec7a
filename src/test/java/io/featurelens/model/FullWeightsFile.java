package io.featurelens.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A stand-in for timm's vgg16.tv_in1k file: the demo weights' features tensors with a large tensor first
 * in the data section and a small one between the features, as those files mix the classifier in. Their
 * names are not the classifier's (a real one is 475 MB, see ClassifierWeightsTest), so to the classifier
 * loader this is a features-only file.
 */
public final class FullWeightsFile {

    public static final int CLASSIFIER_BYTES = 8 << 20;

    private FullWeightsFile() {
    }

    public static Path write(Path file) throws IOException {
        return TestSafetensors.demoFeatures()
                .putFirst("aux.0.weight", new byte[CLASSIFIER_BYTES])
                .putAfter("features.14.bias", "aux.1.bias", new byte[4096])
                .write(file);
    }
}
