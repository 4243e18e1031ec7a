package io.featurelens.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.imaging.RgbImage;

/**
 * Integrated gradients (Sundararajan et al., as Captum defines them): (x − x′)·mean over α of
 * ∂target/∂x at x′ + α(x − x′), with {@value #STEPS} midpoint steps α = (k + ½)/{@value #STEPS} and a black
 * baseline x′ (pixel value 0, normalised: −mean/std per channel; a zero tensor would be ImageNet's mean colour).
 */
public final class IntegratedGradients implements AttributionMethod {

    public static final int STEPS = 8;
    /** Samples per forward and backward pass: bounds the memory the graph takes. */
    static final int CHUNK = 4;

    @Override
    public String id() {
        return "integrated-gradients";
    }

    @Override
    public Attribution attribute(Explained explained) {
        explained.resolveTarget();
        NDArray x = explained.input();
        int size = Preprocessor.SIZE;
        float[] black = Preprocessor.toChannelsFirstInput(new RgbImage(size, size, new byte[3 * size * size]));
        NDArray baseline = x.getManager().create(black, x.getShape());
        NDArray path = x.sub(baseline);
        NDArray total = x.zerosLike();
        for (int start = 0; start < STEPS; start += CHUNK) {
            float[] alphas = new float[CHUNK];
            for (int k = 0; k < CHUNK; k++) {
                alphas[k] = (start + k + 0.5f) / STEPS;
            }
            NDArray alpha = x.getManager().create(alphas, new Shape(CHUNK, 1, 1, 1));
            NDArray points = baseline.add(alpha.mul(path));
            total = total.add(explained.inputGradients(points).sum(new int[] {0}, true));
        }
        return new Attribution.PerPixel(path.mul(total).div(STEPS).toFloatArray());
    }
}
