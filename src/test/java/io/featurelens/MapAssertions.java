package io.featurelens;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The acceptance rule for maps against the reference: at least 99% of pixels within one grey level, none more than 6 off. */
public final class MapAssertions {

    private MapAssertions() {
    }

    /** Accumulates differences over many maps, then judges them all together. */
    public static final class Tally {
        private final String what;
        private long pixels;
        private long beyondOne;
        private int worst;

        public Tally(String what) {
            this.what = what;
        }

        public void add(byte[] actual, byte[] expected, int expectedOffset) {
            for (int i = 0; i < actual.length; i++) {
                int diff = Math.abs((actual[i] & 0xFF) - (expected[expectedOffset + i] & 0xFF));
                if (diff > 1) {
                    beyondOne++;
                }
                worst = Math.max(worst, diff);
            }
            pixels += actual.length;
        }

        public void assertClose() {
            double share = (double) beyondOne / pixels;
            System.out.printf("%s: %d pixels, %.4f%% more than one grey level off, worst %d%n", what, pixels, 100 * share, worst);
            assertTrue(pixels > 0, what + ": nothing compared");
            assertTrue(share <= 0.01, what + ": " + (100 * share) + "% of pixels more than one grey level off");
            assertTrue(worst <= 6, what + ": a pixel is " + worst + " grey levels off");
        }
    }

    /** The grey levels of an 8-bit grey PNG of the given size. */
    public static byte[] greyLevels(byte[] png, int width, int height) {
        BufferedImage image = decode(png);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType(), "an 8-bit grey PNG");
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        return (byte[]) image.getRaster().getDataElements(0, 0, width, height, null);
    }

    public static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertTrue(image != null, "a decodable PNG");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
