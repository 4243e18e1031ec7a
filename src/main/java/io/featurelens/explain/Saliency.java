package io.featurelens.explain;

/** Vanilla gradient (Simonyan et al.; PAIR's VanillaGradients, Captum's Saliency with abs=False): ∂target/∂x, signed. */
public final class Saliency implements AttributionMethod {

    @Override
    public String id() {
        return "saliency";
    }

    @Override
    public Attribution attribute(Explained explained) {
        explained.resolveTarget();
        return new Attribution.PerPixel(explained.inputGradients(explained.input()).toFloatArray());
    }
}
