package io.featurelens.imaging;

/**
 * A 5×7 pixel font for the digits that label montage tiles. Drawing text with AWT would need system
 * fonts, which slim and Lambda container images do not have.
 */
final class DigitFont {

    static final int WIDTH = 5;
    static final int HEIGHT = 7;

    private static final String[][] GLYPHS = {
            {" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "},
            {"  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "},
            {" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"},
            {"#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "},
            {"   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "},
            {"#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "},
            {"  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "},
            {"#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "},
            {" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "},
            {" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "},
    };

    private DigitFont() {
    }

    /** Draws {@code text} (digits only) with its top-left corner at (x, y), each font pixel scale×scale. */
    static void draw(byte[] canvas, int canvasWidth, String text, int x, int y, int scale, byte value) {
        for (int k = 0; k < text.length(); k++) {
            String[] glyph = GLYPHS[text.charAt(k) - '0'];
            int left = x + k * (WIDTH + 1) * scale;
            for (int gy = 0; gy < HEIGHT; gy++) {
                for (int gx = 0; gx < WIDTH; gx++) {
                    if (glyph[gy].charAt(gx) != '#') {
                        continue;
                    }
                    for (int sy = 0; sy < scale; sy++) {
                        int row = (y + gy * scale + sy) * canvasWidth;
                        for (int sx = 0; sx < scale; sx++) {
                            canvas[row + left + gx * scale + sx] = value;
                        }
                    }
                }
            }
        }
    }

    static int textWidth(String text, int scale) {
        return (text.length() * (WIDTH + 1) - 1) * scale;
    }
}
