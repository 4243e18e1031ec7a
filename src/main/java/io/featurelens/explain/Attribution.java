package io.featurelens.explain;

/** What a method computed, at the input's 224×224. */
public sealed interface Attribution {

    /** A class activation map, scaled into [0, 1]: drawn in grey and as an overlay. */
    record Cam(float[] map) implements Attribution {
    }

    /** Values per input pixel and channel, [3, 224, 224]: drawn in colour, min-max over all channels. */
    record PerPixel(float[] values) implements Attribution {
    }
}
