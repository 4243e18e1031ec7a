package io.featurelens.visualize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.featurelens.TestImages;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lucid's scale and rotation steps against Lucent's (F.interpolate without antialiasing; affine_grid and
 * grid_sample), computed from the Fourier golden by tools/golden/generate_visualize_goldens.py: every level within one.
 */
class RobustnessTest {

    @Test
    void scalingDownIsPlainBilinear() {
        assertMatches("scale-201.png", x -> new Robustness().resize(x, 201, 201));
    }

    @Test
    void scalingUpIsPlainBilinear() {
        assertMatches("scale-246.png", x -> new Robustness().resize(x, 246, 246));
    }

    @Test
    void rotationTurnsAsLucentsDoes() {
        assertMatches("rotate-7.png", x -> new Robustness().rotate(x, Math.toRadians(7)));
    }

    /** A render's steps reuse its buffers: what a larger step left in them must not reach a smaller one. */
    @Test
    void stepsAfterLargerOnesStillMatch() {
        Robustness robustness = new Robustness();
        assertMatches("scale-246.png", x -> robustness.resize(x, 246, 246));
        assertMatches("scale-201.png", x -> robustness.resize(x, 201, 201));
        assertMatches("rotate-7.png", x -> {
            robustness.rotate(robustness.resize(x, 246, 246), Math.toRadians(-3));
            return robustness.rotate(x, Math.toRadians(7));
        });
    }

    private static void assertMatches(String golden, UnaryOperator<NDArray> step) {
        BufferedImage input = read("fourier-224.png");
        BufferedImage expected = read(golden);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray out = step.apply(manager.create(planes(input), new Shape(1, 3, input.getHeight(), input.getWidth())));
            assertEquals(new Shape(1, 3, expected.getHeight(), expected.getWidth()), out.getShape());
            byte[] pixels = FeatureVisualizer.toPixels(out.toFloatArray(), expected.getHeight() * expected.getWidth());
            int worst = 0;
            for (int y = 0; y < expected.getHeight(); y++) {
                for (int x = 0; x < expected.getWidth(); x++) {
                    int rgb = expected.getRGB(x, y);
                    for (int c = 0; c < 3; c++) {
                        int want = (rgb >> (16 - 8 * c)) & 0xFF;
                        worst = Math.max(worst, Math.abs(want - (pixels[3 * (y * expected.getWidth() + x) + c] & 0xFF)));
                    }
                }
            }
            assertTrue(worst <= 1, golden + ": every level within one of Lucent's, worst " + worst);
        }
    }

    private static float[] planes(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] chw = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    chw[c * h * w + y * w + x] = ((rgb >> (16 - 8 * c)) & 0xFF) / 255f;
                }
            }
        }
        return chw;
    }

    private static BufferedImage read(String name) {
        try {
            return ImageIO.read(new ByteArrayInputStream(TestImages.resource("golden/visualize/" + name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
