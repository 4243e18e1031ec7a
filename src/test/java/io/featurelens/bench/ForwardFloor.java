package io.featurelens.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.featurelens.model.DemoWeights;
import io.featurelens.model.Vgg16Model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The forward pass alone against the machine's arithmetic floor, both through the same libtorch:
 * the median time of vgg16.features up to relu1_2, and the best median rate of square float32 matrix
 * multiplies (1024, 2048, 3072). Run by bench/api_latency.py; prints one JSON object.
 */
public final class ForwardFloor {

    /** Multiply-adds × 2 of the conv layers up to relu1_2 for one 224×224 image. */
    private static final double GFLOP_TO_RELU1_2 = 2.0 * 224 * 224 * (64 * 3 * 9 + 64 * 64 * 9) / 1e9;

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (Vgg16Model model = new Vgg16Model(DemoWeights.generate(), Device.cpu());
             NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] input = manager.randomNormal(new Shape(224, 224, 3)).toFloatArray();
            double[] forward = new double[runs];
            for (int i = -3; i < runs; i++) {
                try (NDManager request = model.newRequestManager()) {
                    long t = System.nanoTime();
                    model.forward(model.input(request, input, 1), 3, Set.of(3)).get(3).toFloatArray();
                    if (i >= 0) {
                        forward[i] = (System.nanoTime() - t) / 1e6;
                    }
                }
            }
            double gflops = 0;
            int matrix = 0;
            for (int n : new int[] {1024, 2048, 3072}) {
                double rate = matmulRate(manager, n, Math.max(5, runs / 3));
                if (rate > gflops) {
                    gflops = rate;
                    matrix = n;
                }
            }
            double forwardMs = median(forward);
            double floorMs = GFLOP_TO_RELU1_2 / gflops * 1000;
            System.out.printf(Locale.ROOT, "{\"forward_relu1_2_median_ms\": %.1f, \"gflop\": %.2f, "
                            + "\"best_matmul\": %d, \"matmul_gflops\": %.1f, \"floor_ms\": %.1f, \"forward_over_floor\": %.2f}%n",
                    forwardMs, GFLOP_TO_RELU1_2, matrix, gflops, floorMs, forwardMs / floorMs);
        }
    }

    /** Median GFLOP/s of an n×n float32 matrix product, result left on the device. */
    private static double matmulRate(NDManager manager, int n, int runs) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.randomNormal(new Shape(n, n));
            NDArray b = scope.randomNormal(new Shape(n, n));
            double[] rate = new double[runs];
            for (int i = -2; i < runs; i++) {
                long t = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                if (i >= 0) {
                    rate[i] = 2.0 * n * n * n / ((System.nanoTime() - t) / 1e9) / 1e9;
                }
            }
            return median(rate);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
