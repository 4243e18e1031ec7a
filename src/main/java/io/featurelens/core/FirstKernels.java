package io.featurelens.core;

import io.featurelens.model.Layer;

import java.util.List;

/**
 * The conv1_1 kernels, what each first-block filter looks for, as the JSON of {@code GET /api/kernels}:
 * per filter its raw weight range, its patch's pixels as {@code rgb[row][column] = [r, g, b]}, and the
 * same patch as a base64 PNG.
 */
public record FirstKernels(ModelInfo model, Layer layer, String scaling, List<Kernel> kernels) {

    public static final String SCALING = "per kernel: 127.5 + 127.5 * w / max|w| over its 27 weights; "
            + "mid grey is a zero weight";

    public record Kernel(int filter, float min, float max, int[][][] rgb, byte[] png) {
    }
}
