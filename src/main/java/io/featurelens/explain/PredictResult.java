package io.featurelens.explain;

import io.featurelens.core.FeatureResult;
import io.featurelens.core.ModelInfo;

import java.util.List;

/** What the network thinks the image is: the top classes, highest first. */
public record PredictResult(ModelInfo model, List<Prediction> predictions, FeatureResult.Timings timingsMs) {
}
