package io.featurelens.core;

import io.featurelens.imaging.KernelPatches;
import io.featurelens.imaging.PngEncoder;
import io.featurelens.imaging.RgbImage;
import io.featurelens.model.Vgg16;
import io.featurelens.model.Vgg16Model;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.stream.IntStream;

/** The conv1_1 kernels as small RGB patches; {@link KernelPatches} says how weights become colours. */
@ApplicationScoped
public class KernelView {

    private static final int KERNEL_SIZE = 3;

    private final ReadyModel ready;

    public KernelView(ReadyModel ready) {
        this.ready = ready;
    }

    public FirstKernels firstKernels() {
        Vgg16Model model = ready.get();
        float[] weights = model.firstKernels();
        List<RgbImage> patches = KernelPatches.render(weights, KERNEL_SIZE);
        int perKernel = weights.length / patches.size();
        List<FirstKernels.Kernel> kernels = IntStream.range(0, patches.size()).mapToObj(k -> {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = k * perKernel; i < (k + 1) * perKernel; i++) {
                min = Math.min(min, weights[i]);
                max = Math.max(max, weights[i]);
            }
            RgbImage patch = patches.get(k);
            int[][][] rgb = new int[KERNEL_SIZE][KERNEL_SIZE][3];
            for (int i = 0; i < patch.pixels().length; i++) {
                rgb[i / 3 / KERNEL_SIZE][i / 3 % KERNEL_SIZE][i % 3] = patch.pixels()[i] & 0xFF;
            }
            return new FirstKernels.Kernel(k, min, max, rgb, PngEncoder.rgb(patch));
        }).toList();
        return new FirstKernels(ready.info(model), Vgg16.layer(0), FirstKernels.SCALING, kernels);
    }
}
