package io.featurelens.core;

import io.featurelens.model.Layer;

/**
 * File names of a layer's pictures wherever they are stored: {@code filter-NN.png} per map, zero-padded
 * to the width of the layer's last filter (two digits for 64 filters, three for 128 and more) so that
 * names sort in filter order, and {@code montage.png}; and the names downloads are saved under.
 */
public final class MapFileNames {

    public static final String MONTAGE = "montage.png";

    private MapFileNames() {
    }

    /** What a download of {@code result}'s first layer is saved as: {@code featurelens-<layer>-<normalisation>-<colour map><ending>}. */
    public static String download(FeatureResult result, String ending) {
        return "featurelens-" + result.first().layer().name() + "-" + result.normalization().id() + "-"
                + result.colorMap().id() + ending;
    }

    public static String map(Layer layer, int filter) {
        int digits = Math.max(2, Integer.toString(layer.channels() - 1).length());
        return String.format("filter-%0" + digits + "d.png", filter);
    }
}
