package io.featurelens.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.model.DemoWeights;

/**
 * SmoothGrad (Smilkov et al., PAIR): the mean of ∂target/∂x over {@value #SAMPLES} copies of x with Gaussian
 * noise of σ = 0.15·(max(x) − min(x)) in normalised space. The noise is drawn deterministically (seed
 * {@value #NOISE_SEED}, Box-Muller over the demo weights' generator) so that the same image gives the same picture.
 */
public final class SmoothGrad implements AttributionMethod {

    public static final int SAMPLES = 8;
    public static final double NOISE = 0.15;
    static final long NOISE_SEED = 7;

    @Override
    public String id() {
        return "smoothgrad";
    }

    @Override
    public Attribution attribute(Explained explained) {
        explained.resolveTarget();
        NDArray x = explained.input();
        float[] values = x.toFloatArray();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double sigma = NOISE * (double) (max - min);
        int size = 3 * Preprocessor.SIZE * Preprocessor.SIZE;
        NDArray total = explained.summedInputGradients(SAMPLES, first -> {
            float[] noisy = new float[Explained.SAMPLES_PER_PASS * size];
            for (int s = 0; s < Explained.SAMPLES_PER_PASS; s++) {
                for (int i = 0; i < size; i++) {
                    double u1 = DemoWeights.uniform(NOISE_SEED, first + s, 2L * i);
                    double u2 = DemoWeights.uniform(NOISE_SEED, first + s, 2L * i + 1);
                    float noise = (float) (Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2) * sigma);
                    noisy[s * size + i] = values[i] + noise;
                }
            }
            return x.getManager().create(noisy, new Shape(Explained.SAMPLES_PER_PASS, 3, Preprocessor.SIZE, Preprocessor.SIZE));
        });
        return new Attribution.PerPixel(total.div(SAMPLES).toFloatArray());
    }
}
