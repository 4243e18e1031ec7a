package io.featurelens.imaging;

/**
 * {@code cv2.resize(map, (dw, dh))} for a float32 map: OpenCV's {@code INTER_LINEAR} with half-pixel
 * centres, borders clamped, in float arithmetic as OpenCV does it for floats.
 */
public final class BilinearResize {

    private BilinearResize() {
    }

    public static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        int[] x0 = new int[dw];
        int[] x1 = new int[dw];
        float[] fx = new float[dw];
        taps(sw, dw, x0, x1, fx);
        int[] y0 = new int[dh];
        int[] y1 = new int[dh];
        float[] fy = new float[dh];
        taps(sh, dh, y0, y1, fy);
        float[] dst = new float[dw * dh];
        for (int y = 0; y < dh; y++) {
            int r0 = y0[y] * sw;
            int r1 = y1[y] * sw;
            for (int x = 0; x < dw; x++) {
                float top = src[r0 + x0[x]] * (1 - fx[x]) + src[r0 + x1[x]] * fx[x];
                float bottom = src[r1 + x0[x]] * (1 - fx[x]) + src[r1 + x1[x]] * fx[x];
                dst[y * dw + x] = top * (1 - fy[y]) + bottom * fy[y];
            }
        }
        return dst;
    }

    private static void taps(int source, int target, int[] first, int[] second, float[] weight) {
        double scale = (double) source / target;
        for (int d = 0; d < target; d++) {
            float f = (float) ((d + 0.5) * scale - 0.5);
            int s = (int) Math.floor(f);
            f -= s;
            if (s < 0) {
                s = 0;
                f = 0;
            }
            if (s >= source - 1) {
                s = source - 1;
                f = 0;
            }
            first[d] = s;
            second[d] = Math.min(s + 1, source - 1);
            weight[d] = f;
        }
    }
}
