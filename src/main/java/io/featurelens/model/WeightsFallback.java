package io.featurelens.model;

/** What happens when the weights cannot be downloaded ({@code featurelens.model.fallback}). */
public enum WeightsFallback {
    /** The demo weights, with a warning, but only when the default location is unreachable. */
    DEMO,
    /** Never: the model fails to load and the service does not start. */
    FAIL
}
