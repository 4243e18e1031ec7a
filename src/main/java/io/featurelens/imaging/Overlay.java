package io.featurelens.imaging;

/** A map's grey levels in a colour map, blended half and half over the picture it was computed for. */
public final class Overlay {

    private Overlay() {
    }

    /** {@code levels}: one per pixel of {@code base}. Each channel is (colour + base + 1) / 2, rounded half up. */
    public static RgbImage blend(RgbImage base, byte[] levels, ColorMap colorMap) {
        byte[] out = new byte[base.pixels().length];
        for (int i = 0; i < levels.length; i++) {
            int colour = colorMap.rgb(levels[i] & 0xFF);
            for (int c = 0; c < 3; c++) {
                int channel = colour >> (16 - 8 * c) & 0xFF;
                out[3 * i + c] = (byte) ((channel + (base.pixels()[3 * i + c] & 0xFF) + 1) / 2);
            }
        }
        return new RgbImage(base.width(), base.height(), out);
    }
}
