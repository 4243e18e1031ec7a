package io.featurelens.model;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic, untrained weights: He-uniform kernels and small uniform biases. Every value comes
 * from (seed, stream, element index) through the SplitMix64 finaliser, so the golden generator in
 * {@code tools/golden} reproduces them bit for bit in NumPy.
 */
public final class DemoWeights {

    public static final long SEED = 20240229L;
    public static final String SOURCE = "demo";

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private DemoWeights() {
    }

    public static LoadedWeights generate() {
        Map<String, FloatBuffer> tensors = new LinkedHashMap<>();
        for (Layer conv : Vgg16.convolutions()) {
            int fanIn = Vgg16.inputChannels(conv) * 9;
            int index = conv.index();
            tensors.put(Vgg16.weightName(conv), FloatBuffer.wrap(
                    symmetric(SEED, 2L * index, conv.channels() * fanIn, Math.sqrt(6.0 / fanIn))));
            tensors.put(Vgg16.biasName(conv), FloatBuffer.wrap(
                    symmetric(SEED, 2L * index + 1, conv.channels(), 1.0 / Math.sqrt(fanIn))));
        }
        return new LoadedWeights(tensors, SOURCE, false);
    }

    private static float[] symmetric(long seed, long stream, int count, double bound) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((2.0 * uniform(seed, stream, i) - 1.0) * bound);
        }
        return values;
    }

    /** A double in [0, 1) that depends only on its arguments. */
    public static double uniform(long seed, long stream, long index) {
        long z = seed + ((stream << 40) + index + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }
}
