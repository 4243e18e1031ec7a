package io.featurelens.imaging;

/** Floats to 8-bit pictures, the two ways explanations are drawn. */
public final class Levels {

    private Levels() {
    }

    /** round(255·v) of values in [0, 1], one grey level each. */
    public static byte[] unit(float[] values) {
        byte[] levels = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            levels[i] = (byte) Math.round(255f * values[i]);
        }
        return levels;
    }

    /**
     * {@code chw}: [3, height, width] values, drawn as an RGB picture with round(255·(v − min)/(max − min)),
     * min and max over all three channels; all zero when every value is the same.
     */
    public static RgbImage minMaxRgb(float[] chw, int width, int height) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : chw) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = max - min;
        int plane = width * height;
        byte[] rgb = new byte[3 * plane];
        if (range > 0) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < plane; i++) {
                    rgb[3 * i + c] = (byte) Math.round(255f * ((chw[c * plane + i] - min) / range));
                }
            }
        }
        return new RgbImage(width, height, rgb);
    }
}
