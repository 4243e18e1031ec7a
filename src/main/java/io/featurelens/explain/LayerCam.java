package io.featurelens.explain;

/** LayerCAM: every position weighted by its own positive gradient, Σ_k ReLU(∂y_c/∂A_k)·A_k; fit for early layers too. */
public final class LayerCam extends CamMethod {

    @Override
    public String id() {
        return "layercam";
    }

    @Override
    protected float[] combine(float[] activations, float[] gradients, int channels, int positions) {
        float[] cam = new float[positions];
        for (int k = 0; k < channels; k++) {
            for (int i = 0; i < positions; i++) {
                cam[i] += Math.max(gradients[k * positions + i], 0f) * activations[k * positions + i];
            }
        }
        return cam;
    }
}
