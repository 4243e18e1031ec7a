package io.featurelens.explain;

/** Guided backpropagation: ∂target/∂x with the guided ReLU rule (only positive gradient through active units). */
public final class GuidedBackprop implements AttributionMethod {

    @Override
    public String id() {
        return "guided-backprop";
    }

    @Override
    public Attribution attribute(Explained explained) {
        return new Attribution.PerPixel(explained.guidedInputGradient());
    }
}
