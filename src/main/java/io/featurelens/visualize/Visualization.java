package io.featurelens.visualize;

/**
 * A filter's visualisation: the optimised picture as an RGB PNG, and the filter's mean activation for it and for
 * the random start, each computed from the 8-bit picture through the feature maps' preprocessing, so that feeding
 * the PNG back gives {@code meanActivation}.
 */
public record Visualization(VisualizationSpec spec, byte[] png, int width, int height, double meanActivation,
                            double startActivation) {
}
