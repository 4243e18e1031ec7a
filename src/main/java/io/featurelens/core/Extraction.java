package io.featurelens.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16Model;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The native part of a request: inputs through the network, then, for each request, the statistics and
 * grey levels of the maps it asked for, computed in Java in one pass over the activations, read where
 * libtorch keeps them. Everything allocated in native memory is freed before {@link #run} returns, and each
 * job's temporaries as soon as that job is done.
 */
final class Extraction {

    /** Channels per task of the one pass: one 64-byte cache line of activations per pixel. */
    private static final int CHANNELS_PER_TASK = 16;

    /** One preprocessed image (224×224×3 floats, channels last) and what to take from it. */
    record Job(float[] input, List<Layer> layers, List<int[]> filters, Normalization normalization) {
    }

    /** One layer's selected maps: statistics per map and the maps' grey levels, one after another. */
    record Maps(Layer layer, int[] filters, float[] min, float[] max, float[] mean, byte[] levels) {
    }

    private Extraction() {
    }

    /** Runs {@code jobs} together; see {@link #run(Vgg16Model, List, List)}. */
    static List<CompletableFuture<List<Maps>>> run(Vgg16Model model, List<Job> jobs) {
        List<CompletableFuture<List<Maps>>> results = jobs.stream().map(j -> new CompletableFuture<List<Maps>>()).toList();
        run(model, jobs, results);
        return results;
    }

    /**
     * Runs {@code jobs} in as few forward passes as the device does well ({@link Vgg16Model#imagesPerPass}),
     * completing {@code results} in order. Each result completes alone: a job whose maps cannot be taken fails
     * without failing the others, and if a pass as a whole fails, each of its jobs is tried again by itself.
     * An {@link Error} is not caught: the caller fails whatever is not done.
     */
    static void run(Vgg16Model model, List<Job> jobs, List<CompletableFuture<List<Maps>>> results) {
        int perPass = model.imagesPerPass();
        for (int from = 0; from < jobs.size(); from += perPass) {
            int to = Math.min(jobs.size(), from + perPass);
            runPass(model, jobs.subList(from, to), results.subList(from, to));
        }
    }

    /** One forward pass over all of {@code jobs}, however many. */
    static void runPass(Vgg16Model model, List<Job> jobs, List<CompletableFuture<List<Maps>>> results) {
        try {
            forwardAndExtract(model, jobs, results);
        } catch (RuntimeException passFailure) {
            if (jobs.size() == 1) {
                results.get(0).completeExceptionally(passFailure);
                return;
            }
            for (int i = 0; i < jobs.size(); i++) {
                if (!results.get(i).isDone()) {
                    try {
                        forwardAndExtract(model, List.of(jobs.get(i)), List.of(results.get(i)));
                    } catch (RuntimeException e) {
                        results.get(i).completeExceptionally(e);
                    }
                }
            }
        }
    }

    private static void forwardAndExtract(Vgg16Model model, List<Job> jobs, List<CompletableFuture<List<Maps>>> results) {
        int perImage = jobs.get(0).input().length;
        float[] batch = new float[jobs.size() * perImage];
        for (int i = 0; i < jobs.size(); i++) {
            System.arraycopy(jobs.get(i).input(), 0, batch, i * perImage, perImage);
        }
        int deepest = jobs.stream().flatMap(j -> j.layers().stream()).mapToInt(Layer::index).max().orElseThrow();
        Set<Integer> wanted = jobs.stream().flatMap(j -> j.layers().stream()).map(Layer::index).collect(Collectors.toSet());
        try (NDManager pass = model.newRequestManager()) {
            Map<Integer, NDArray> outputs = model.forward(model.input(pass, batch, jobs.size()), deepest, wanted);
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                List<Maps> maps = new ArrayList<>();
                try (NDManager perJob = pass.newSubManager()) {
                    for (int l = 0; l < job.layers().size(); l++) {
                        Layer layer = job.layers().get(l);
                        int[] filters = job.filters().get(l);
                        FloatBuffer activations = channelsLast(perJob, outputs.get(layer.index()), i, filters, layer.channels());
                        maps.add(extract(layer, filters, activations, job.normalization()));
                    }
                } catch (RuntimeException e) {
                    results.get(i).completeExceptionally(e);
                    continue;
                }
                results.get(i).complete(maps);
            }
        }
    }

    /**
     * Image {@code i}'s maps {@code filters} of {@code output} ([N, C, H, W]) as [H·W, filters] floats, in the
     * tensor's own memory when it is laid out so (channels last, all maps), or else in a copy libtorch makes;
     * either lives until {@code perJob} closes.
     */
    private static FloatBuffer channelsLast(NDManager perJob, NDArray output, int i, int[] filters, int channels) {
        NDArray image = output.get(i);
        image.attach(perJob);
        NDArray selected = filters.length == channels ? image : image.get(new NDIndex("{}", perJob.create(filters)));
        return selected.transpose(1, 2, 0).toByteBuffer(true).asFloatBuffer();
    }

    /**
     * Statistics and grey levels of {@code activations} ([pixels, n] floats, channels last) in one pass per
     * group of channels, the groups in parallel. Levels come out map by map, row by row.
     */
    private static Maps extract(Layer layer, int[] filters, FloatBuffer activations, Normalization normalization) {
        int n = filters.length;
        int pixels = layer.height() * layer.width();
        float[] min = new float[n];
        float[] max = new float[n];
        float[] mean = new float[n];
        byte[] levels = new byte[n * pixels];
        boolean sigmoid = normalization == Normalization.SIGMOID;
        IntStream.range(0, (n + CHANNELS_PER_TASK - 1) / CHANNELS_PER_TASK).parallel().forEach(task -> {
            int from = task * CHANNELS_PER_TASK;
            int count = Math.min(n, from + CHANNELS_PER_TASK) - from;
            // The task's own accumulators: the shared arrays' cache lines straddle two tasks, and writing them
            // per value made the two cores take turns at them.
            float[] low = new float[count];
            float[] high = new float[count];
            double[] sum = new double[count];
            Arrays.fill(low, Float.POSITIVE_INFINITY);
            Arrays.fill(high, Float.NEGATIVE_INFINITY);
            for (int p = 0; p < pixels; p++) {
                int row = p * n + from;
                for (int c = 0; c < count; c++) {
                    float v = activations.get(row + c);
                    low[c] = Math.min(low[c], v);
                    high[c] = Math.max(high[c], v);
                    sum[c] += v;
                    if (sigmoid) {
                        levels[(from + c) * pixels + p] = (byte) SigmoidLevels.level(v);
                    }
                }
            }
            for (int c = 0; c < count; c++) {
                min[from + c] = low[c];
                max[from + c] = high[c];
                mean[from + c] = (float) (sum[c] / pixels);
                if (!sigmoid) {
                    minMax(activations, n, from + c, pixels, low[c], high[c], levels);
                }
            }
        });
        return new Maps(layer, filters, min, max, mean, levels);
    }

    /** round(255·(x − min)/(max − min)) in float arithmetic, as libtorch computed it; a constant map is mid grey. */
    private static void minMax(FloatBuffer activations, int n, int c, int pixels, float min, float max, byte[] levels) {
        float range = max - min;
        float constant = range == 0f ? 1f : 0f;
        for (int p = 0; p < pixels; p++) {
            float scaled = (activations.get(p * n + c) - min) / (range + constant) * 255f + constant * 128f;
            levels[c * pixels + p] = (byte) Math.rint(scaled);
        }
    }
}
