package io.featurelens.model;

import com.fasterxml.jackson.annotation.JsonValue;

public enum LayerType {
    CONV, RELU, POOL;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
