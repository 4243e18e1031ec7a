package io.featurelens.imaging;

import javax.imageio.ImageReader;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.IOException;

/**
 * A TIFF's first page as cv2 (through libtiff) gives it: 16-bit colour samples scaled to 8 bits with
 * rounding (v / 257) while 16-bit grey keeps its high byte, and 8-bit colour with unassociated alpha
 * premultiplied by that alpha, as libtiff's RGBA interface does before cv2 drops the alpha.
 */
final class TiffSamples {

    private TiffSamples() {
    }

    static RgbImage read(ImageReader reader) throws IOException {
        BufferedImage image = reader.read(0);
        ColorModel model = image.getColorModel();
        boolean colour = model.getNumColorComponents() >= 3;
        int bits = model.getComponentSize(0);
        RgbImage rgb = ImageDecoder.toRgb(image,
                colour && bits > 8 ? ImageDecoder.SixteenBits.ROUNDED : ImageDecoder.SixteenBits.HIGH_BYTE);
        if (colour && bits == 8 && model.hasAlpha() && !model.isAlphaPremultiplied()) {
            premultiply(rgb, image.getRaster(), model.getNumColorComponents());
        }
        return rgb;
    }

    /** libtiff's table: {@code (alpha * value + 127) / 255}. */
    private static void premultiply(RgbImage rgb, Raster raster, int alphaBand) {
        int w = rgb.width();
        int[] alpha = new int[w];
        byte[] p = rgb.pixels();
        for (int y = 0; y < rgb.height(); y++) {
            raster.getSamples(0, y, w, 1, alphaBand, alpha);
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * w + x) * 3 + c;
                    p[i] = (byte) ((alpha[x] * (p[i] & 0xFF) + 127) / 255);
                }
            }
        }
    }
}
