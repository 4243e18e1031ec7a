package io.featurelens.model;

import java.util.Optional;

/**
 * What the service may say about the weights it runs: {@code pretrained} is true only for the default
 * location or weights the operator describes, false for the demo weights, and null (unknown) otherwise.
 */
public record WeightsLabel(Boolean pretrained, String description) {

    public static final String IMAGENET = "ImageNet-trained VGG16";
    public static final String DEMO = "untrained demo weights";

    static WeightsLabel of(LoadedWeights weights, boolean defaultLocation, Optional<String> description) {
        if (!weights.pretrained()) {
            return new WeightsLabel(false, DEMO);
        }
        if (description.isPresent() && !description.get().isBlank()) {
            return new WeightsLabel(true, description.get().trim());
        }
        return defaultLocation ? new WeightsLabel(true, IMAGENET) : new WeightsLabel(null, "weights from " + weights.source());
    }
}
