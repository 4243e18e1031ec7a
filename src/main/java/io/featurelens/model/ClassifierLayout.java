package io.featurelens.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The six tensors of VGG16's classifier (fc1, fc2, fc3 with biases) under the two names files use:
 * torchvision's {@code classifier.0/3/6} and timm's {@code pre_logits.fc1/fc2} and {@code head.fc}, where the
 * fully connected layers are stored as convolutions ([4096, 512, 7, 7], [4096, 4096, 1, 1]). Both lay the
 * values out in the same order, so a timm tensor is the torchvision one reshaped.
 */
public enum ClassifierLayout {
    TORCHVISION("classifier.0", "classifier.3", "classifier.6",
            new long[] {4096, 25088}, new long[] {4096, 4096}),
    TIMM("pre_logits.fc1", "pre_logits.fc2", "head.fc",
            new long[] {4096, 512, 7, 7}, new long[] {4096, 4096, 1, 1});

    public static final int CLASSES = 1000;
    public static final int HIDDEN = 4096;
    /** Inputs of fc1: pool5's 512 maps of 7×7, flattened. */
    public static final int FEATURES = 512 * 7 * 7;

    /** The tensors in {@link ClassifierWeights}: torchvision's names, fully connected shapes. */
    public static final List<String> CANONICAL = List.of("classifier.0.weight", "classifier.0.bias",
            "classifier.3.weight", "classifier.3.bias", "classifier.6.weight", "classifier.6.bias");

    private final Map<String, long[]> tensors = new LinkedHashMap<>();

    ClassifierLayout(String fc1, String fc2, String fc3, long[] fc1Shape, long[] fc2Shape) {
        tensors.put(fc1 + ".weight", fc1Shape);
        tensors.put(fc1 + ".bias", new long[] {HIDDEN});
        tensors.put(fc2 + ".weight", fc2Shape);
        tensors.put(fc2 + ".bias", new long[] {HIDDEN});
        tensors.put(fc3 + ".weight", new long[] {CLASSES, HIDDEN});
        tensors.put(fc3 + ".bias", new long[] {CLASSES});
    }

    /** This layout's tensor names with their shapes, in the order of {@link #CANONICAL}. */
    public Map<String, long[]> tensors() {
        return tensors;
    }

    /**
     * The layout whose names {@code names} use, or empty when it holds none of either (a features-only
     * file). Names of both layouts at once are an error.
     */
    public static Optional<ClassifierLayout> of(java.util.Set<String> names) {
        List<ClassifierLayout> present = Arrays.stream(values())
                .filter(layout -> layout.tensors.keySet().stream().anyMatch(names::contains)).toList();
        if (present.size() > 1) {
            throw new InvalidWeightsException("the file holds classifier tensors under both torchvision's names "
                    + "(classifier.*) and timm's (pre_logits.*, head.fc.*): keep one set");
        }
        return present.stream().findFirst();
    }
}
