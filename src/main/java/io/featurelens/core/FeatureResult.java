package io.featurelens.core;

import io.featurelens.imaging.ColorMap;
import io.featurelens.model.Layer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** What one request produced: per layer, each selected map's statistics and pictures, plus timings. */
public record FeatureResult(ModelInfo model, Normalization normalization, ColorMap colorMap,
                            List<LayerMaps> layers, Timings timings) {

    public record LayerMaps(Layer layer, List<FeatureMap> maps, byte[] montagePng) {
    }

    /**
     * One filter's map. {@code min}, {@code max} and {@code mean} are of the raw activations;
     * {@code levels} are its normalised grey levels, row by row; {@code png} is null unless maps were asked for.
     */
    public record FeatureMap(int filter, float min, float max, float mean, byte[] levels, byte[] png) {
    }

    /** Milliseconds spent decoding and preprocessing, in the network, rendering PNGs, and in all. */
    public record Timings(
            @Schema(required = true, description = "Decoding and preprocessing", example = "4.4") double decode,
            @Schema(required = true, description = "In the network, normalisation included", example = "60.1") double forward,
            @Schema(required = true, description = "Encoding PNGs", example = "19.8") double render,
            @Schema(required = true, description = "All of the request's computation", example = "84.3") double total) {

        /** Nanoseconds as milliseconds with one decimal, as every timing FeatureLens reports. */
        public static double millis(long nanos) {
            return Math.round(nanos / 1e5) / 10.0;
        }
    }

    public LayerMaps first() {
        return layers.get(0);
    }
}
