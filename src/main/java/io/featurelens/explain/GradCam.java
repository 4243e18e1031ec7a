package io.featurelens.explain;

/** Grad-CAM: each map weighted by the mean of its gradient, Σ_k mean(∂y_c/∂A_k)·A_k. */
public final class GradCam extends CamMethod {

    @Override
    public String id() {
        return "gradcam";
    }

    @Override
    protected float[] combine(float[] activations, float[] gradients, int channels, int positions) {
        float[] cam = new float[positions];
        for (int k = 0; k < channels; k++) {
            double sum = 0;
            for (int i = 0; i < positions; i++) {
                sum += gradients[k * positions + i];
            }
            float weight = (float) (sum / positions);
            for (int i = 0; i < positions; i++) {
                cam[i] += weight * activations[k * positions + i];
            }
        }
        return cam;
    }
}
