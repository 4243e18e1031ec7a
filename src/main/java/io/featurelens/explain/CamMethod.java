package io.featurelens.explain;

import io.featurelens.imaging.BilinearResize;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.model.Layer;

/**
 * What class activation maps share (pytorch-grad-cam's BaseCAM): capture the layer's activations A and
 * the class logit's gradient ∂y_c/∂A, let the method combine them into one map, then ReLU, scale
 * (cam −= min; cam /= 1e-7 + max) and resize to the input's 224×224.
 */
public abstract class CamMethod implements AttributionMethod {

    @Override
    public final boolean isCam() {
        return true;
    }

    @Override
    public final Attribution attribute(Explained explained) {
        return new Attribution.Cam(map(explained));
    }

    /** The scaled, resized map: also what guided Grad-CAM multiplies by. */
    final float[] map(Explained explained) {
        float[][] captured = explained.layerActivationsAndGradients();
        Layer layer = explained.layer();
        int positions = layer.height() * layer.width();
        float[] cam = combine(captured[0], captured[1], layer.channels(), positions);
        float min = Float.POSITIVE_INFINITY;
        for (int i = 0; i < positions; i++) {
            cam[i] = Math.max(cam[i], 0f);
            min = Math.min(min, cam[i]);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < positions; i++) {
            cam[i] -= min;
            max = Math.max(max, cam[i]);
        }
        float scale = (float) (1e-7 + max);
        for (int i = 0; i < positions; i++) {
            cam[i] /= scale;
        }
        return BilinearResize.resize(cam, layer.width(), layer.height(), Preprocessor.SIZE, Preprocessor.SIZE);
    }

    /**
     * The weighted map before the ReLU, {@code positions} values, from {@code activations} and
     * {@code gradients}, each [{@code channels}, positions].
     */
    protected abstract float[] combine(float[] activations, float[] gradients, int channels, int positions);
}
