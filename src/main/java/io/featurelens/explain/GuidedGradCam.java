package io.featurelens.explain;

import io.featurelens.imaging.Preprocessor;

/** Guided Grad-CAM: guided backpropagation times the Grad-CAM map (before rounding), the map broadcast over the channels. */
public final class GuidedGradCam implements AttributionMethod {

    private final GradCam gradCam = new GradCam();
    private final GuidedBackprop guided = new GuidedBackprop();

    @Override
    public String id() {
        return "guided-gradcam";
    }

    @Override
    public boolean isCam() {
        return true;
    }

    @Override
    public Attribution attribute(Explained explained) {
        float[] cam = gradCam.map(explained);
        float[] g = ((Attribution.PerPixel) guided.attribute(explained)).values();
        int plane = Preprocessor.SIZE * Preprocessor.SIZE;
        for (int i = 0; i < g.length; i++) {
            g[i] *= cam[i % plane];
        }
        return new Attribution.PerPixel(g);
    }
}
