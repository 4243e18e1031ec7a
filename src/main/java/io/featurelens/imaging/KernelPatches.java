package io.featurelens.imaging;

import java.util.ArrayList;
import java.util.List;

/**
 * Convolution kernels over an RGB input, laid out [n, 3, size, size] as in torchvision, drawn as
 * size × size RGB pictures: each weight w becomes {@code round(127.5 + 127.5 · w / max|w|)}, where
 * max|w| is taken over that kernel's own weights. Mid grey is a zero weight in every channel, a bright
 * channel is a colour the filter responds to positively there, a dark one a colour it is inhibited by;
 * each patch uses its kernel's full range, so patches compare shapes and colours, not magnitudes.
 */
public final class KernelPatches {

    private KernelPatches() {
    }

    public static List<RgbImage> render(float[] weights, int size) {
        int perKernel = 3 * size * size;
        if (weights.length % perKernel != 0) {
            throw new IllegalArgumentException(weights.length + " weights are not whole 3x" + size + "x" + size + " kernels");
        }
        List<RgbImage> patches = new ArrayList<>(weights.length / perKernel);
        for (int start = 0; start < weights.length; start += perKernel) {
            float scale = 0;
            for (int i = start; i < start + perKernel; i++) {
                scale = Math.max(scale, Math.abs(weights[i]));
            }
            byte[] pixels = new byte[perKernel];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < size * size; p++) {
                    float w = weights[start + c * size * size + p];
                    long level = scale == 0 ? 128 : Math.round(127.5 + 127.5 * w / scale);
                    pixels[3 * p + c] = (byte) Math.max(0, Math.min(255, level));
                }
            }
            patches.add(new RgbImage(size, size, pixels));
        }
        return patches;
    }
}
