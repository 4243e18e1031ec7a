package io.featurelens;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The acceptance rule for each map against the reference: at least 99% of its pixels within one grey level, none more than 6 off. */
public final class MapAssertions {

    private MapAssertions() {
    }

    /** Collects maps, then judges each of them by the rule: a bad map cannot hide among good ones. */
    public static final class Tally {
        private final String what;
        private final List<String> failures = new ArrayList<>();
        private int maps;
        private long pixels;
        private long beyondOne;
        private int worst;

        public Tally(String what) {
            this.what = what;
        }

        /** One map, compared with the one at {@code expectedOffset} in {@code expected}. */
        public void add(byte[] actual, byte[] expected, int expectedOffset) {
            assertTrue(actual.length > 0 && expectedOffset + actual.length <= expected.length,
                    what + ": map " + maps + " has " + actual.length + " pixels, the golden from " + expectedOffset + " has "
                            + (expected.length - expectedOffset));
            int mapBeyondOne = 0;
            int mapWorst = 0;
            for (int i = 0; i < actual.length; i++) {
                int diff = Math.abs((actual[i] & 0xFF) - (expected[expectedOffset + i] & 0xFF));
                if (diff > 1) {
                    mapBeyondOne++;
                }
                mapWorst = Math.max(mapWorst, diff);
            }
            double share = (double) mapBeyondOne / actual.length;
            if (share > 0.01 || mapWorst > 6) {
                failures.add(String.format("map %d (golden offset %d): %.2f%% of %d pixels more than one grey level off, worst %d",
                        maps, expectedOffset, 100 * share, actual.length, mapWorst));
            }
            maps++;
            pixels += actual.length;
            beyondOne += mapBeyondOne;
            worst = Math.max(worst, mapWorst);
        }

        public void assertClose() {
            System.out.printf("%s: %d maps, %d pixels, %.4f%% more than one grey level off, worst %d%n",
                    what, maps, pixels, 100.0 * beyondOne / Math.max(1, pixels), worst);
            assertTrue(maps > 0, what + ": nothing compared");
            assertTrue(failures.isEmpty(), what + ": " + failures.size() + " of " + maps + " maps break the rule (at least 99% "
                    + "within one grey level, none more than 6 off): " + String.join("; ", failures));
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
