package io.featurelens.visualize;

import io.featurelens.core.FeatureRequest;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.core.Text;

/** The text parameters of a visualisation, as every adapter receives them: layer and filter required, steps and seed optional. */
public final class VisualizationRequest {

    private VisualizationRequest() {
    }

    public static VisualizationSpec parse(String layer, String filter, String steps, String seed) {
        if (layer == null || layer.isBlank()) {
            throw RejectedRequestException.badRequest("no layer: name the layer, e.g. relu3_3 or 15 (see GET /api/layers)");
        }
        if (filter == null || filter.isBlank()) {
            throw RejectedRequestException.badRequest("no filter: give the filter's index, e.g. 7");
        }
        Integer stepCount = steps == null || steps.isBlank() ? null : (int) number("steps", steps, Integer.MIN_VALUE, Integer.MAX_VALUE);
        Long seedValue = seed == null || seed.isBlank() ? null : number("seed", seed, Long.MIN_VALUE, Long.MAX_VALUE);
        return VisualizationSpec.of(FeatureRequest.parseLayer(layer), (int) number("filter", filter, Integer.MIN_VALUE,
                Integer.MAX_VALUE), stepCount, seedValue);
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw RejectedRequestException.badRequest("'" + name + "' must be a whole number, not '" + Text.clip(value) + "'");
        }
    }
}
