package io.featurelens.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Whether predictions and explanations can be served, and if not, why. */
public enum ClassifierStatus {
    /** Loaded: predict and explain work. */
    LOADED,
    /** Still loading, after the features: try again shortly. */
    LOADING,
    /** Left out on purpose with {@code featurelens.model.classifier=false}. */
    DISABLED,
    /** The weights file has no classifier tensors (a features-only file). */
    ABSENT,
    /** Loading failed; the process is stopping. */
    FAILED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
