package io.featurelens.model;

import java.nio.FloatBuffer;
import java.util.Map;

/** The classifier's six tensors, row-major float32, under {@link ClassifierLayout#CANONICAL} names, whatever the file called them. */
public record ClassifierWeights(Map<String, FloatBuffer> tensors, ClassifierLayout layout) {
}
