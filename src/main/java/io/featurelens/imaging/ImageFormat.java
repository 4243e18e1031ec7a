package io.featurelens.imaging;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The image formats FeatureLens decodes, recognised by their leading bytes, never by name or content type. */
public enum ImageFormat {
    PNG("png"), JPEG("jpeg"), GIF("gif"), BMP("bmp"), WEBP("webp");

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
