package io.featurelens.model;

import java.nio.FloatBuffer;
import java.util.Map;

/** The {@code features.*} tensors, row-major float32, with where they came from. */
public record LoadedWeights(Map<String, FloatBuffer> tensors, String source, boolean pretrained) {
}
