package io.featurelens.core;

import io.featurelens.model.Layer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The conv1_1 kernels, what each first-block filter looks for, as the JSON of {@code GET /api/kernels}:
 * per filter its raw weight range, its patch's pixels as {@code rgb[row][column] = [r, g, b]}, and the
 * same patch as a base64 PNG.
 */
public record FirstKernels(
        @Schema(required = true, description = "The network and weights the kernels are from") ModelInfo model,
        @Schema(required = true, description = "The layer of the kernels: conv1_1") Layer layer,
        @Schema(required = true, description = "How weights became colour levels") String scaling,
        @Schema(required = true, description = "One entry per filter, in filter order") List<Kernel> kernels) {

    public static final String SCALING = "per kernel: 127.5 + 127.5 * w / max|w| over its 27 weights; "
            + "mid grey is a zero weight";

    public record Kernel(
            @Schema(required = true, description = "The filter's index", minimum = "0", maximum = "63") int filter,
            @Schema(required = true, description = "Smallest of the kernel's 27 raw weights") float min,
            @Schema(required = true, description = "Largest of the kernel's 27 raw weights") float max,
            @Schema(required = true, description = "The patch's pixels, rgb[row][column] = [r, g, b], each 0-255") int[][][] rgb,
            @Schema(required = true, description = "The same patch as a base64-encoded RGB PNG", format = "byte") byte[] png) {
    }
}
