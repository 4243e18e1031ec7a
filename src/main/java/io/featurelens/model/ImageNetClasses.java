package io.featurelens.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The 1000 ImageNet class names in torchvision's order ({@code imagenet-classes.txt}, written by
 * {@code tools/labels/generate_labels.py} from torchvision's {@code _IMAGENET_CATEGORIES}).
 */
public final class ImageNetClasses {

    private static final List<String> LABELS = load();

    private ImageNetClasses() {
    }

    public static String label(int index) {
        return LABELS.get(index);
    }

    public static int count() {
        return LABELS.size();
    }

    /**
     * The classes called {@code name}: the exact label if there is one, else every label equal to it ignoring
     * case (two for "cardigan": the dog and the sweater).
     */
    public static int[] named(String name) {
        int exact = LABELS.indexOf(name);
        if (exact >= 0) {
            return new int[] {exact};
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return IntStream.range(0, LABELS.size()).filter(i -> LABELS.get(i).toLowerCase(Locale.ROOT).equals(lower)).toArray();
    }

    /** Up to {@code limit} labels containing {@code text}, ignoring case: suggestions for a name that matched none. */
    public static List<String> containing(String text, int limit) {
        String lower = text.toLowerCase(Locale.ROOT);
        return LABELS.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains(lower)).limit(limit).toList();
    }

    private static List<String> load() {
        try (InputStream in = ImageNetClasses.class.getClassLoader().getResourceAsStream("imagenet-classes.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource imagenet-classes.txt");
            }
            List<String> labels = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
            if (labels.size() != ClassifierLayout.CLASSES) {
                throw new IllegalStateException("imagenet-classes.txt holds " + labels.size() + " labels, not 1000");
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
