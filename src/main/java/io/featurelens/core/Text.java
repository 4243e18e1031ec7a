package io.featurelens.core;

/** Echoing user input into an error message, safely. */
public final class Text {

    private static final int MAX = 40;

    private Text() {
    }

    /** At most 40 printable characters of {@code value}, so an error never carries a whole payload or control codes. */
    public static String clip(String value) {
        String printable = value.replaceAll("[^\\p{Print}]", "?");
        return printable.length() <= MAX ? printable : printable.substring(0, MAX) + "…";
    }
}
