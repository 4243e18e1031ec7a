package io.featurelens.lambda;

import io.featurelens.core.FeatureResult;
import io.featurelens.core.MapFileNames;
import io.featurelens.model.Layer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a result's pictures go under a folder: {@code <folder>/<layer>/<file>}, with the file names of
 * {@link MapFileNames}.
 */
final class MapKeys {

    private MapKeys() {
    }

    static S3Location map(S3Location folder, Layer layer, int filter) {
        return folder.child(layer.name()).child(MapFileNames.map(layer, filter));
    }

    static S3Location montage(S3Location folder, Layer layer) {
        return folder.child(layer.name()).child(MapFileNames.MONTAGE);
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
