package io.featurelens.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of VGG16's {@code features}: torchvision's index, its conventional name and its output shape for a 224×224 input. */
public record Layer(
        @Schema(required = true, description = "torchvision's index in vgg16.features", minimum = "0", maximum = "30", example = "3")
        int index,
        @Schema(required = true, description = "The conventional name", example = "relu1_2") String name,
        @Schema(required = true, description = "What the layer computes") LayerType type,
        @Schema(required = true, description = "Filters (output channels)", example = "64") int channels,
        @Schema(required = true, description = "Output height for a 224×224 input", example = "224") int height,
        @Schema(required = true, description = "Output width for a 224×224 input", example = "224") int width) {
}
