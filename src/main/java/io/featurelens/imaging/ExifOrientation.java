package io.featurelens.imaging;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.util.List;

/** The EXIF orientation of a JPEG or TIFF (1–8, 1 when absent or unreadable) and the pixel transform it asks for. */
public final class ExifOrientation {

    private ExifOrientation() {
    }

    public static int read(byte[] jpeg) {
        try {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(new ByteArrayImageInputStream(jpeg), JPEG.APP1, "Exif");
            if (segments.isEmpty()) {
                return 1;
            }
            byte[] data;
            try (InputStream in = segments.get(0).data()) {
                data = in.readAllBytes();
            }
            int tiffStart = (data.length > 0 && data[0] == 0) ? 1 : 0;
            return ofTiff(new ByteArrayImageInputStream(data, tiffStart, data.length - tiffStart));
        } catch (IOException | RuntimeException e) {
            // A broken EXIF block does not make the picture unusable: show it as stored.
            return 1;
        }
    }

    /** A PNG's eXIf chunk, which cv2 (through libpng) reads when it comes before the image data. */
    public static int readPng(byte[] png) {
        ByteBuffer chunks = ByteBuffer.wrap(png);
        int at = 8;
        while (at + 8 <= png.length) {
            int length = chunks.getInt(at);
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (length < 0 || type.equals("IDAT") || at + 8L + length > png.length) {
                return 1;
            }
            if (type.equals("eXIf")) {
                int start = at + 8;
                int skip = length >= 6 && new String(png, start, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0") ? 6 : 0;
                return ofTiff(new ByteArrayImageInputStream(png, start + skip, length - skip));
            }
            at += 12 + length;
        }
        return 1;
    }

    /** A TIFF file's own orientation tag (its first page's), which cv2 applies as it applies a JPEG's. */
    public static int readTiff(byte[] tiff) {
        return ofTiff(new ByteArrayImageInputStream(tiff));
    }

    private static int ofTiff(ImageInputStream tiff) {
        try {
            Directory ifds = new TIFFReader().read(tiff);
            Directory ifd0 = ifds instanceof CompoundDirectory pages ? pages.getDirectory(0) : ifds;
            Entry entry = ifd0.getEntryById(TIFF.TAG_ORIENTATION);
            if (entry != null && entry.getValue() instanceof Number n && n.intValue() >= 1 && n.intValue() <= 8) {
                return n.intValue();
            }
        } catch (IOException | RuntimeException e) {
            // A broken tag does not make the picture unusable: show it as stored.
        }
        return 1;
    }

    /** Turns stored pixels into displayed pixels, as the EXIF specification defines orientations 2–8. */
    public static RgbImage apply(RgbImage image, int orientation) {
        if (orientation == 1) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] src = image.pixels();
        byte[] dst = new byte[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                System.arraycopy(src, (sy * w + sx) * 3, dst, (y * ow + x) * 3, 3);
            }
        }
        return new RgbImage(ow, oh, dst);
    }
}
