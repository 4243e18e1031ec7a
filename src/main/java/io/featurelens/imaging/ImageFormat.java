package io.featurelens.imaging;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The image formats FeatureLens decodes, recognised by their leading bytes, never by name or content type. */
public enum ImageFormat {
    PNG("png"), JPEG("jpeg"), GIF("gif"), BMP("bmp"), WEBP("webp"), TIFF("tiff"), NETPBM("pnm");

    /** What users are told when their file is none of these. */
    public static final String SUPPORTED = "PNG, JPEG, GIF, BMP, WebP, TIFF or Netpbm (PBM, PGM, PPM)";

    private final String readerName;

    ImageFormat(String readerName) {
        this.readerName = readerName;
    }

    /** The name ImageIO knows the format's reader by. */
    public String readerName() {
        return readerName;
    }

    public static Optional<ImageFormat> sniff(byte[] b) {
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (ascii(b, 0, "BM") && b.length >= 26) {
            return Optional.of(BMP);
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)) {
            return Optional.of(TIFF);
        }
        // As cv2 recognises them: 'P', a digit 1-6 (plain or raw PBM, PGM, PPM), then whitespace.
        if (b.length >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' && " \t\n\u000B\f\r".indexOf(b[2]) >= 0) {
            return Optional.of(NETPBM);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] bytes, int offset, String text) {
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        return bytes.length >= offset + expected.length
                && Arrays.equals(bytes, offset, offset + expected.length, expected, 0, expected.length);
    }
}
