package io.featurelens.visualize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.model.Layer;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Where an atlas keeps a filter's visualisation, in a folder or under an S3 prefix, and its small JSON. */
public final class AtlasLayout {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AtlasLayout() {
    }

    /** {@code <layer>/filter-NNN.png}. */
    public static String pngKey(Layer layer, int filter) {
        return key(layer, filter) + ".png";
    }

    /** {@code <layer>/filter-NNN.json}. */
    public static String jsonKey(Layer layer, int filter) {
        return key(layer, filter) + ".json";
    }

    /** {@code {"layer":…,"layerIndex":…,"filter":…,"steps":…,"seed":…,"activation":{"mean":…,"start":…}}}. */
    public static byte[] json(Visualization v) {
        VisualizationSpec spec = v.spec();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("layer", spec.layer().name());
        fields.put("layerIndex", spec.layer().index());
        fields.put("filter", spec.filter());
        fields.put("steps", spec.steps());
        fields.put("seed", spec.seed());
        fields.put("width", v.width());
        fields.put("height", v.height());
        Map<String, Object> activation = new LinkedHashMap<>();
        activation.put("mean", v.meanActivation());
        activation.put("start", v.startActivation());
        fields.put("activation", activation);
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(Layer layer, int filter) {
        return layer.name() + "/filter-" + String.format(Locale.ROOT, "%03d", filter);
    }
}
