package io.featurelens.visualize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * Lucid's {@code standard_transforms}, drawn anew at every step: pad 12 with 0.5, jitter 8, scale by one of
 * 1 + (i − 5)/50 (i = 0…10), rotate by one of −10…10 degrees (0 five times more often, as Lucid's list has it),
 * jitter 4. A jitter by d crops d pixels off, at an offset 0…d in each direction (TensorFlow's random crop);
 * scaling resizes bilinearly with half-pixel centres, not antialiased (Lucent's rule); rotation turns about the
 * centre and samples bilinearly, black outside: one gather of four neighbours and their weights, which libtorch
 * differentiates (DJL has no {@code grid_sample}). The draws come from the render's seeded generator, in a fixed order.
 */
final class Robustness {

    static final int PAD = 12;
    static final float PAD_VALUE = 0.5f;
    static final int FIRST_JITTER = 8;
    static final int LAST_JITTER = 4;
    static final int SCALES = 11;
    /** Lucid's {@code list(range(-10, 11)) + 5 * [0]}. */
    static final int[] ANGLES = angles();

    private Robustness() {
    }

    /** The five transforms applied to {@code image} ([1, 3, h, w]), in its manager. */
    static NDArray apply(NDArray image, Random random) {
        NDArray x = image.pad(new Shape(PAD, PAD, PAD, PAD), PAD_VALUE);
        x = jitter(x, FIRST_JITTER, random);
        double scale = 1 + (random.nextInt(SCALES) - 5) / 50.0;
        x = resize(x, (int) (scale * height(x)), (int) (scale * width(x)));
        x = rotate(x, Math.toRadians(ANGLES[random.nextInt(ANGLES.length)]));
        return jitter(x, LAST_JITTER, random);
    }

    static NDArray jitter(NDArray x, int d, Random random) {
        int dy = random.nextInt(d + 1);
        int dx = random.nextInt(d + 1);
        return x.get(new NDIndex(":, :, {}:{}, {}:{}", dy, dy + height(x) - d, dx, dx + width(x) - d));
    }

    /**
     * Bilinear resize with half-pixel centres, edges clamped, not antialiased: Lucent's {@code F.interpolate}. DJL's
     * {@code interpolate} always antialiases, which blurs a downscale, so the resize is two products with the
     * interpolation matrices, rows then columns.
     */
    static NDArray resize(NDArray x, int outH, int outW) {
        NDManager manager = x.getManager();
        NDArray rows = manager.create(interpolation(outH, height(x)), new Shape(outH, height(x)));
        NDArray columns = manager.create(interpolation(outW, width(x)), new Shape(outW, width(x))).transpose();
        return rows.matMul(x).matMul(columns);
    }

    /** [out, in]: output i takes libtorch's two bilinear weights, at (i + ½)·in/out − ½ clamped to 0, as it computes them. */
    private static float[] interpolation(int out, int in) {
        float[] matrix = new float[out * in];
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            float source = Math.max(0f, scale * (i + 0.5f) - 0.5f);
            int low = (int) source;
            float high = source - low;
            matrix[i * in + low] += 1 - high;
            matrix[i * in + Math.min(low + 1, in - 1)] += high;
        }
        return matrix;
    }

    /**
     * Rotation by {@code radians}, counter-clockwise on screen, about the centre, bilinear, zero outside: Lucent's
     * {@code affine_grid} and {@code grid_sample} on a square picture, which every rotated one is here.
     */
    static NDArray rotate(NDArray x, double radians) {
        int h = height(x);
        int w = width(x);
        if (radians == 0) {
            return x;
        }
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        Sampler sampler = new Sampler(h, w);
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                double dy = y - cy;
                double dx = xx - cx;
                sampler.put(y * w + xx, cy + sin * dx + cos * dy, cx + cos * dx - sin * dy);
            }
        }
        return sampler.sample(x);
    }

    private static int height(NDArray x) {
        return (int) x.getShape().get(2);
    }

    private static int width(NDArray x) {
        return (int) x.getShape().get(3);
    }

    private static int[] angles() {
        int[] angles = new int[21 + 5];
        for (int i = 0; i < 21; i++) {
            angles[i] = i - 10;
        }
        return angles;
    }

    /** Each pixel of an h×w plane as four neighbours in the same plane and their weights; neighbours outside weigh 0. */
    private static final class Sampler {

        private final int h;
        private final int w;
        private final int n;
        private final long[] index;
        private final float[] weight;

        Sampler(int h, int w) {
            this.h = h;
            this.w = w;
            this.n = h * w;
            this.index = new long[4 * n];
            this.weight = new float[4 * n];
        }

        void put(int i, double fy, double fx) {
            int y0 = (int) Math.floor(fy);
            int x0 = (int) Math.floor(fx);
            double wy = fy - y0;
            double wx = fx - x0;
            corner(0, i, y0, x0, (1 - wy) * (1 - wx));
            corner(1, i, y0, x0 + 1, (1 - wy) * wx);
            corner(2, i, y0 + 1, x0, wy * (1 - wx));
            corner(3, i, y0 + 1, x0 + 1, wy * wx);
        }

        private void corner(int k, int i, int y, int x, double share) {
            boolean inside = y >= 0 && y < h && x >= 0 && x < w;
            index[k * n + i] = inside ? (long) y * w + x : 0;
            weight[k * n + i] = inside ? (float) share : 0f;
        }

        /**
         * Σ_k weight_k · x[:, :, neighbour_k], [1, 3, h, w]: a gather along the plane, whose
         * gradient is a scatter-add, which libtorch does in order on a CPU (the gradient of {@code take} adds with
         * atomics from several threads, in a different order each time, and a seed would no longer give one picture).
         */
        NDArray sample(NDArray x) {
            NDManager manager = x.getManager();
            NDArray at = manager.create(index, new Shape(1, 4L * n)).broadcast(new Shape(3, 4L * n));
            NDArray picked = x.reshape(3, n).gather(at, 1).reshape(3, 4, n);
            return picked.mul(manager.create(weight, new Shape(1, 4, n))).sum(new int[] {1}).reshape(1, 3, h, w);
        }
    }
}
