package io.featurelens.core;

import com.fasterxml.jackson.annotation.JsonValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Locale;

/** How raw activations become 8-bit grey levels. */
@Schema(description = "sigmoid: round(255·σ(x)), as the reference; minmax: stretched per map, a constant map mid grey")
public enum Normalization {
    /** The reference's round(255·σ(x)): comparable across maps and layers. */
    SIGMOID,
    /** round(255·(x − min)/(max − min)) per map; a constant map is mid grey. */
    MINMAX;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Normalization parse(String value) {
        if (value == null || value.isBlank()) {
            return SIGMOID;
        }
        for (Normalization n : values()) {
            if (n.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        throw RejectedRequestException.badRequest(
                "unknown normalize '" + Text.clip(value) + "': use sigmoid or minmax");
    }
}
