package io.featurelens.imaging;

import com.fasterxml.jackson.annotation.JsonValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/** How grey levels become colours: plain grey, or a 256-entry palette written as an indexed PNG. */
@Schema(description = "grey PNGs, or palette PNGs in the viridis or magma colour map")
public enum ColorMap {
    GREY(null), VIRIDIS("viridis"), MAGMA("magma");

    private final byte[] palette;

    ColorMap(String paletteResource) {
        this.palette = paletteResource == null ? null : load(paletteResource);
    }

    public byte[] encode(byte[] levels, int width, int height) {
        return palette == null ? PngEncoder.grey(levels, width, height) : PngEncoder.indexed(levels, width, height, palette);
    }

    /** The colour of grey level {@code level} as 0xRRGGBB. */
    public int rgb(int level) {
        if (palette == null) {
            return level << 16 | level << 8 | level;
        }
        return (palette[3 * level] & 0xFF) << 16 | (palette[3 * level + 1] & 0xFF) << 8 | palette[3 * level + 2] & 0xFF;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ColorMap> parse(String id) {
        for (ColorMap map : values()) {
            if (map.id().equals(id) || (map == GREY && "gray".equals(id))) {
                return Optional.of(map);
            }
        }
        return Optional.empty();
    }

    private static byte[] load(String name) {
        String path = "colormaps/" + name + ".rgb";
        try (InputStream in = ColorMap.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            byte[] rgb = in.readAllBytes();
            if (rgb.length != 768) {
                throw new IllegalStateException(path + " must hold 256 RGB triples");
            }
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
