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
 * the median time of vgg16.features up to a layer, and the median rate of a square float32 matrix
 * multiply. Run by bench/api_latency.sh; prints one JSON object.
 */
public final class ForwardFloor {

    /** Multiply-adds × 2 of the conv layers up to relu1_2 for one 224×224 image. */
    private static final double GFLOP_TO_RELU1_2 = 2.0 * 224 * 224 * (64 * 3 * 9 + 64 * 64 * 9) / 1e9;

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int matrix = 1536;
        try (Vgg16Model model = new Vgg16Model(DemoWeights.generate(), Device.cpu());
             NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray input = manager.randomNormal(new Shape(1, 3, 224, 224));
            double[] forward = new double[runs];
            for (int i = -3; i < runs; i++) {
                try (NDManager request = model.newRequestManager()) {
                    NDArray x = input.duplicate();
                    x.attach(request);
                    long t = System.nanoTime();
                    model.forward(x, 3, Set.of(3)).get(3).toFloatArray();
                    if (i >= 0) {
                        forward[i] = (System.nanoTime() - t) / 1e6;
                    }
                }
            }
            NDArray a = manager.randomNormal(new Shape(matrix, matrix));
            NDArray b = manager.randomNormal(new Shape(matrix, matrix));
            double[] rate = new double[runs];
            for (int i = -3; i < runs; i++) {
                long t = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.toFloatArray();
                }
                if (i >= 0) {
                    rate[i] = 2.0 * matrix * matrix * matrix / ((System.nanoTime() - t) / 1e9) / 1e9;
                }
            }
            double forwardMs = median(forward);
            double gflops = median(rate);
            double floorMs = GFLOP_TO_RELU1_2 / gflops * 1000;
            System.out.printf(Locale.ROOT, "{\"forward_relu1_2_median_ms\": %.1f, \"gflop\": %.2f, "
                            + "\"matmul_%d_median_gflops\": %.1f, \"floor_ms\": %.1f, \"forward_over_floor\": %.2f}%n",
                    forwardMs, GFLOP_TO_RELU1_2, matrix, gflops, floorMs, forwardMs / floorMs);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
