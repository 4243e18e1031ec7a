package io.featurelens.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.Goldens;
import io.featurelens.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What cv2.imread(…, IMREAD_COLOR) would see, for every kind of file people send. */
class ImageDecoderTest {

    private static final int RED = 0xDC1E1E;
    private static final int GREEN = 0x1EC83C;
    private static final int BLUE = 0x283CD2;
    private static final int YELLOW = 0xF0DC28;

    private final ImageDecoder decoder = new ImageDecoder(40_000_000);

    @Test
    void pngIsExact() throws IOException {
        byte[] png = Goldens.sceneImage();
        RgbImage image = decoder.decode(png);
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(320, image.width());
        assertEquals(240, image.height());
        for (int y = 0; y < 240; y += 7) {
            for (int x = 0; x < 320; x += 5) {
                assertEquals(reference.getRGB(x, y) & 0xFFFFFF, rgbAt(image, x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void sixteenBitSamplesKeepTheirHighByte() {
        RgbImage image = decoder.decode(TestImages.png16BitGrey(5, 4, 0x12F0));
        assertEquals(0x121212, rgbAt(image, 4, 3));
    }

    @Test
    void alphaIsDroppedNotComposited() {
        RgbImage image = decoder.decode(TestImages.pngGreyAlpha(3, 3, 100, 0));
        assertEquals(0x646464, rgbAt(image, 1, 1));
    }

    @Test
    void paletteIndicesBecomeTheirColours() {
        RgbImage image = decoder.decode(TestImages.pngPalette(8, 2, RED, BLUE));
        assertEquals(RED, rgbAt(image, 0, 0));
        assertEquals(BLUE, rgbAt(image, 7, 1));
    }

    @Test
    void bmpIsExact() {
        RgbImage image = decoder.decode(TestImages.write(TestImages.rgb(new int[][] {{RED, GREEN}, {BLUE, YELLOW}}), "bmp"));
        assertArrayEquals(new int[] {RED, GREEN, BLUE, YELLOW},
                new int[] {rgbAt(image, 0, 0), rgbAt(image, 1, 0), rgbAt(image, 0, 1), rgbAt(image, 1, 1)});
    }

    @Test
    void anAnimatedGifGivesItsFirstFrame() {
        RgbImage image = decoder.decode(TestImages.animatedGif(6, 4, RED, BLUE, GREEN));
        assertEquals(6, image.width());
        assertEquals(RED, rgbAt(image, 3, 2));
    }

    @Test
    void aOneByOneImageIsAnImage() {
        RgbImage image = decoder.decode(TestImages.write(TestImages.flat(1, 1, GREEN), "png"));
        assertEquals(1, image.width());
        assertEquals(GREEN, rgbAt(image, 0, 0));
    }

    /**
     * A 2×3 picture (two columns, three rows) stored with each EXIF orientation; decoded, it must be
     * upright again. The stored layouts follow the specification's words: for 6, "the 0th row is the
     * visual right-hand side and the 0th column the visual top", and so on.
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
            "1, 'a b|c d|e f'",
            "2, 'b a|d c|f e'",
            "3, 'f e|d c|b a'",
            "4, 'e f|c d|a b'",
            "5, 'a c e|b d f'",
            "6, 'b d f|a c e'",
            "7, 'f d b|e c a'",
            "8, 'e c a|f d b'"})
    void exifOrientationIsApplied(int orientation, String stored) {
        String[] rows = stored.split("\\|");
        int[][] pixels = new int[rows.length][];
        for (int y = 0; y < rows.length; y++) {
            pixels[y] = rows[y].chars().filter(Character::isLetter).map(ImageDecoderTest::colourOf).toArray();
        }
        BufferedImage storedImage = upscale(TestImages.rgb(pixels), 16);
        RgbImage upright = decoder.decode(TestImages.jpegWithOrientation(storedImage, orientation));
        assertEquals(2 * 16, upright.width(), "upright width");
        assertEquals(3 * 16, upright.height(), "upright height");
        String letters = "abcdef";
        for (int i = 0; i < 6; i++) {
            int x = (i % 2) * 16 + 8;
            int y = (i / 2) * 16 + 8;
            assertClose(colourOf(letters.charAt(i)), rgbAt(upright, x, y), 24, "'" + letters.charAt(i) + "' at " + x + "," + y);
        }
    }

    @Test
    void webpLosslessIsExactAndLossyIsClose() throws IOException {
        RgbImage lossless = decoder.decode(TestImages.resource("images/scene-lossless.webp"));
        assertArrayEquals(decoder.decode(Goldens.sceneImage()).pixels(), lossless.pixels());

        RgbImage lossy = decoder.decode(TestImages.resource("images/scene-lossy.webp"));
        double[] mean = meanRgb(lossy);
        JsonNode expected = fixture("scene-lossy.webp").get("meanRgb");
        for (int c = 0; c < 3; c++) {
            assertEquals(expected.get(c).asDouble(), mean[c], 1.0, "channel " + c + " mean, against cv2.imread");
        }
    }

    /**
     * Files made by tools/fixtures/generate_fixtures.py, decoded to the very bytes cv2.imread gives: JPEGs
     * with a Display P3 or an sRGB profile (never converted through it), CMYK JPEGs, PNGs with iCCP, gAMA,
     * cHRM or sRGB chunks (ignored) or an EXIF orientation, TIFFs of 8 and 16 bits, grey, RGB and RGBA, LZW, Deflate and PackBits,
     * oriented or of two pages, and plain and raw PBM, PGM and PPM of 8 and 16 bits.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"photo-display-p3.jpg", "photo-srgb.jpg", "photo-cmyk.jpg", "blocks-cmyk.jpg",
            "photo-adobe-rgb.png", "srgb-gamma-chunks.png", "orientation-6.png",
            "rgb8-lzw.tif", "grey8-packbits.tif", "rgba8-deflate.tif", "rgb8-orientation-6.tif", "grey16-deflate.tif",
            "rgba16-packbits.tif", "photo-rgb16.tif", "two-pages.tif",
            "bitmap-plain.pbm", "bitmap-raw.pbm", "photo-plain.pgm", "photo-raw.pgm", "photo-plain.ppm", "photo-raw.ppm",
            "photo16-raw.pgm", "photo16-raw.ppm", "scene-lossless.webp"})
    void decodesExactlyAsCv2(String name) throws IOException {
        RgbImage image = decoder.decode(TestImages.resource("images/" + name));
        JsonNode expected = fixture(name);
        assertEquals(expected.get("width").asInt(), image.width(), "width");
        assertEquals(expected.get("height").asInt(), image.height(), "height");
        double[] mean = meanRgb(image);
        assertEquals(expected.get("sha256").asText(), sha256(image.pixels()), String.format(
                "pixels differ from cv2.imread's; mean RGB %.3f %.3f %.3f, cv2's %s", mean[0], mean[1], mean[2], expected.get("meanRgb")));
    }

    @Test
    void cmykJpegBecomesItsColours() throws IOException {
        RgbImage image = decoder.decode(TestImages.resource("images/blocks-cmyk.jpg"));
        JsonNode blocks = fixture("blocks-cmyk.jpg").get("blocksRgb");
        int[][] centres = {{16, 16}, {48, 16}, {16, 48}, {48, 48}};
        for (int i = 0; i < 4; i++) {
            int expected = blocks.get(i).get(0).asInt() << 16 | blocks.get(i).get(1).asInt() << 8 | blocks.get(i).get(2).asInt();
            assertClose(expected, rgbAt(image, centres[i][0], centres[i][1]), 48, "block " + i);
        }
    }

    @Test
    void refusesWhatIsNotAnImage() {
        assertReason(InvalidImageException.Reason.UNSUPPORTED, new byte[0]);
        assertReason(InvalidImageException.Reason.UNSUPPORTED, "name,value\n1,2\n".getBytes());
        byte[] random = new byte[4096];
        new Random(3).nextBytes(random);
        assertReason(InvalidImageException.Reason.UNSUPPORTED, random);
    }

    @Test
    void refusesTruncatedImages() {
        assertReason(InvalidImageException.Reason.CORRUPT, TestImages.truncated(Goldens.sceneImage(), 0.5));
        byte[] jpeg = TestImages.write(upscale(TestImages.rgb(new int[][] {{RED, GREEN}, {BLUE, YELLOW}}), 200), "jpeg");
        assertReason(InvalidImageException.Reason.CORRUPT, TestImages.truncated(jpeg, 0.5));
        assertReason(InvalidImageException.Reason.CORRUPT, TestImages.truncated(jpeg, 0.01));
    }

    @Test
    void refusesADecompressionBombFromItsHeader() {
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> decoder.decode(TestImages.pngHeaderClaiming(60000, 60000)));
        assertEquals(InvalidImageException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("60000x60000"), e.getMessage());
        byte[] realBomb = TestImages.zeroPng(7000, 7000);
        assertTrue(realBomb.length < 300_000, "a small file: " + realBomb.length);
        assertReason(InvalidImageException.Reason.TOO_LARGE, realBomb);
        RgbImage allowed = new ImageDecoder(50_000_000).decode(realBomb);
        assertEquals(7000, allowed.width());
    }

    @Test
    void tiffAndNetpbmSizesAreCheckedFromTheirHeaders() {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 4 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put(new byte[] {'I', 'I', 42, 0}).putInt(8).putShort((short) 4);
        int[][] entries = {{256, 60000}, {257, 60000}, {258, 8}, {262, 1}};
        for (int[] entry : entries) {
            tiff.putShort((short) entry[0]).putShort((short) 4).putInt(1).putInt(entry[1]);
        }
        tiff.putInt(0);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> decoder.decode(tiff.array()));
        assertEquals(InvalidImageException.Reason.TOO_LARGE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("60000x60000"), e.getMessage());
        assertReason(InvalidImageException.Reason.TOO_LARGE, "P5\n60000 60000\n255\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void truncatedTiffAndNetpbmAreCorrupt() throws IOException {
        assertReason(InvalidImageException.Reason.CORRUPT, TestImages.truncated(TestImages.resource("images/rgb8-lzw.tif"), 0.5));
        assertReason(InvalidImageException.Reason.CORRUPT, TestImages.truncated(TestImages.resource("images/photo-raw.ppm"), 0.5));
    }

    private void assertReason(InvalidImageException.Reason reason, byte[] bytes) {
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> decoder.decode(bytes));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    private static int colourOf(int letter) {
        return switch (letter) {
            case 'a' -> 0xFF0000;
            case 'b' -> 0x00FF00;
            case 'c' -> 0x0000FF;
            case 'd' -> 0xFFFF00;
            case 'e' -> 0x00FFFF;
            default -> 0xFF00FF;
        };
    }

    private static BufferedImage upscale(BufferedImage image, int factor) {
        BufferedImage big = new BufferedImage(image.getWidth() * factor, image.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < big.getHeight(); y++) {
            for (int x = 0; x < big.getWidth(); x++) {
                big.setRGB(x, y, image.getRGB(x / factor, y / factor));
            }
        }
        return big;
    }

    private static int rgbAt(RgbImage image, int x, int y) {
        int i = (y * image.width() + x) * 3;
        byte[] p = image.pixels();
        return (p[i] & 0xFF) << 16 | (p[i + 1] & 0xFF) << 8 | (p[i + 2] & 0xFF);
    }

    private static void assertClose(int expected, int actual, int tolerance, String what) {
        for (int shift = 16; shift >= 0; shift -= 8) {
            int e = expected >> shift & 0xFF;
            int a = actual >> shift & 0xFF;
            assertTrue(Math.abs(e - a) <= tolerance,
                    String.format("%s: expected #%06X, got #%06X", what, expected, actual));
        }
    }

    private static double[] meanRgb(RgbImage image) {
        double[] sum = new double[3];
        byte[] p = image.pixels();
        for (int i = 0; i < p.length; i++) {
            sum[i % 3] += p[i] & 0xFF;
        }
        int n = image.width() * image.height();
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    private static JsonNode fixture(String name) throws IOException {
        JsonNode fixture = new ObjectMapper().readTree(TestImages.resource("images/fixtures.json")).get("images").get(name);
        assertTrue(fixture != null, "fixtures.json describes " + name);
        return fixture;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
