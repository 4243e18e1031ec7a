package io.featurelens.explain;

/**
 * One way of saying which pixels made the network decide. Each method is one small class; what they
 * share (the forward and backward passes, the CAM scaling, the pictures) lives in {@link Explained},
 * {@link CamMethod} and {@link ExplainService}, which never asks which method ran.
 */
public interface AttributionMethod {

    /** The method's name in requests: gradcam, guided-backprop, … */
    String id();

    /** Whether the method explains a layer's maps (CAM) rather than input pixels; CAMs take class targets only. */
    default boolean isCam() {
        return false;
    }

    Attribution attribute(Explained explained);
}
