package io.featurelens.core;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The table-driven level equals round(255·σ(x)) computed directly, everywhere and right at every step. */
class SigmoidLevelsTest {

    @Test
    void equalsTheDirectFormulaOnEveryStepAndItsNeighbours() {
        for (int k = 1; k < 256; k++) {
            double target = (k - 0.5) / 255;
            float step = (float) Math.log(target / (1 - target));
            for (int ulps = -3; ulps <= 3; ulps++) {
                float x = Float.intBitsToFloat(Float.floatToRawIntBits(step) + (step < 0 ? -ulps : ulps));
                assertEquals(direct(x), SigmoidLevels.level(x), "x = " + x);
            }
        }
    }

    @Test
    void equalsTheDirectFormulaOverTheWholeRange() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000_000; i++) {
            float x = i % 2 == 0 ? (float) random.nextDouble(-12, 12) : Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(x)) {
                assertEquals(direct(x), SigmoidLevels.level(x), "x = " + x);
            }
        }
        assertEquals(0, SigmoidLevels.level(Float.NEGATIVE_INFINITY));
        assertEquals(255, SigmoidLevels.level(Float.POSITIVE_INFINITY));
        assertEquals(128, SigmoidLevels.level(0f), "127.5 rounds half to even, as NumPy does");
        assertEquals(128, SigmoidLevels.level(-0f));
    }

    private static int direct(float x) {
        return (int) Math.rint(255.0 / (1.0 + Math.exp(-(double) x)));
    }
}
