package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A predict or explain request as the function receives it: the picture as in a features request, and the
 * JSON API's form fields as they are (predict: {@code top}; explain: {@code method}, {@code class},
 * {@code layer}, {@code filter}), for the core to parse as it parses the API's.
 */
record ClassifierEvent(FeaturesEvent.Picture picture, Map<String, String> fields) {

    private static final Set<String> PICTURE = Set.of("image", "imageS3");
    private static final Set<String> PREDICT = Set.of("top");
    private static final Set<String> EXPLAIN = Set.of("method", "class", "layer", "filter");

    static ClassifierEvent predict(JsonNode event) {
        return parse(event, PREDICT);
    }

    static ClassifierEvent explain(JsonNode event) {
        return parse(event, EXPLAIN);
    }

    private static ClassifierEvent parse(JsonNode event, Set<String> names) {
        Set<String> known = new java.util.HashSet<>(names);
        known.addAll(PICTURE);
        known.add(Action.FIELD);
        FeaturesEvent.onlyKnown(event, known, "field");
        Map<String, String> fields = new HashMap<>();
        for (String name : names) {
            String value = FeaturesEvent.scalar(event, name);
            if (value != null) {
                fields.put(name, value);
            }
        }
        return new ClassifierEvent(FeaturesEvent.Picture.parse(event), fields);
    }

    /** The field's text, null when absent (the core's default applies). */
    String field(String name) {
        return fields.get(name);
    }
}
