package io.featurelens.lambda;

import io.featurelens.core.FeatureResult;
import io.featurelens.model.Layer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a result's pictures go under a folder: {@code <folder>/<layer>/filter-NN.png} for each map and
 * {@code <folder>/<layer>/montage.png}. Filter numbers are zero-padded to the width of the layer's last
 * one (two digits for 64 filters, three for 128 and more), so keys sort in filter order.
 */
final class MapKeys {

    private MapKeys() {
    }

    static S3Location map(S3Location folder, Layer layer, int filter) {
        int digits = Math.max(2, Integer.toString(layer.channels() - 1).length());
        return folder.child(layer.name()).child(String.format("filter-%0" + digits + "d.png", filter));
    }

    static S3Location montage(S3Location folder, Layer layer) {
        return folder.child(layer.name()).child("montage.png");
    }

    /** Every map and montage of {@code result}, by key. */
    static Map<String, byte[]> objects(S3Location folder, FeatureResult result) {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (FeatureResult.LayerMaps layer : result.layers()) {
            for (FeatureResult.FeatureMap map : layer.maps()) {
                objects.put(map(folder, layer.layer(), map.filter()).key(), map.png());
            }
            objects.put(montage(folder, layer.layer()).key(), layer.montagePng());
        }
        return objects;
    }
}
