package io.featurelens.core;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which network and weights answered: {@code pretrained} is false for the untrained demo weights. */
public record ModelInfo(
        @Schema(required = true, description = "The network", example = "vgg16") String name,
        @Schema(required = true, description = "False only for the untrained demo weights; any weights file is taken to be trained")
        boolean pretrained,
        @Schema(required = true, description = "Where the weights came from: demo, a file, or a URL",
                example = "/opt/featurelens/vgg16-features.safetensors") String weights,
        @Schema(required = true, description = "Where the network runs", example = "cpu()") String device) {
}
