package io.featurelens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The reference outputs written by tools/golden/generate_goldens.py. */
public final class Goldens {

    private static JsonNode meta;

    private Goldens() {
    }

    public static synchronized JsonNode meta() {
        if (meta == null) {
            try (InputStream in = resource("goldens.json")) {
                meta = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return meta;
    }

    public static byte[] bytes(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] sceneImage() {
        return bytes(meta().get("image").asText());
    }

    /** Layer {@code index}'s sigmoid maps, [channels × height × width] grey levels. */
    public static byte[] sigmoidMaps(int index) {
        return stackedMaps(String.format("layer-%02d-sigmoid.png", index));
    }

    /** relu1_2's filters 0–7 normalised with minmax, [8 × 224 × 224] grey levels. */
    public static byte[] minmaxMapsOfRelu12() {
        return stackedMaps("layer-03-minmax-filters-0-7.png");
    }

    /** Maps stacked vertically in one grey PNG, as the generator writes them: [maps × height × width] grey levels. */
    public static byte[] stackedMaps(String name) {
        try (InputStream in = resource(name)) {
            BufferedImage stacked = ImageIO.read(in);
            return (byte[]) stacked.getRaster().getDataElements(0, 0, stacked.getWidth(), stacked.getHeight(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Goldens.class.getClassLoader().getResourceAsStream("golden/" + name);
        if (in == null) {
            throw new IllegalStateException("missing golden/" + name + ": run tools/golden/generate_goldens.py");
        }
        return in;
    }
}
