package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.core.FeatureRequest;
import io.featurelens.core.FilterSelection;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.model.Layer;
import io.featurelens.visualize.VisualizationRequest;
import io.featurelens.visualize.VisualizationSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A part of an atlas to make: {@code {"visualize": {"layer": "relu3_3", "filters": "0-63", "steps": 256, "seed": 0},
 * "output": {"s3": {"bucket": …, "prefix": …}}}}; filters default to all, steps and seed to the JSON API's defaults.
 */
record VisualizeEvent(List<VisualizationSpec> specs, S3Location output) {

    private static final Set<String> FIELDS = Set.of("visualize", "output");
    private static final Set<String> VISUALIZE_FIELDS = Set.of("layer", "filters", "steps", "seed");

    static boolean matches(JsonNode event) {
        return event != null && event.isObject() && event.has("visualize");
    }

    static VisualizeEvent parse(JsonNode event) {
        FeaturesEvent.onlyKnown(event, FIELDS, "field");
        JsonNode visualize = event.get("visualize");
        if (!visualize.isObject()) {
            throw RejectedRequestException.badRequest("'visualize' must be an object {\"layer\": …, \"filters\": …}");
        }
        FeaturesEvent.onlyKnown(visualize, VISUALIZE_FIELDS, "visualize field");
        String layerName = FeaturesEvent.scalar(visualize, "layer");
        if (layerName == null || layerName.isBlank()) {
            throw RejectedRequestException.badRequest("'visualize' needs a 'layer', e.g. \"relu3_3\"");
        }
        Layer layer = FeatureRequest.parseLayer(layerName);
        int[] filters = FilterSelection.parse(FeaturesEvent.scalar(visualize, "filters")).resolve(layer);
        String steps = FeaturesEvent.scalar(visualize, "steps");
        String seed = FeaturesEvent.scalar(visualize, "seed");
        S3Location output = FeaturesEvent.output(event.get("output")).orElseThrow(() -> RejectedRequestException.badRequest(
                "a visualize event needs 'output': {\"s3\": {\"bucket\": …, \"prefix\": …}}"));
        List<VisualizationSpec> specs = Arrays.stream(filters)
                .mapToObj(f -> VisualizationRequest.parse(layer.name(), Integer.toString(f), steps, seed)).toList();
        return new VisualizeEvent(specs, output);
    }
}
