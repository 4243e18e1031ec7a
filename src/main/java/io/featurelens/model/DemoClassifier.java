package io.featurelens.model;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The demo weights' classifier: untrained like {@link DemoWeights}, from the same generator (streams 100 to
 * 105), He-uniform weights and small uniform biases, so {@code tools/golden} reproduces it bit for bit.
 */
public final class DemoClassifier {

    private static final long FIRST_STREAM = 100;

    private DemoClassifier() {
    }

    public static ClassifierWeights generate() {
        int[][] shapes = {{ClassifierLayout.HIDDEN, ClassifierLayout.FEATURES},
                {ClassifierLayout.HIDDEN, ClassifierLayout.HIDDEN}, {ClassifierLayout.CLASSES, ClassifierLayout.HIDDEN}};
        Map<String, FloatBuffer> tensors = new LinkedHashMap<>();
        for (int fc = 0; fc < shapes.length; fc++) {
            int out = shapes[fc][0];
            int in = shapes[fc][1];
            long stream = FIRST_STREAM + 2L * fc;
            tensors.put(ClassifierLayout.CANONICAL.get(2 * fc),
                    FloatBuffer.wrap(symmetric(stream, out * in, Math.sqrt(6.0 / in))));
            tensors.put(ClassifierLayout.CANONICAL.get(2 * fc + 1),
                    FloatBuffer.wrap(symmetric(stream + 1, out, 1.0 / Math.sqrt(in))));
        }
        return new ClassifierWeights(tensors, ClassifierLayout.TORCHVISION);
    }

    private static float[] symmetric(long stream, int count, double bound) {
        float[] values = new float[count];
        IntStream.range(0, count).parallel().forEach(i ->
                values[i] = (float) ((2.0 * DemoWeights.uniform(DemoWeights.SEED, stream, i) - 1.0) * bound));
        return values;
    }
}
