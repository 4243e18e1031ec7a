package io.featurelens.imaging;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MontageTest {

    @Test
    void smallMapsAreMagnifiedToAReadableSize() {
        assertEquals(1, Montage.magnification(224, 224));
        assertEquals(1, Montage.magnification(56, 56));
        assertEquals(2, Montage.magnification(28, 28));
        assertEquals(4, Montage.magnification(14, 14));
        assertEquals(8, Montage.magnification(7, 7));
    }

    @Test
    void everyTileOfADeepLayerHasItsNumberAbove() throws IOException {
        Random random = new Random(13);
        int[] filters = {5, 140, 511, 99, 100};
        List<Montage.Tile> tiles = java.util.Arrays.stream(filters).mapToObj(filter -> {
            byte[] pixels = new byte[49];
            random.nextBytes(pixels);
            return new Montage.Tile(filter, pixels);
        }).toList();

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Montage.render(tiles, 7, 7, ColorMap.GREY)));
        byte[] canvas = (byte[]) image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), null);
        MontageReader reader = new MontageReader(canvas, image.getWidth(), image.getHeight());
        for (Montage.Tile tile : tiles) {
            MontageReader.Box box = reader.tile(tile.pixels(), 7, 7, 8, "filter " + tile.label());
            assertEquals(56, box.width());
            reader.labelAbove(box, tile.label(), "filter " + tile.label());
        }
        reader.assertNothingElse();
    }

    @Test
    void digitsAreTenDifferentGlyphs() {
        Set<String> drawn = new HashSet<>();
        for (char digit = '0'; digit <= '9'; digit++) {
            byte[] glyph = new byte[DigitFont.WIDTH * DigitFont.HEIGHT];
            DigitFont.draw(glyph, DigitFont.WIDTH, String.valueOf(digit), 0, 0, 1, (byte) 1);
            assertTrue(drawn.add(java.util.Arrays.toString(glyph)), digit + " looks like another digit");
        }
    }
}
