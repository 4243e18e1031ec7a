package io.featurelens.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.featurelens.model.DemoWeights;
import io.featurelens.model.Vgg16;
import io.featurelens.model.Vgg16Model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The feature maps' forward pass in three memory layouts, through the same libtorch and weights: every layer
 * channels last, every layer in the reference's contiguous layout, and {@link Vgg16Model#forward}'s own. One
 * 224×224 input; the clock stops once the layer's output has been read into Java.
 *
 * <p>Method: per layer, {@code rounds} rounds after two of warm-up; each round runs one pass of each layout,
 * the first of them taking turns, nothing else running in this process. Reported: median and minimum per layout,
 * and each layout's over the model's.
 *
 * <pre>bench/forward_layouts.sh [layers, default 3,15,22,29] [rounds, default 15]</pre>
 */
public final class ForwardLayouts {

    private static final String[] NAMES = {"channels last", "reference layout", "the model's"};

    public static void main(String[] args) {
        int[] layers = Arrays.stream((args.length > 0 ? args[0] : "3,15,22,29").split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        float[] input = new float[224 * 224 * 3];
        Random random = new Random(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        System.out.printf(Locale.ROOT, "%d cores; %d rounds per layer%n%n", Runtime.getRuntime().availableProcessors(), rounds);
        System.out.println("| layer | channels last, median (min) | reference layout, median (min) | the model's, median (min) | channels last / model's | reference / model's |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        try (Vgg16Model model = new Vgg16Model(DemoWeights.generate(), Device.cpu())) {
            for (int last : layers) {
                double[][] ms = new double[3][rounds];
                for (int r = -2; r < rounds; r++) {
                    for (int k = 0; k < 3; k++) {
                        int layout = (k + Math.floorMod(r, 3)) % 3;
                        double t = pass(model, input, last, layout);
                        if (r >= 0) {
                            ms[layout][r] = t;
                        }
                    }
                }
                double[] median = new double[3];
                double[] min = new double[3];
                for (int k = 0; k < 3; k++) {
                    Arrays.sort(ms[k]);
                    median[k] = ms[k][rounds / 2];
                    min[k] = ms[k][0];
                }
                System.out.printf(Locale.ROOT, "| %s (%d) | %.1f ms (%.1f) | %.1f ms (%.1f) | %.1f ms (%.1f) | %.2f (%.2f) | %.2f (%.2f) |%n",
                        Vgg16.layer(last).name(), last, median[0], min[0], median[1], min[1], median[2], min[2],
                        median[0] / median[2], min[0] / min[2], median[1] / median[2], min[1] / min[2]);
            }
        }
    }

    private static double pass(Vgg16Model model, float[] input, int last, int layout) {
        try (NDManager request = model.newRequestManager()) {
            long start = System.nanoTime();
            NDArray x;
            if (layout == 2) {
                x = model.forward(model.input(request, input, 1), last, Set.of(last)).get(last);
            } else {
                x = model.input(request, input, 1);
                if (layout == 1) {
                    x = x.reshape(1, 3, 224 * 224).reshape(new Shape(1, 3, 224, 224));
                }
                for (int i = 0; i <= last; i++) {
                    NDArray y = layout == 0 ? model.applyChannelsLast(i, x) : model.apply(i, x);
                    x.close();
                    x = y;
                }
            }
            x.toFloatArray();
            return (System.nanoTime() - start) / 1e6;
        }
    }
}
