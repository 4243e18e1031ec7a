package io.featurelens.imaging;

/** 8-bit RGB pixels, row by row, three bytes a pixel. */
public record RgbImage(int width, int height, byte[] pixels) {

    public RgbImage {
        if (pixels.length != width * height * 3) {
            throw new IllegalArgumentException(width + "x" + height + " RGB needs " + width * height * 3 + " bytes");
        }
    }
}
