package io.featurelens.core;

import io.featurelens.imaging.ColorMap;
import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One decoded request: the image's bytes, the layers to look at, which of their filters, and how to
 * render the maps. Every adapter builds it with {@link #parse} so that parameters mean the same
 * everywhere.
 */
public record FeatureRequest(byte[] image, List<Layer> layers, FilterSelection filters,
                             Normalization normalization, ColorMap colorMap, Set<Output> outputs) {

    public enum Output {
        /** One PNG per selected map. */
        MAPS,
        /** One PNG of all selected maps in a labelled grid, per layer. */
        MONTAGE
    }

    public FeatureRequest {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no layers");
        }
        layers = List.copyOf(layers);
        outputs = Set.copyOf(outputs);
    }

    /** The same request for {@code image}. */
    public FeatureRequest withImage(byte[] image) {
        return new FeatureRequest(image, layers, filters, normalization, colorMap, outputs);
    }

    /** Parses the text parameters of the JSON API; blank means default (layer 0, all filters, sigmoid, grey). */
    public static FeatureRequest parse(byte[] image, String layer, String filters, String normalize,
                                       String colorMap, Set<Output> outputs) {
        return new FeatureRequest(image, List.of(parseLayer(layer)), FilterSelection.parse(filters),
                Normalization.parse(normalize), parseColorMap(colorMap), outputs);
    }

    /** A layer by torchvision index (0–30) or by name (conv1_1 … pool5). */
    public static Layer parseLayer(String value) {
        if (value == null || value.isBlank()) {
            return Vgg16.layer(0);
        }
        String v = value.trim();
        if (v.matches("[+-]?\\d{1,9}")) {
            int index = Integer.parseInt(v);
            if (index < 0 || index >= Vgg16.LAYERS.size()) {
                throw RejectedRequestException.badRequest("layer " + index + " is out of range: VGG16 has layers 0-"
                        + Vgg16.last().index());
            }
            return Vgg16.layer(index);
        }
        return Vgg16.byName(v.toLowerCase(Locale.ROOT)).orElseThrow(() -> RejectedRequestException.badRequest(
                "unknown layer '" + Text.clip(v) + "': use an index 0-" + Vgg16.last().index()
                        + " or a name from conv1_1 to pool5 (see GET /api/layers)"));
    }

    public static ColorMap parseColorMap(String value) {
        if (value == null || value.isBlank()) {
            return ColorMap.GREY;
        }
        return ColorMap.parse(value.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> RejectedRequestException
                .badRequest("unknown colormap '" + Text.clip(value) + "': use grey, viridis or magma"));
    }
}
