package io.featurelens.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.featurelens.imaging.ColorMap;
import io.featurelens.model.Layer;

import java.util.List;
import java.util.function.Function;

/** The JSON answer of {@code POST /api/features}, shared by every adapter that answers in JSON. */
public record FeaturesResponse(ModelInfo model, Layer layer, Normalization normalize, ColorMap colormap,
                               List<MapEntry> maps, FeatureResult.Timings timingsMs) {

    /** One map: raw statistics, and the picture either inline ({@code png}, base64) or where it was stored ({@code s3Key}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MapEntry(int filter, float min, float max, float mean, byte[] png, String s3Key) {
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
