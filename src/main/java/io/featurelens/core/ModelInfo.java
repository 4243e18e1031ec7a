package io.featurelens.core;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Which network and weights answered. {@code pretrained} is true only where it can be backed (the default
 * weights, or the operator's description), false for the untrained demo weights, and null otherwise;
 * {@code description} says the same in words, for the banner.
 */
public record ModelInfo(
        @Schema(required = true, description = "The network", example = "vgg16") String name,
        @Schema(nullable = true, description = "True only for the default ImageNet weights or weights the operator "
                + "describes (featurelens.model.description); false for the untrained demo weights; null when "
                + "nothing backs a claim either way") Boolean pretrained,
        @Schema(required = true, description = "The weights in words, as the gallery's banner shows them",
                example = "weights from /opt/featurelens/vgg16-features.safetensors") String description,
        @Schema(required = true, description = "Where the weights came from: demo, a file, or a URL",
                example = "/opt/featurelens/vgg16-features.safetensors") String weights,
        @Schema(required = true, description = "Where the network runs", example = "cpu()") String device) {
}
