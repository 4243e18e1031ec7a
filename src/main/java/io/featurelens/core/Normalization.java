package io.featurelens.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
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

    /** {@code maps}: [n, pixels] float32 activations; {@code min}, {@code max}: [n]. Returns [n, pixels] uint8. */
    NDArray quantize(NDArray maps, NDArray min, NDArray max) {
        NDArray scaled = switch (this) {
            case SIGMOID -> Activation.sigmoid(maps).mul(255f);
            case MINMAX -> {
                NDArray range = max.sub(min);
                NDArray constant = range.eq(0f).toType(DataType.FLOAT32, false);
                yield maps.sub(min.expandDims(1)).div(range.add(constant).expandDims(1)).mul(255f)
                        .add(constant.mul(128f).expandDims(1));
            }
        };
        return scaled.round().toType(DataType.UINT8, false);
    }
}
