package io.featurelens.visualize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Lucid's {@code standard_transforms}, drawn anew at every step: pad 12 with 0.5, jitter 8, scale by one of
 * 1 + (i − 5)/50 (i = 0…10), rotate by one of −10…10 degrees (0 five times more often, as Lucid's list has it),
 * jitter 4. A jitter by d crops d pixels off, at an offset 0…d in each direction (TensorFlow's random crop);
 * scaling resizes bilinearly with half-pixel centres, not antialiased (Lucent's rule); rotation turns about the
 * centre and samples bilinearly, black outside: one gather of four neighbours and their weights, which libtorch
 * differentiates (DJL has no {@code grid_sample}). The draws come from the render's seeded generator, in a fixed order.
 *
 * <p>One object serves one render, a step at a time: the interpolation matrices and the rotation's neighbours and
 * weights are written into native buffers it keeps, which each step's tensors borrow (libtorch's {@code from_blob})
 * until the step's manager closes them. Fresh arrays of a few megabytes at every step kept the JVM's young generation
 * growing into memory never touched before, and the page faults cost more than the transforms themselves.
 */
final class Robustness {

    static final int PAD = 12;
    static final float PAD_VALUE = 0.5f;
    static final int FIRST_JITTER = 8;
    static final int LAST_JITTER = 4;
    static final int SCALES = 11;
    /** Lucid's {@code list(range(-10, 11)) + 5 * [0]}. */
    static final int[] ANGLES = angles();

    private final Scratch rowMatrix = new Scratch();
    private final Scratch columnMatrix = new Scratch();
    private final Scratch neighbours = new Scratch();
    private final Scratch weights = new Scratch();

    /**
     * The five transforms applied to {@code image} ([1, 3, h, w]), in its manager. The tensors it makes borrow this
     * object's buffers: they must be closed before the next call.
     */
    NDArray apply(NDArray image, Random random) {
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
    NDArray resize(NDArray x, int outH, int outW) {
        NDManager manager = x.getManager();
        NDArray rows = interpolation(manager, rowMatrix, outH, height(x));
        NDArray columns = interpolation(manager, columnMatrix, outW, width(x)).transpose();
        return rows.matMul(x).matMul(columns);
    }

    /** [out, in]: output i takes libtorch's two bilinear weights, at (i + ½)·in/out − ½ clamped to 0, as it computes them. */
    private static NDArray interpolation(NDManager manager, Scratch scratch, int out, int in) {
        ByteBuffer matrix = scratch.floats(out * in);
        for (int i = 0; i < out * in; i++) {
            matrix.putFloat(4 * i, 0f);
        }
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            float source = Math.max(0f, scale * (i + 0.5f) - 0.5f);
            int low = (int) source;
            float high = source - low;
            int lowAt = 4 * (i * in + low);
            int highAt = 4 * (i * in + Math.min(low + 1, in - 1));
            matrix.putFloat(lowAt, matrix.getFloat(lowAt) + (1 - high));
            matrix.putFloat(highAt, matrix.getFloat(highAt) + high);
        }
        return manager.create(matrix, new Shape(out, in), DataType.FLOAT32);
    }

    /**
     * Rotation by {@code radians}, counter-clockwise on screen, about the centre, bilinear, zero outside: Lucent's
     * {@code affine_grid} and {@code grid_sample} on a square picture, which every rotated one is here.
     */
    NDArray rotate(NDArray x, double radians) {
        int h = height(x);
        int w = width(x);
        if (radians == 0) {
            return x;
        }
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        Sampler sampler = new Sampler(h, w, neighbours, weights);
        for (int y = 0; y < h; y++) {
            double dy = y - cy;
            for (int xx = 0; xx < w; xx++) {
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
        private final ByteBuffer index;
        private final ByteBuffer weight;

        Sampler(int h, int w, Scratch neighbours, Scratch weights) {
            this.h = h;
            this.w = w;
            this.n = h * w;
            this.index = neighbours.longs(4 * n);
            this.weight = weights.floats(4 * n);
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
            index.putLong(8 * (k * n + i), inside ? (long) y * w + x : 0);
            weight.putFloat(4 * (k * n + i), inside ? (float) share : 0f);
        }

        /**
         * Σ_k weight_k · x[:, :, neighbour_k], [1, 3, h, w]: a gather along the plane, whose
         * gradient is a scatter-add, which libtorch does in order on a CPU (the gradient of {@code take} adds with
         * atomics from several threads, in a different order each time, and a seed would no longer give one picture).
         */
        NDArray sample(NDArray x) {
            NDManager manager = x.getManager();
            NDArray at = manager.create(index, new Shape(1, 4L * n), DataType.INT64).broadcast(new Shape(3, 4L * n));
            NDArray picked = x.reshape(3, n).gather(at, 1).reshape(3, 4, n);
            return picked.mul(manager.create(weight, new Shape(1, 4, n), DataType.FLOAT32)).sum(new int[] {1}).reshape(1, 3, h, w);
        }
    }

    /**
     * A native buffer, in native byte order, reused from call to call and grown when a call needs more: a tensor
     * made from one of its views reads the buffer itself rather than a copy.
     */
    private static final class Scratch {

        private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

        ByteBuffer floats(int count) {
            return bytes(4 * count);
        }

        ByteBuffer longs(int count) {
            return bytes(8 * count);
        }

        private ByteBuffer bytes(int size) {
            if (buffer.capacity() < size) {
                buffer = ByteBuffer.allocateDirect(size);
            }
            return buffer.duplicate().clear().limit(size).order(ByteOrder.nativeOrder());
        }
    }
}
