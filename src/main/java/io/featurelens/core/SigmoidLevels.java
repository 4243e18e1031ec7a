package io.featurelens.core;

/**
 * The reference's grey level round(255·σ(x)) without an exponential per pixel. The level only changes at
 * 255 values of x, found once here (in double precision, rounding half to even as NumPy does); a table
 * indexed by the top 16 bits of a float gives the level at the bottom of that range of floats, and one
 * comparison with the next step finishes the job: no range of floats that shares its top 16 bits holds two
 * steps (checked when the class loads), so the lookup has no loop and no branch.
 */
final class SigmoidLevels {

    /**
     * {@code STEP[k]}: the smallest float whose level is at least k; {@code STEP[0]} is −∞, {@code STEP[256]} NaN,
     * which no float is greater than or equal to, so level 255 never climbs further.
     */
    private static final float[] STEP = new float[257];
    private static final byte[] FLOOR = new byte[1 << 16];

    static {
        STEP[0] = Float.NEGATIVE_INFINITY;
        STEP[256] = Float.NaN;
        for (int k = 1; k < 256; k++) {
            int lo = sortable(Float.NEGATIVE_INFINITY);
            int hi = sortable(Float.POSITIVE_INFINITY);
            while (lo < hi) {
                int mid = (int) (((long) lo + hi) >> 1);
                if (exact(fromSortable(mid)) >= k) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            STEP[k] = fromSortable(lo);
        }
        for (int bucket = 0; bucket < FLOOR.length; bucket++) {
            int low = bucket < 0x8000 ? bucket << 16 : (bucket << 16) | 0xFFFF;
            FLOOR[bucket] = (byte) climb(0, Float.intBitsToFloat(low));
            int high = bucket < 0x8000 ? (bucket << 16) | 0xFFFF : bucket << 16;
            if (climb(0, Float.intBitsToFloat(high)) - (FLOOR[bucket] & 0xFF) > 1) {
                throw new IllegalStateException("two sigmoid steps share the top bits " + Integer.toHexString(bucket));
            }
        }
    }

    private SigmoidLevels() {
    }

    /** round(255·σ(x)), 0–255. */
    static int level(float x) {
        int floor = FLOOR[Float.floatToRawIntBits(x) >>> 16] & 0xFF;
        return x >= STEP[floor + 1] ? floor + 1 : floor;
    }

    private static int climb(int level, float x) {
        while (level < 255 && x >= STEP[level + 1]) {
            level++;
        }
        return level;
    }

    private static int exact(float x) {
        return (int) Math.rint(255.0 / (1.0 + Math.exp(-(double) x)));
    }

    /** Float bits reordered so that integer order is the order of the values. */
    private static int sortable(float x) {
        int bits = Float.floatToRawIntBits(x);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    private static float fromSortable(int s) {
        return Float.intBitsToFloat(s ^ ((s >> 31) & 0x7FFFFFFF));
    }
}
