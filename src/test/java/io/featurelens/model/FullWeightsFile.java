package io.featurelens.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A stand-in for timm's vgg16.tv_in1k file: the demo weights' features tensors with a classifier tensor
 * first in the data section and a head tensor between the features, as torchvision files mix them.
 */
public final class FullWeightsFile {

    public static final int CLASSIFIER_BYTES = 8 << 20;

    private FullWeightsFile() {
    }

    public static Path write(Path file) throws IOException {
        return TestSafetensors.demoFeatures()
                .putFirst("classifier.0.weight", new byte[CLASSIFIER_BYTES])
                .putAfter("features.14.bias", "head.fc.bias", new byte[4096])
                .write(file);
    }
}
