package io.featurelens.imaging;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.pnm.PNMImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Bytes to RGB pixels the way {@code cv2.imread(path, IMREAD_COLOR)} sees them: grey is repeated into
 * three channels, alpha is dropped (not composited), 16-bit samples keep their high byte, the EXIF
 * orientation of a JPEG, TIFF or PNG is applied, and only the first frame of an animation or page of a TIFF is read.
 * Embedded colour profiles (ICC, gAMA, cHRM, sRGB) are ignored, as cv2 ignores them: samples are never
 * converted through them. JPEG and TIFF details are in {@link JpegSamples} and {@link TiffSamples}.
 * The image's size is read from its header and checked before any pixel buffer is allocated.
 */
public final class ImageDecoder {

    static {
        ImageIO.setUseCache(false);
    }

    // TwelveMonkeys' readers, looked up in (or added to) ImageIO's registry: registration is what connects
    // the JPEG reader to the JDK decoder it builds on, and a class-loader-dependent scan is not relied on.
    private static final ImageReaderSpi JPEG_READER = registered(JPEGImageReaderSpi.class, JPEGImageReaderSpi::new);
    private static final ImageReaderSpi WEBP_READER = registered(WebPImageReaderSpi.class, WebPImageReaderSpi::new);
    private static final ImageReaderSpi TIFF_READER = registered(TIFFImageReaderSpi.class, TIFFImageReaderSpi::new);
    private static final ImageReaderSpi NETPBM_READER = registered(PNMImageReaderSpi.class, PNMImageReaderSpi::new);

    private final long maxPixels;

    public ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public RgbImage decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidImageException(InvalidImageException.Reason.UNSUPPORTED, "the image is empty (0 bytes)");
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> new InvalidImageException(
                InvalidImageException.Reason.UNSUPPORTED,
                "not an image in a supported format (" + ImageFormat.SUPPORTED + ")"));
        String name = format.name();
        ImageReader reader = newReader(format);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener(warningCollector(warnings));
        try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.setInput(in, true, true);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw new InvalidImageException(InvalidImageException.Reason.CORRUPT,
                        "the " + name + " image declares an empty size " + width + "x" + height);
            }
            if (width * height > maxPixels) {
                throw new InvalidImageException(InvalidImageException.Reason.TOO_LARGE, String.format(Locale.ROOT,
                        "the image is %dx%d pixels (%.1f megapixels); the limit is %.1f megapixels",
                        width, height, width * height / 1e6, maxPixels / 1e6));
            }
            RgbImage rgb = switch (format) {
                case JPEG -> JpegSamples.read(reader);
                case TIFF -> TiffSamples.read(reader);
                default -> toRgb(reader.read(0), SixteenBits.HIGH_BYTE);
            };
            for (String warning : warnings) {
                if (warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                    throw new InvalidImageException(InvalidImageException.Reason.CORRUPT,
                            "the " + name + " image is truncated");
                }
            }
            return switch (format) {
                case JPEG -> ExifOrientation.apply(rgb, ExifOrientation.read(bytes));
                case TIFF -> ExifOrientation.apply(rgb, ExifOrientation.readTiff(bytes));
                case PNG -> ExifOrientation.apply(rgb, ExifOrientation.readPng(bytes));
                default -> rgb;
            };
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(InvalidImageException.Reason.CORRUPT,
                    "the " + name + " image is corrupt or truncated");
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader newReader(ImageFormat format) {
        try {
            return switch (format) {
                case JPEG -> JPEG_READER.createReaderInstance();
                case WEBP -> WEBP_READER.createReaderInstance();
                case TIFF -> TIFF_READER.createReaderInstance();
                case NETPBM -> NETPBM_READER.createReaderInstance();
                default -> {
                    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName());
                    if (!readers.hasNext()) {
                        throw new IllegalStateException("no ImageIO reader for " + format);
                    }
                    yield readers.next();
                }
            };
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a reader for " + format, e);
        }
    }

    private static <T extends ImageReaderSpi> ImageReaderSpi registered(Class<T> type, Supplier<T> create) {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        T provider = registry.getServiceProviderByClass(type);
        if (provider == null) {
            provider = create.get();
            registry.registerServiceProvider(provider, ImageReaderSpi.class);
        }
        return provider;
    }

    private static IIOReadWarningListener warningCollector(List<String> warnings) {
        return (source, warning) -> warnings.add(warning == null ? "" : warning);
    }

    /** How cv2 brings samples wider than 8 bits down to 8: most decoders keep the high byte, some round. */
    enum SixteenBits {
        HIGH_BYTE, ROUNDED
    }

    /** Reads samples from the raster, so no colour-space conversion changes a value. */
    static RgbImage toRgb(BufferedImage image, SixteenBits reduction) {
        int space = image.getColorModel().getColorSpace().getType();
        if (space != ColorSpace.TYPE_RGB && space != ColorSpace.TYPE_GRAY) {
            image = toSrgb(image);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        Raster raster = image.getRaster();
        if (image.getColorModel() instanceof IndexColorModel palette) {
            int[] index = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < index.length; i++) {
                out[3 * i] = (byte) palette.getRed(index[i]);
                out[3 * i + 1] = (byte) palette.getGreen(index[i]);
                out[3 * i + 2] = (byte) palette.getBlue(index[i]);
            }
            return new RgbImage(w, h, out);
        }
        int colours = image.getColorModel().getNumColorComponents();
        int[] bandOfChannel = colours >= 3 ? new int[] {0, 1, 2} : new int[] {0, 0, 0};
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            int band = bandOfChannel[c];
            int bits = raster.getSampleModel().getSampleSize(band);
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, band, row);
                for (int x = 0; x < w; x++) {
                    out[(y * w + x) * 3 + c] = (byte) to8Bit(row[x], bits, reduction);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static BufferedImage toSrgb(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        new ColorConvertOp(null).filter(image, rgb);
        return rgb;
    }

    private static int to8Bit(int sample, int bits, SixteenBits reduction) {
        if (bits == 8) {
            return sample;
        }
        if (bits > 8) {
            int max = (1 << bits) - 1;
            return reduction == SixteenBits.ROUNDED ? (sample * 255 + max / 2) / max : sample >>> (bits - 8);
        }
        return sample * 255 / ((1 << bits) - 1);
    }
}
