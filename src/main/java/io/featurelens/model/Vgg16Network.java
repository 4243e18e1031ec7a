package io.featurelens.model;

import ai.djl.ndarray.NDArray;

/**
 * The whole VGG16, features and classifier, as one sequence of steps: 0–30 are {@code features}, then
 * {@link Vgg16Classifier#FC1} to {@link Vgg16Classifier#FC3}. Tensors are made in the input's manager.
 */
public record Vgg16Network(Vgg16Model features, Vgg16Classifier classifier) {

    /** The last step: fc3, whose output is the 1000 logits. */
    public static final int LOGITS = Vgg16Classifier.FC3;

    public NDArray apply(int index, NDArray x) {
        return index < Vgg16Classifier.FC1 ? features.apply(index, x) : classifier.apply(index, x);
    }

    /** Steps {@code first} … {@code last} applied to {@code x}; the intermediate outputs are freed on the way. */
    public NDArray run(NDArray x, int first, int last) {
        NDArray y = x;
        for (int i = first; i <= last; i++) {
            NDArray next = apply(i, y);
            if (y != x) {
                y.close();
            }
            y = next;
        }
        return y;
    }

    /** [N, 1000] logits of [N, 3, 224, 224] normalised input. */
    public NDArray logits(NDArray input) {
        return run(input, 0, LOGITS);
    }
}
