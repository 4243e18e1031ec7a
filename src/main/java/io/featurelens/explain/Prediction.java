package io.featurelens.explain;

import io.featurelens.model.ImageNetClasses;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** One class with its logit and its softmax probability. */
public record Prediction(int index, String label, double probability, double logit) {

    /** The {@code top} most likely classes of {@code logits}, highest first. */
    public static List<Prediction> top(float[] logits, int top) {
        double[] probabilities = softmax(logits);
        return IntStream.range(0, logits.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> logits[i]).reversed())
                .limit(top).map(i -> of(logits, probabilities, i)).toList();
    }

    public static Prediction of(float[] logits, int index) {
        return of(logits, softmax(logits), index);
    }

    private static Prediction of(float[] logits, double[] probabilities, int index) {
        return new Prediction(index, ImageNetClasses.label(index), probabilities[index], logits[index]);
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
