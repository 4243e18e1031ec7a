package io.featurelens.imaging;

/**
 * The reference pipeline's input: OpenCV's bilinear resize to 224×224, then per channel (v / 255 − mean) / std
 * with ImageNet's statistics, in float32 arithmetic as NumPy does it, in RGB order. The feature maps take it
 * channels last ([224, 224, 3], as the resize leaves them and as the network takes them fastest); the
 * explanations, which do arithmetic per channel plane, channels first ([3, 224, 224]).
 */
public final class Preprocessor {

    public static final int SIZE = 224;

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private Preprocessor() {
    }

    /** The image as the network sees it, before normalisation: 224×224. */
    public static RgbImage resized(RgbImage image) {
        return new RgbImage(SIZE, SIZE, OpenCvLinearResize.resize(image.pixels(), image.width(), image.height(), 3, SIZE, SIZE));
    }

    public static float[] toChannelsLastInput(RgbImage image) {
        byte[] resized = resized(image).pixels();
        float[] hwc = new float[resized.length];
        for (int i = 0; i < hwc.length; i++) {
            hwc[i] = normalize(resized[i], i % 3);
        }
        return hwc;
    }

    /** {@code image}, already 224×224 (see {@link #resized}), normalised into a [3, 224, 224] input. */
    public static float[] toChannelsFirstInput(RgbImage image) {
        byte[] resized = image.pixels();
        int plane = SIZE * SIZE;
        float[] chw = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                chw[c * plane + i] = normalize(resized[3 * i + c], c);
            }
        }
        return chw;
    }

    private static float normalize(byte sample, int channel) {
        float v = (sample & 0xFF) / 255f;
        v -= MEAN[channel];
        v /= STD[channel];
        return v;
    }
}
