package io.featurelens.imaging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KernelPatchesTest {

    @Test
    void zeroIsMidGreyAndTheLargestWeightReachesTheEnd() {
        float[] kernel = new float[27];
        kernel[0] = 2f;           // red, top left: the largest magnitude
        kernel[9 + 4] = -2f;      // green, centre
        kernel[18 + 8] = 1f;      // blue, bottom right: half of it
        RgbImage patch = KernelPatches.render(kernel, 3).get(0);

        assertEquals(3, patch.width());
        assertEquals(3, patch.height());
        assertArrayEquals(new int[] {255, 128, 128}, pixel(patch, 0, 0));
        assertArrayEquals(new int[] {128, 0, 128}, pixel(patch, 1, 1));
        assertArrayEquals(new int[] {128, 128, 191}, pixel(patch, 2, 2));
        assertArrayEquals(new int[] {128, 128, 128}, pixel(patch, 1, 0));
    }

    @Test
    void eachKernelUsesItsOwnRangeAndAnAllZeroKernelIsGrey() {
        float[] two = new float[54];
        two[0] = 0.01f;
        List<RgbImage> patches = KernelPatches.render(two, 3);

        assertEquals(2, patches.size());
        assertArrayEquals(new int[] {255, 128, 128}, pixel(patches.get(0), 0, 0));
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                assertArrayEquals(new int[] {128, 128, 128}, pixel(patches.get(1), x, y));
            }
        }
    }

    @Test
    void refusesWeightsThatAreNotWholeKernels() {
        assertThrows(IllegalArgumentException.class, () -> KernelPatches.render(new float[28], 3));
    }

    private static int[] pixel(RgbImage image, int x, int y) {
        int i = 3 * (y * image.width() + x);
        byte[] p = image.pixels();
        return new int[] {p[i] & 0xFF, p[i + 1] & 0xFF, p[i + 2] & 0xFF};
    }
}
