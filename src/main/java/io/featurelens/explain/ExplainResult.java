package io.featurelens.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.featurelens.core.FeatureResult;
import io.featurelens.core.ModelInfo;
import io.featurelens.model.Layer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One explanation: the picture (grey for a CAM, colour for per-pixel methods, 224×224), for the CAM methods
 * its overlay on the input, and what was explained. {@code layer} is absent for a class explained from the input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplainResult(ModelInfo model, String method, TargetView target, Layer layer, Picture image,
                            Picture overlay, FeatureResult.Timings timingsMs) {

    /** {@code {"class": {…}}} or {@code {"filter": {"layer": {…}, "filter": 7}}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetView(@JsonProperty("class") Prediction explainedClass, FilterView filter) {
    }

    public record FilterView(Layer layer, int filter) {
    }

    /** A PNG, base64 in JSON. */
    @Schema(description = "A 224×224 picture")
    public record Picture(
            @Schema(required = true, description = "The picture as a PNG, base64-encoded", format = "byte",
                    example = "iVBORw0KGgo=") byte[] png,
            @Schema(required = true, description = "Width in pixels", example = "224") int width,
            @Schema(required = true, description = "Height in pixels", example = "224") int height) {
    }
}
