package io.featurelens;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule is applied to each map: one bad map fails the comparison however many good ones come with it. */
class MapAssertionsTest {

    @Test
    void oneBadMapAmongManyGoodOnesFails() {
        int plane = 14 * 14;
        byte[] golden = new byte[100 * plane];
        MapAssertions.Tally tally = new MapAssertions.Tally("100 maps");
        for (int map = 0; map < 100; map++) {
            byte[] actual = new byte[plane];
            if (map == 42) {
                for (int i = 0; i < 10; i++) {
                    actual[i] = 2; // 5% of this map two levels off: under 1% of all pixels together
                }
            }
            tally.add(actual, golden, map * plane);
        }
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, tally::assertClose);
        assertTrue(failure.getMessage().contains("map 42"), failure.getMessage());
    }

    @Test
    void goodMapsPass() {
        byte[] golden = new byte[2 * 49];
        MapAssertions.Tally tally = new MapAssertions.Tally("2 maps");
        byte[] oneOff = new byte[49];
        java.util.Arrays.fill(oneOff, (byte) 1);
        tally.add(oneOff, golden, 0);
        tally.add(new byte[49], golden, 49);
        tally.assertClose();
    }
}
