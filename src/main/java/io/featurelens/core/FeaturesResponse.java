package io.featurelens.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.featurelens.imaging.ColorMap;
import io.featurelens.model.Layer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.function.Function;

/** The JSON answer of {@code POST /api/features}, shared by every adapter that answers in JSON. */
public record FeaturesResponse(
        @Schema(required = true, description = "The network and weights that computed the maps") ModelInfo model,
        @Schema(required = true, description = "The layer the maps are of") Layer layer,
        @Schema(required = true, description = "How activations became 8-bit levels") Normalization normalize,
        @Schema(required = true, description = "How levels became colours") ColorMap colormap,
        @Schema(required = true, description = "One entry per selected filter, in filter order") List<MapEntry> maps,
        @Schema(required = true, description = "Where the time went, in milliseconds") FeatureResult.Timings timingsMs) {

    /** One map: raw statistics, and the picture either inline ({@code png}, base64) or where it was stored ({@code s3Key}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MapEntry(
            @Schema(required = true, description = "The filter's index in its layer", minimum = "0", example = "12") int filter,
            @Schema(required = true, description = "Smallest raw activation of the map", example = "0.0") float min,
            @Schema(required = true, description = "Largest raw activation of the map", example = "5.71") float max,
            @Schema(required = true, description = "Mean raw activation of the map", example = "0.81") float mean,
            @Schema(description = "The map as a PNG of the layer's height and width, base64-encoded (JSON API)",
                    format = "byte", example = "iVBORw0KGgo=") byte[] png,
            @Schema(description = "Where the map's PNG was stored (Lambda function with S3 output; never in the JSON API)")
            String s3Key) {
    }

    /** The first (usually only) layer of {@code result}, each map's PNG inline. */
    public static FeaturesResponse inline(FeatureResult result) {
        return of(result, m -> new MapEntry(m.filter(), m.min(), m.max(), m.mean(), m.png(), null));
    }

    /** The first layer of {@code result}, each map by the key {@code keys} gives where its PNG was stored. */
    public static FeaturesResponse stored(FeatureResult result, Function<FeatureResult.FeatureMap, String> keys) {
        return of(result, m -> new MapEntry(m.filter(), m.min(), m.max(), m.mean(), null, keys.apply(m)));
    }

    private static FeaturesResponse of(FeatureResult result, Function<FeatureResult.FeatureMap, MapEntry> entry) {
        return new FeaturesResponse(result.model(), result.first().layer(), result.normalization(), result.colorMap(),
                result.first().maps().stream().map(entry).toList(), result.timings());
    }
}
