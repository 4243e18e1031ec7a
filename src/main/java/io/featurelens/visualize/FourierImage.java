package io.featurelens.visualize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Lucid's decorrelated image parameterisation: a spectrum, [2, 3, h, w/2 + 1] (real and imaginary parts, Lucid's
 * layout), scaled per frequency f by 1 / max(f, 1 / max(w, h)), turned into pixels by an orthonormal inverse
 * real 2-D FFT, divided by 4, mixed from decorrelated into RGB colour by the square root of ImageNet's colour
 * correlation (normalised by its largest column norm), and squashed into [0, 1] by a sigmoid.
 *
 * <p>The inverse FFT is libtorch's, which it differentiates: a complex inverse transform along the rows, then a
 * real one along the columns, which ignores the imaginary parts of the constant and Nyquist columns as
 * {@code torch.fft.irfftn} does.
 */
final class FourierImage implements AutoCloseable {

    /** Lucid's {@code color_correlation_svd_sqrt}. */
    static final double[][] COLOR_CORRELATION_SVD_SQRT = {
            {0.26, 0.09, 0.02},
            {0.27, 0.00, -0.05},
            {0.27, -0.09, 0.03}};
    /** Lucid's magic constant: the image is divided by it, which keeps the start from saturating. */
    private static final double MAGIC = 4.0;

    private final int height;
    private final int width;
    private final int half;
    private final NDManager manager;
    /** [h, w/2 + 1]: 1 / max(f, 1 / max(w, h)), times sqrt(hw) / 4: libtorch's inverse transforms divide by hw. */
    private final NDArray scale;
    /** [3, 3]: RGB = colour · decorrelated. */
    private final NDArray colour;
    /**
     * i, as a complex scalar: real and imaginary parts are joined by multiplying with it, as libtorch cannot
     * differentiate a view of real pairs as complex numbers.
     */
    private final NDArray imaginaryUnit;

    FourierImage(NDManager parent, int height, int width) {
        if (width % 2 != 0) {
            throw new IllegalArgumentException("an even width is needed, not " + width);
        }
        this.height = height;
        this.width = width;
        this.half = width / 2 + 1;
        this.manager = parent.newSubManager();
        this.scale = manager.create(scale(height, width), new Shape(height, half));
        this.colour = manager.create(normalizedColourCorrelation(), new Shape(3, 3));
        try (NDArray pair = manager.create(new float[] {0, 1}, new Shape(1, 2))) {
            this.imaginaryUnit = pair.complex();
        }
    }

    /** The spectrum's shape: [2, 3, h, w/2 + 1]. */
    Shape spectrumShape() {
        return new Shape(2, 3, height, half);
    }

    /** Lucid's start: normal with standard deviation 0.01, drawn in the spectrum's order. */
    float[] randomSpectrum(java.util.Random random) {
        float[] spectrum = new float[(int) spectrumShape().size()];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = (float) (random.nextGaussian() * 0.01);
        }
        return spectrum;
    }

    /**
     * {@code spectrum} ([2, 3, h, w/2 + 1]) as an RGB image in [0, 1], [1, 3, h, w], in the spectrum's manager, as
     * is every tensor made on the way (a product whose left factor is one of this object's matrices would
     * otherwise land in this object's manager and live, with its graph, as long as the render).
     */
    NDArray rgb(NDArray spectrum) {
        NDManager scope = spectrum.getManager();
        NDArray scaled = spectrum.mul(scale);
        NDArray complex = scaled.get(0).add(scaled.get(1).mul(imaginaryUnit));
        NDArray decorrelated = complex.ifft(height, 1).irfft(width, 2);
        NDArray mixed = in(scope, colour.matMul(decorrelated.reshape(3, (long) height * width)));
        return Activation.sigmoid(mixed.reshape(1, 3, height, width));
    }

    private static NDArray in(NDManager scope, NDArray x) {
        x.attach(scope);
        return x;
    }

    @Override
    public void close() {
        manager.close();
    }

    private static float[] scale(int height, int width) {
        int half = width / 2 + 1;
        double floor = 1.0 / Math.max(width, height);
        double norm = Math.sqrt((double) height * width) / MAGIC;
        float[] scale = new float[height * half];
        for (int k = 0; k < height; k++) {
            double fy = (k < (height + 1) / 2 ? k : k - height) / (double) height;
            for (int l = 0; l < half; l++) {
                double fx = l / (double) width;
                scale[k * half + l] = (float) (norm / Math.max(Math.sqrt(fx * fx + fy * fy), floor));
            }
        }
        return scale;
    }

    private static float[] normalizedColourCorrelation() {
        double maxNorm = 0;
        for (int col = 0; col < 3; col++) {
            double sum = 0;
            for (double[] row : COLOR_CORRELATION_SVD_SQRT) {
                sum += row[col] * row[col];
            }
            maxNorm = Math.max(maxNorm, Math.sqrt(sum));
        }
        float[] c = new float[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i * 3 + j] = (float) (COLOR_CORRELATION_SVD_SQRT[i][j] / maxNorm);
            }
        }
        return c;
    }
}
