package io.featurelens.explain;

import io.featurelens.core.ModelInfo;
import io.featurelens.model.ClassifierStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The loaded model ({@link ModelInfo}'s fields), and whether its classifier is there for predictions and explanations. */
public record ModelStatus(
        @Schema(required = true, description = "The network", example = "vgg16") String name,
        @Schema(nullable = true, description = "As in ModelInfo: true only for weights that can be vouched for, false "
                + "for the demo weights, null otherwise") Boolean pretrained,
        @Schema(required = true, description = "The weights in words, as the gallery's banner shows them") String description,
        @Schema(required = true, description = "Where the weights came from: demo, a file, or a URL") String weights,
        @Schema(required = true, description = "Where the network runs", example = "cpu") String device,
        @Schema(required = true, description = "Whether predict and explain can answer: loaded; loading (503 until it "
                + "is); disabled (featurelens.model.classifier=false) or absent (a features-only file), both 409; failed") ClassifierStatus classifier) {

    static ModelStatus of(ModelInfo info, ClassifierStatus classifier) {
        return new ModelStatus(info.name(), info.pretrained(), info.description(), info.weights(), info.device(), classifier);
    }
}
