package io.featurelens.lambda;

import io.featurelens.core.FeatureResult;
import io.featurelens.core.MapFileNames;
import io.featurelens.imaging.Montage;
import io.featurelens.model.Layer;

import java.util.ArrayList;
import java.util.List;
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

    /** How many times the montage of {@code layer} enlarges its maps, as the API's X-Montage-Magnification says. */
    static int magnification(Layer layer) {
        return Montage.magnification(layer.width(), layer.height());
    }

    /** Every map and montage of {@code result}; each montage says its magnification in its metadata. */
    static List<StoredPng> objects(S3Location folder, FeatureResult result) {
        List<StoredPng> objects = new ArrayList<>();
        for (FeatureResult.LayerMaps layer : result.layers()) {
            for (FeatureResult.FeatureMap map : layer.maps()) {
                objects.add(StoredPng.of(map(folder, layer.layer(), map.filter()).key(), map.png()));
            }
            objects.add(new StoredPng(montage(folder, layer.layer()).key(), layer.montagePng(),
                    Map.of(StoredPng.MAGNIFICATION, Integer.toString(magnification(layer.layer())))));
        }
        return objects;
    }
}
