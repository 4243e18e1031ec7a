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
        NDArray total = explained.summedInputGradients(STEPS, first -> {
            float[] alphas = new float[Explained.SAMPLES_PER_PASS];
            for (int k = 0; k < alphas.length; k++) {
                alphas[k] = (first + k + 0.5f) / STEPS;
            }
            NDArray alpha = x.getManager().create(alphas, new Shape(alphas.length, 1, 1, 1));
            return baseline.add(alpha.mul(path));
        });
        return new Attribution.PerPixel(path.mul(total).div(STEPS).toFloatArray());
    }
}
