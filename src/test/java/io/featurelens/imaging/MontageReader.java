package io.featurelens.imaging;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads a grey montage by its pixels, not by the layout formula: finds each map's tile by searching for the
 * magnified map itself, finds its number in the strip above it, and accounts for every pixel that is not
 * background.
 */
public final class MontageReader {

    /** A rectangle of the montage. */
    public record Box(int left, int top, int width, int height) {
        boolean contains(int x, int y) {
            return x >= left && x < left + width && y >= top && y < top + height;
        }
    }

    private final byte[] canvas;
    private final int width;
    private final int height;
    private final byte background;
    private final List<Box> found = new ArrayList<>();

    public MontageReader(byte[] canvas, int width, int height) {
        assertEquals(width * height, canvas.length, "one grey level per pixel");
        this.canvas = canvas;
        this.width = width;
        this.height = height;
        this.background = canvas[0];
    }

    /** The only place where {@code map} (mapWidth × mapHeight levels) appears, each pixel as factor × factor. */
    public Box tile(byte[] map, int mapWidth, int mapHeight, int factor, String what) {
        int tileWidth = mapWidth * factor;
        int tileHeight = mapHeight * factor;
        Box match = null;
        for (int top = 0; top + tileHeight <= height; top++) {
            for (int left = 0; left + tileWidth <= width; left++) {
                if (matches(map, mapWidth, factor, left, top, tileWidth, tileHeight)) {
                    assertTrue(match == null, what + ": found at " + match + " and at (" + left + ", " + top + ")");
                    match = new Box(left, top, tileWidth, tileHeight);
                }
            }
        }
        if (match == null) {
            fail(what + ": its map, magnified " + factor + " times, is nowhere in the " + width + "×" + height + " montage");
        }
        found.add(match);
        return match;
    }

    /** The box of {@code label}, drawn in one ink on background in the rows right above {@code tile}, near its left edge. */
    public Box labelAbove(Box tile, int label, String what) {
        String text = Integer.toString(label);
        for (int scale = 1; scale <= 2; scale++) {
            int textWidth = DigitFont.textWidth(text, scale);
            int textHeight = DigitFont.HEIGHT * scale;
            byte[] glyphs = new byte[textWidth * textHeight];
            DigitFont.draw(glyphs, textWidth, text, 0, 0, scale, (byte) 1);
            for (int top = Math.max(0, tile.top() - textHeight - 8); top + textHeight <= tile.top(); top++) {
                for (int left = Math.max(0, tile.left() - 4); left <= tile.left() + 4 && left + textWidth <= width; left++) {
                    if (inked(glyphs, textWidth, textHeight, left, top)) {
                        Box box = new Box(left, top, textWidth, textHeight);
                        found.add(box);
                        return box;
                    }
                }
            }
        }
        return fail(what + ": no label '" + text + "' right above its tile at " + tile);
    }

    /** Every pixel that is not background lies in a tile or label found so far: nothing extra was drawn. */
    public void assertNothingElse() {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (canvas[y * width + x] != background && !inFound(x, y)) {
                    fail("a pixel at (" + x + ", " + y + ") is neither background nor in a tile or label: " + found);
                }
            }
        }
    }

    private boolean matches(byte[] map, int mapWidth, int factor, int left, int top, int tileWidth, int tileHeight) {
        for (int y = 0; y < tileHeight; y++) {
            int row = (top + y) * width + left;
            int source = (y / factor) * mapWidth;
            for (int x = 0; x < tileWidth; x++) {
                if (canvas[row + x] != map[source + x / factor]) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean inked(byte[] glyphs, int textWidth, int textHeight, int left, int top) {
        byte ink = 0;
        for (int y = 0; y < textHeight; y++) {
            for (int x = 0; x < textWidth; x++) {
                byte pixel = canvas[(top + y) * width + left + x];
                if (glyphs[y * textWidth + x] == 0) {
                    if (pixel != background) {
                        return false;
                    }
                } else if (pixel == background || (ink != 0 && pixel != ink)) {
                    return false;
                } else {
                    ink = pixel;
                }
            }
        }
        return true;
    }

    private boolean inFound(int x, int y) {
        for (Box box : found) {
            if (box.contains(x, y)) {
                return true;
            }
        }
        return false;
    }
}
