package io.featurelens.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16Model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The native part of a request: inputs through the network in one batch, then, for each request, the
 * statistics and grey levels of the maps it asked for, copied into Java arrays. Everything allocated
 * in native memory is freed before {@link #run} returns.
 */
final class Extraction {

    /** One preprocessed image ([3, 224, 224] floats) and what to take from it. */
    record Job(float[] input, List<Layer> layers, List<int[]> filters, Normalization normalization) {
    }

    /** One layer's selected maps: statistics per map and the maps' grey levels, one after another. */
    record Maps(Layer layer, int[] filters, float[] min, float[] max, float[] mean, byte[] levels) {
    }

    private Extraction() {
    }

    /**
     * Runs {@code jobs} as one batch. Each result completes alone: a job whose maps cannot be taken fails
     * without failing the others, and if the batch as a whole fails, each job is tried again by itself.
     */
    static List<CompletableFuture<List<Maps>>> run(Vgg16Model model, List<Job> jobs) {
        List<CompletableFuture<List<Maps>>> results = jobs.stream().map(j -> new CompletableFuture<List<Maps>>()).toList();
        try {
            runBatch(model, jobs, results);
        } catch (RuntimeException batchFailure) {
            if (jobs.size() == 1) {
                results.get(0).completeExceptionally(batchFailure);
            } else {
                for (int i = 0; i < jobs.size(); i++) {
                    if (!results.get(i).isDone()) {
                        runAlone(model, jobs.get(i), results.get(i));
                    }
                }
            }
        }
        return results;
    }

    private static void runAlone(Vgg16Model model, Job job, CompletableFuture<List<Maps>> result) {
        try {
            runBatch(model, List.of(job), List.of(result));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private static void runBatch(Vgg16Model model, List<Job> jobs, List<CompletableFuture<List<Maps>>> results) {
        int size = Preprocessor.SIZE;
        float[] batch = new float[jobs.size() * 3 * size * size];
        for (int i = 0; i < jobs.size(); i++) {
            System.arraycopy(jobs.get(i).input(), 0, batch, i * 3 * size * size, 3 * size * size);
        }
        int deepest = jobs.stream().flatMap(j -> j.layers().stream()).mapToInt(Layer::index).max().orElseThrow();
        Set<Integer> wanted = jobs.stream().flatMap(j -> j.layers().stream()).map(Layer::index).collect(Collectors.toSet());
        try (NDManager manager = model.newRequestManager()) {
            NDArray x = manager.create(batch, new Shape(jobs.size(), 3, size, size));
            Map<Integer, NDArray> outputs = model.forward(x, deepest, wanted);
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                try {
                    List<Maps> maps = new ArrayList<>();
                    for (int l = 0; l < job.layers().size(); l++) {
                        Layer layer = job.layers().get(l);
                        maps.add(extract(manager, layer, outputs.get(layer.index()).get(i), job.filters().get(l),
                                job.normalization()));
                    }
                    results.get(i).complete(maps);
                } catch (RuntimeException e) {
                    results.get(i).completeExceptionally(e);
                }
            }
        }
    }

    /** {@code output}: one image's [C, H, W] activations of {@code layer}. */
    private static Maps extract(NDManager manager, Layer layer, NDArray output, int[] filters, Normalization normalization) {
        NDArray maps = filters.length == layer.channels() ? output : output.get(new NDIndex("{}", manager.create(filters)));
        NDArray flat = maps.reshape(filters.length, (long) layer.height() * layer.width());
        NDArray min = flat.min(new int[] {1});
        NDArray max = flat.max(new int[] {1});
        NDArray mean = flat.mean(new int[] {1});
        byte[] levels = normalization.quantize(flat, min, max).toByteArray();
        return new Maps(layer, filters, min.toFloatArray(), max.toFloatArray(), mean.toFloatArray(), levels);
    }
}
