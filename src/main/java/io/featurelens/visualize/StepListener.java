package io.featurelens.visualize;

import java.util.function.Supplier;

/** Hears of each optimisation step; {@code previewPng} renders the current picture only when called. */
@FunctionalInterface
public interface StepListener {

    StepListener NONE = (done, total, previewPng) -> {
    };

    void onStep(int done, int total, Supplier<byte[]> previewPng);
}
