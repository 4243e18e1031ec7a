package io.featurelens.core;

import ai.djl.Device;
import io.featurelens.Goldens;
import io.featurelens.imaging.ImageDecoder;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.model.DemoWeights;
import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16;
import io.featurelens.model.Vgg16Model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Per-image cost of a batch against single passes, through the service's own extraction (forward pass,
 * statistics, grey levels; no PNGs). For each batch size N and round, in turn: N jobs one at a time
 * ("alone") and the N jobs through {@link Extraction#run} ("batched", as the micro-batcher runs them), alone first
 * in even rounds and batched first in odd ones, so that neither always runs on what the other left. Then,
 * in rounds of their own, the N jobs forced into a single forward pass ("one pass", how batches ran before):
 * a pass whose tensors outgrow glibc's 64 MiB arena heaps gets fresh mappings however malloc is set, and
 * leaves the arenas so that the passes after it fault their memory in again, so it is kept apart. Prints, per N, the
 * median and minimum per-image milliseconds of each, the ratios to "alone", and the median minor page faults per
 * image of each (memory the kernel mapped in afresh during the work). In package core because
 * Extraction is package-private. Run by bench/batch_cost.sh.
 *
 *     java ... io.featurelens.core.BatchCost [layer=3] [rounds=8] [sizes=2,4,8]
 */
public final class BatchCost {

    private BatchCost() {
    }

    public static void main(String[] args) {
        Layer layer = Vgg16.layer(args.length > 0 ? Integer.parseInt(args[0]) : 3);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int[] sizes = args.length > 2 ? java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {2, 4, 8};
        float[] input = Preprocessor.toChannelsLastInput(new ImageDecoder(40_000_000).decode(Goldens.sceneImage()));
        Extraction.Job job = new Extraction.Job(input, List.of(layer),
                List.of(IntStream.range(0, layer.channels()).toArray()), Normalization.SIGMOID);
        Map<String, List<Double>> perImage = new TreeMap<>();
        try (Vgg16Model model = new Vgg16Model(DemoWeights.generate(), Device.cpu())) {
            for (int round = -1; round < rounds; round++) {
                for (int n : sizes) {
                    List<Extraction.Job> jobs = Collections.nCopies(n, job);
                    Runnable oneByOne = () -> jobs.forEach(j -> Extraction.run(model, List.of(j)).get(0).join());
                    Runnable together = () -> Extraction.run(model, jobs).forEach(CompletableFuture::join);
                    boolean aloneFirst = round % 2 == 0;
                    Measured first = measure(aloneFirst ? oneByOne : together);
                    Measured second = measure(aloneFirst ? together : oneByOne);
                    Measured alone = aloneFirst ? first : second;
                    Measured batched = aloneFirst ? second : first;
                    if (round >= 0) {
                        alone.addTo(perImage, n + " alone", n);
                        batched.addTo(perImage, n + " batched", n);
                    }
                }
            }
            for (int round = -1; round < rounds; round++) {
                for (int n : sizes) {
                    List<Extraction.Job> jobs = Collections.nCopies(n, job);
                    Measured onePass = measure(() -> {
                        List<CompletableFuture<List<Extraction.Maps>>> results = new ArrayList<>();
                        jobs.forEach(j -> results.add(new CompletableFuture<>()));
                        Extraction.runPass(model, jobs, results);
                        results.forEach(CompletableFuture::join);
                    });
                    if (round >= 0) {
                        onePass.addTo(perImage, n + " one pass", n);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s, %d rounds, images per pass on this device: %d%n", layer.name(), rounds,
                    model.imagesPerPass());
        }
        System.out.println("| N | alone, ms/image median (min) | batched | one pass of N | batched / alone, medians (mins) | one pass / alone "
                + "| page faults per image, median: alone / batched / one pass |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---|");
        for (int n : sizes) {
            List<Double> alone = perImage.get(n + " alone");
            List<Double> batched = perImage.get(n + " batched");
            List<Double> onePass = perImage.get(n + " one pass");
            System.out.printf(Locale.ROOT, "| %d | %.1f (%.1f) | %.1f (%.1f) | %.1f (%.1f) | %.2f (%.2f) | %.2f (%.2f) | %.0f / %.0f / %.0f |%n", n,
                    median(alone), min(alone), median(batched), min(batched), median(onePass), min(onePass),
                    median(batched) / median(alone), min(batched) / min(alone),
                    median(onePass) / median(alone), min(onePass) / min(alone),
                    median(perImage.get(n + " alone faults")), median(perImage.get(n + " batched faults")),
                    median(perImage.get(n + " one pass faults")));
        }
    }

    /** Milliseconds and the process's minor page faults (memory the kernel had to map in) of one piece of work. */
    private record Measured(double ms, long faults) {

        /** Adds the per-image figures of work done for {@code images} images under {@code key} and {@code key + " faults"}. */
        void addTo(Map<String, List<Double>> perImage, String key, int images) {
            perImage.computeIfAbsent(key, k -> new ArrayList<>()).add(ms / images);
            perImage.computeIfAbsent(key + " faults", k -> new ArrayList<>()).add((double) faults / images);
        }
    }

    private static Measured measure(Runnable work) {
        long faults = minorFaults();
        long start = System.nanoTime();
        work.run();
        return new Measured((System.nanoTime() - start) / 1e6, minorFaults() - faults);
    }

    /** Field 10 of /proc/self/stat, minflt. */
    private static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double min(List<Double> values) {
        return Collections.min(values);
    }
}
