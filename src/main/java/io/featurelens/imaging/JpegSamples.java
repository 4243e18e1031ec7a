package io.featurelens.imaging;

import com.twelvemonkeys.imageio.color.YCbCrConverter;
import org.w3c.dom.Node;

import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import java.awt.image.Raster;
import java.io.IOException;

/**
 * A JPEG's pixels as libjpeg gives them to cv2: YCbCr turned into RGB with libjpeg's own tables, never
 * converted through an embedded ICC profile; a four-channel (Adobe CMYK or YCCK) JPEG turned into RGB
 * with OpenCV's arithmetic, not with a CMYK profile.
 */
final class JpegSamples {

    private JpegSamples() {
    }

    static RgbImage read(ImageReader reader) throws IOException {
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw.getNumBands() == 4) {
            // As libjpeg: CMYK without an Adobe marker or with transform 0, YCCK with any other transform.
            return cmykToRgb(reader.readRaster(0, null), adobeTransform(reader.getImageMetadata(0)) > 0);
        }
        // The raw type carries the embedded profile's colour space, so the reader has nothing to convert to.
        ImageReadParam param = reader.getDefaultReadParam();
        param.setDestinationType(raw);
        return ImageDecoder.toRgb(reader.read(0, param), ImageDecoder.SixteenBits.HIGH_BYTE);
    }

    /**
     * libjpeg reads a four-channel JPEG as CMYK, from YCCK when the Adobe marker says so; OpenCV then
     * computes each of R, G, B as {@code k - ((255 - c) * k >> 8)} from the stored (Adobe-inverted) values.
     */
    static RgbImage cmykToRgb(Raster raster, boolean ycck) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w * 4];
        byte[] ycc = new byte[3];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int k = row[4 * x + 3];
                for (int c = 0; c < 3; c++) {
                    ycc[c] = (byte) row[4 * x + c];
                }
                if (ycck) {
                    // libjpeg's YCCK to CMYK is 255 minus its YCbCr to RGB; 255 - c is then that RGB value.
                    YCbCrConverter.convertJPEGYCbCr2RGB(ycc, ycc, 0);
                } else {
                    for (int c = 0; c < 3; c++) {
                        ycc[c] = (byte) (255 - (ycc[c] & 0xFF));
                    }
                }
                for (int c = 0; c < 3; c++) {
                    out[(y * w + x) * 3 + c] = (byte) (k - ((ycc[c] & 0xFF) * k >> 8));
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** The Adobe APP14 marker's transform (0 CMYK, 1 YCbCr, 2 YCCK), or -1 without one: libjpeg then assumes CMYK. */
    private static int adobeTransform(IIOMetadata metadata) {
        Node node = metadata.getAsTree("javax_imageio_jpeg_image_1.0");
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeName().equals("markerSequence")) {
                for (Node marker = child.getFirstChild(); marker != null; marker = marker.getNextSibling()) {
                    if (marker.getNodeName().equals("app14Adobe")) {
                        Node transform = marker.getAttributes().getNamedItem("transform");
                        return transform == null ? 0 : Integer.parseInt(transform.getNodeValue());
                    }
                }
            }
        }
        return -1;
    }
}
