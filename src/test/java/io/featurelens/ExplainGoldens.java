package io.featurelens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reference predictions and explanations written by tools/golden/generate_explain_goldens.py. */
public final class ExplainGoldens {

    private static JsonNode meta;

    private ExplainGoldens() {
    }

    public static synchronized JsonNode meta() {
        if (meta == null) {
            try (InputStream in = resource("explain.json")) {
                meta = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return meta;
    }

    /** The picture of case {@code name}: grey levels, or RGB bytes pixel by pixel. */
    public static byte[] levels(String name) {
        try (InputStream in = resource(name + ".png")) {
            return levels(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 224×224 PNG's grey levels, or its RGB bytes pixel by pixel. */
    public static byte[] levels(byte[] png) {
        BufferedImage image = MapAssertions.decode(png);
        assertEquals(224, image.getWidth());
        assertEquals(224, image.getHeight());
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return (byte[]) image.getRaster().getDataElements(0, 0, 224, 224, null);
        }
        byte[] rgb = new byte[224 * 224 * 3];
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                int p = image.getRGB(x, y);
                int i = 3 * (y * 224 + x);
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return rgb;
    }

    /** Checks {@code actual} against case {@code name} with the maps' rule: 99% within one level, none beyond six. */
    public static void assertClose(String name, byte[] actual) {
        MapAssertions.Tally tally = new MapAssertions.Tally(name);
        byte[] expected = levels(name);
        assertEquals(expected.length, actual.length, name + ": grey vs colour");
        tally.add(actual, expected, 0);
        tally.assertClose();
    }

    private static InputStream resource(String name) {
        InputStream in = ExplainGoldens.class.getClassLoader().getResourceAsStream("golden/explain/" + name);
        if (in == null) {
            throw new IllegalStateException("missing golden/explain/" + name + ": run tools/golden/generate_explain_goldens.py");
        }
        return in;
    }
}
