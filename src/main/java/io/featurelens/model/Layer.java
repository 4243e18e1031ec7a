package io.featurelens.model;

/** One entry of VGG16's {@code features}: torchvision's index, its conventional name and its output shape for a 224×224 input. */
public record Layer(int index, String name, LayerType type, int channels, int height, int width) {
}
