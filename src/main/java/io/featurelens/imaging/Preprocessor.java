package io.featurelens.imaging;

/**
 * The reference pipeline's input: OpenCV's bilinear resize to 224×224, then per channel (v / 255 − mean) / std
 * with ImageNet's statistics, in float32 arithmetic as NumPy does it, laid out [3, 224, 224] in RGB order.
 */
public final class Preprocessor {

    public static final int SIZE = 224;

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private Preprocessor() {
    }

    public static float[] toInput(RgbImage image) {
        return normalize(resized(image));
    }

    /** The image as the network sees it, before normalisation: 224×224. */
    public static RgbImage resized(RgbImage image) {
        return new RgbImage(SIZE, SIZE, OpenCvLinearResize.resize(image.pixels(), image.width(), image.height(), 3, SIZE, SIZE));
    }

    /** {@code image}, 224×224, normalised into the network's [3, 224, 224] input. */
    public static float[] normalize(RgbImage image) {
        byte[] resized = image.pixels();
        int plane = SIZE * SIZE;
        float[] chw = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            float mean = MEAN[c];
            float std = STD[c];
            for (int i = 0; i < plane; i++) {
                float v = (resized[3 * i + c] & 0xFF) / 255f;
                v -= mean;
                v /= std;
                chw[c * plane + i] = v;
            }
        }
        return chw;
    }
}
