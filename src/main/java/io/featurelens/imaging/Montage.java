package io.featurelens.imaging;

import java.util.Arrays;
import java.util.List;

/**
 * Feature maps in a grid, ⌈√n⌉ columns (8 for 64 maps), as one PNG. Every tile has its filter number in a
 * strip above it, and maps smaller than {@link #READABLE} pixels are magnified by a whole factor with
 * nearest neighbour, so that a 7×7 map of pool5 is as easy to see as a 56×56 one.
 */
public final class Montage {

    /** Maps are magnified until their shorter side is at least this many pixels. */
    public static final int READABLE = 56;

    private static final byte BACKGROUND = 24;
    private static final byte INK = (byte) 235;

    public record Tile(int label, byte[] pixels) {
    }

    private Montage() {
    }

    /** How many montage pixels one map pixel takes, each way, for maps of {@code width} × {@code height}. */
    public static int magnification(int width, int height) {
        return Math.max(1, (READABLE + Math.min(width, height) - 1) / Math.min(width, height));
    }

    /** {@code tiles}: maps of mapWidth × mapHeight grey levels each. */
    public static byte[] render(List<Tile> tiles, int mapWidth, int mapHeight, ColorMap colorMap) {
        int factor = magnification(mapWidth, mapHeight);
        int tileWidth = mapWidth * factor;
        int tileHeight = mapHeight * factor;
        int fontScale = tileWidth >= 112 ? 2 : 1;
        int gap = 2 * fontScale;
        int labelWidth = tiles.stream()
                .mapToInt(tile -> DigitFont.textWidth(Integer.toString(tile.label()), fontScale)).max().orElse(0);
        int labelHeight = DigitFont.HEIGHT * fontScale + 2 * gap;
        int columns = (int) Math.ceil(Math.sqrt(tiles.size()));
        int rows = (tiles.size() + columns - 1) / columns;
        int cellWidth = Math.max(tileWidth, labelWidth) + gap;
        int cellHeight = labelHeight + tileHeight + gap;
        int width = columns * cellWidth + gap;
        int height = rows * cellHeight + gap;

        byte[] canvas = new byte[width * height];
        Arrays.fill(canvas, BACKGROUND);
        for (int i = 0; i < tiles.size(); i++) {
            Tile tile = tiles.get(i);
            int left = gap + (i % columns) * cellWidth;
            int top = gap + (i / columns) * cellHeight;
            DigitFont.draw(canvas, width, Integer.toString(tile.label()), left, top + gap, fontScale, INK);
            for (int y = 0; y < tileHeight; y++) {
                int source = (y / factor) * mapWidth;
                int target = (top + labelHeight + y) * width + left;
                for (int x = 0; x < tileWidth; x++) {
                    canvas[target + x] = tile.pixels()[source + x / factor];
                }
            }
        }
        return colorMap.encode(canvas, width, height);
    }
}
