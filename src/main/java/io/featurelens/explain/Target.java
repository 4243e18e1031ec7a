package io.featurelens.explain;

import io.featurelens.model.Layer;

/** What an explanation is of: a class's logit, or the summed activations of one filter of one layer. */
public sealed interface Target {

    /** {@code index} empty: the class the network ranks first. */
    record ClassOf(java.util.OptionalInt index) implements Target {
    }

    record FilterOf(Layer layer, int filter) implements Target {
    }
}
