package io.featurelens.imaging;

import java.util.List;

/** Feature maps in a labelled grid, ⌈√n⌉ columns (8 for 64 maps), as one PNG. */
public final class Montage {

    private static final byte BACKGROUND = 24;
    private static final byte INK = (byte) 235;

    public record Tile(int label, byte[] pixels) {
    }

    private Montage() {
    }

    /** {@code tiles}: maps of tileWidth × tileHeight grey levels each. */
    public static byte[] render(List<Tile> tiles, int tileWidth, int tileHeight, ColorMap colorMap) {
        int columns = (int) Math.ceil(Math.sqrt(tiles.size()));
        int rows = (tiles.size() + columns - 1) / columns;
        int scale = tileWidth >= 112 ? 2 : 1;
        int gap = 2 * scale;
        int labelHeight = DigitFont.HEIGHT * scale + 2 * gap;
        int cellWidth = tileWidth + gap;
        int cellHeight = labelHeight + tileHeight + gap;
        int width = columns * cellWidth + gap;
        int height = rows * cellHeight + gap;

        byte[] canvas = new byte[width * height];
        java.util.Arrays.fill(canvas, BACKGROUND);
        for (int i = 0; i < tiles.size(); i++) {
            Tile tile = tiles.get(i);
            int left = gap + (i % columns) * cellWidth;
            int top = gap + (i / columns) * cellHeight;
            String label = Integer.toString(tile.label());
            if (DigitFont.textWidth(label, scale) <= tileWidth) {
                DigitFont.draw(canvas, width, label, left, top + gap, scale, INK);
            }
            for (int y = 0; y < tileHeight; y++) {
                System.arraycopy(tile.pixels(), y * tileWidth, canvas, (top + labelHeight + y) * width + left, tileWidth);
            }
        }
        return colorMap.encode(canvas, width, height);
    }
}
