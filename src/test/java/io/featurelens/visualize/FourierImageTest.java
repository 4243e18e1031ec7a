package io.featurelens.visualize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.featurelens.TestImages;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Fourier and colour parameterisation against Lucent's, computed with torch.fft.irfftn(norm="ortho")
 * by tools/golden/generate_visualize_goldens.py from the same fixed spectrum: every pixel within one level.
 */
class FourierImageTest {

    private static final int SIZE = 224;

    @Test
    void aFixedSpectrumGivesLucentsPicture() throws IOException {
        BufferedImage golden = ImageIO.read(new ByteArrayInputStream(TestImages.resource("golden/visualize/fourier-224.png")));
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             FourierImage fourier = new FourierImage(manager, SIZE, SIZE)) {
            NDArray rgb = fourier.rgb(manager.create(fixedSpectrum((int) fourier.spectrumShape().size()), fourier.spectrumShape()));
            byte[] pixels = FeatureVisualizer.toPixels(rgb.toFloatArray(), SIZE * SIZE);
            int worst = 0;
            int spread = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int expected = golden.getRGB(x, y);
                    for (int c = 0; c < 3; c++) {
                        int want = (expected >> (16 - 8 * c)) & 0xFF;
                        int got = pixels[3 * (y * SIZE + x) + c] & 0xFF;
                        worst = Math.max(worst, Math.abs(want - got));
                        spread = Math.max(spread, Math.abs(want - 128));
                    }
                }
            }
            assertTrue(worst <= 1, "every level within one of Lucent's, worst " + worst);
            assertTrue(spread > 100, "the golden spans the levels, not a flat grey: " + spread);
        }
    }

    @Test
    void lucidsStartIsAFaintGrey() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             FourierImage fourier = new FourierImage(manager, SIZE, SIZE)) {
            float[] start = fourier.rgb(manager.create(fourier.randomSpectrum(new java.util.Random(0)), fourier.spectrumShape()))
                    .toFloatArray();
            assertEquals(3 * SIZE * SIZE, start.length);
            for (float v : start) {
                assertEquals(0.5, v, 0.1, "a spectrum of sd 0.01 stays near the sigmoid's middle");
            }
        }
    }

    /** Value i is 0.5·sqrt(12)·(u_i − 1/2), u_i = (i·2654435761 mod 2^32)/2^32, as the generator has it. */
    private static float[] fixedSpectrum(int count) {
        float[] spectrum = new float[count];
        for (int i = 0; i < count; i++) {
            double u = ((i * 2654435761L) & 0xFFFFFFFFL) / (double) (1L << 32);
            spectrum[i] = (float) (0.5 * Math.sqrt(12.0) * (u - 0.5));
        }
        return spectrum;
    }
}
