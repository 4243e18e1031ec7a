package io.featurelens.model;

import com.fasterxml.jackson.annotation.JsonValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What a layer computes: a 3×3 convolution, a ReLU, or a 2×2 max pooling")
public enum LayerType {
    CONV, RELU, POOL;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
