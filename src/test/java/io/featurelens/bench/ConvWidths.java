package io.featurelens.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.featurelens.model.DemoWeights;
import io.featurelens.model.GradientPass;
import io.featurelens.model.Vgg16;
import io.featurelens.model.Vgg16Model;

import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * One convolution's forward pass in the reference's layout, as a feature visualisation step runs blocks 4-5 (grad
 * mode on, an input that needs its gradient), on [1, C, height, width] inputs of several widths: the milliseconds of {@code reps} calls after three of
 * warm-up, for each width in turn. Prints one JSON object, width to times; bench/conv_widths.py runs it in blocks
 * that alternate with PyTorch's and reads it.
 *
 * <pre>java … io.featurelens.bench.ConvWidths LAYER HEIGHT WIDTH[,WIDTH…] REPS</pre>
 */
public final class ConvWidths {

    public static void main(String[] args) {
        int layer = Integer.parseInt(args[0]);
        int height = Integer.parseInt(args[1]);
        int[] widths = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int reps = Integer.parseInt(args[3]);
        StringJoiner json = new StringJoiner(", ", "{", "}");
        try (Vgg16Model model = new Vgg16Model(DemoWeights.generate(), Device.cpu()); NDManager base = model.newRequestManager()) {
            for (int width : widths) {
                double[] ms = new double[reps];
                for (int r = -3; r < reps; r++) {
                    try (NDManager m = base.newSubManager(); GradientPass pass = GradientPass.open()) {
                        NDArray x = pass.leaf(m.randomNormal(new Shape(1, Vgg16.inputChannels(Vgg16.layer(layer)), height, width)));
                        x.attach(m);
                        long t0 = System.nanoTime();
                        NDArray y = model.apply(layer, x);
                        y.getShape();
                        if (r >= 0) {
                            ms[r] = (System.nanoTime() - t0) / 1e6;
                        }
                    }
                }
                StringJoiner times = new StringJoiner(", ", "[", "]");
                Arrays.stream(ms).forEach(t -> times.add(String.format(Locale.ROOT, "%.3f", t)));
                json.add("\"" + width + "\": " + times);
            }
        }
        System.out.println(json);
    }
}
