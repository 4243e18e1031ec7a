package io.featurelens.visualize;

import io.featurelens.core.RejectedRequestException;
import io.featurelens.model.Layer;

/**
 * What to visualise: one filter of one layer, optimised for {@code steps} steps from the random start that
 * {@code seed} gives. The same spec and weights always give the same picture.
 */
public record VisualizationSpec(Layer layer, int filter, int steps, long seed) {

    /** Lucid's default of 512 halved: on a CPU a relu3_3 filter then takes about a minute (docs/visualize.md). */
    public static final int DEFAULT_STEPS = 256;
    public static final int MAX_STEPS = 2048;
    public static final long DEFAULT_SEED = 0;
    /** The picture's side, the size the network sees. */
    public static final int SIZE = 224;

    public VisualizationSpec {
        if (layer == null) {
            throw RejectedRequestException.badRequest("a layer is required");
        }
        if (filter < 0 || filter >= layer.channels()) {
            throw RejectedRequestException.badRequest("filter " + filter + " is out of range: " + layer.name() + " has "
                    + layer.channels() + " filters (0-" + (layer.channels() - 1) + ")");
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw RejectedRequestException.badRequest("steps " + steps + " is out of range: use 1-" + MAX_STEPS
                    + " (default " + DEFAULT_STEPS + ")");
        }
    }

    /** A spec with the defaults for what is not given; a 400 naming the problem when something is wrong. */
    public static VisualizationSpec of(Layer layer, int filter, Integer steps, Long seed) {
        return new VisualizationSpec(layer, filter, steps == null ? DEFAULT_STEPS : steps, seed == null ? DEFAULT_SEED : seed);
    }
}
