package io.featurelens.explain;

import io.featurelens.core.ModelInfo;
import io.featurelens.model.ClassifierStatus;

/** The loaded model, and whether its classifier is there for predictions and explanations. */
public record ModelStatus(String name, boolean pretrained, String weights, String device, ClassifierStatus classifier) {

    static ModelStatus of(ModelInfo info, ClassifierStatus classifier) {
        return new ModelStatus(info.name(), info.pretrained(), info.weights(), info.device(), classifier);
    }
}
