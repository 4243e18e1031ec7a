package io.featurelens.imaging;

/**
 * The reference pipeline's input: OpenCV's bilinear resize to 224×224, then per channel (v / 255 − mean) / std
 * with ImageNet's statistics, in float32 arithmetic as NumPy does it, in RGB order, laid out channels last
 * ([224, 224, 3], as the resize leaves them and as the network takes them fastest).
 */
public final class Preprocessor {

    public static final int SIZE = 224;

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private Preprocessor() {
    }

    public static float[] toChannelsLastInput(RgbImage image) {
        byte[] resized = OpenCvLinearResize.resize(image.pixels(), image.width(), image.height(), 3, SIZE, SIZE);
        float[] hwc = new float[resized.length];
        for (int i = 0; i < hwc.length; i += 3) {
            for (int c = 0; c < 3; c++) {
                float v = (resized[i + c] & 0xFF) / 255f;
                v -= MEAN[c];
                v /= STD[c];
                hwc[i + c] = v;
            }
        }
        return hwc;
    }
}
