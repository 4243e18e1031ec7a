package io.featurelens.core;

import ai.djl.Device;
import io.featurelens.Goldens;
import io.featurelens.TestImages;
import io.featurelens.imaging.ImageDecoder;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.model.DemoWeights;
import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16;
import io.featurelens.model.Vgg16Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A batch gives every request exactly what it gets alone; a request that fails in a batch fails alone. */
class ExtractionTest {

    private static Vgg16Model model;
    private static List<Extraction.Job> jobs;

    @BeforeAll
    static void setUp() {
        model = new Vgg16Model(DemoWeights.generate(), Device.cpu());
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        float[] scene = Preprocessor.toChannelsLastInput(decoder.decode(Goldens.sceneImage()));
        float[] flat = Preprocessor.toChannelsLastInput(decoder.decode(TestImages.write(TestImages.flat(50, 80, 0x3366CC), "png")));
        float[] webp = Preprocessor.toChannelsLastInput(decoder.decode(TestImages.resource("images/scene-lossy.webp")));
        jobs = List.of(
                job(scene, List.of(Vgg16.layer(0)), List.of(new int[] {0, 1, 2, 3}), Normalization.SIGMOID),
                job(flat, List.of(Vgg16.layer(5)), List.of(all(Vgg16.layer(5))), Normalization.MINMAX),
                job(webp, List.of(Vgg16.layer(3), Vgg16.layer(15)), List.of(new int[] {7}, new int[] {0, 255}), Normalization.SIGMOID),
                job(scene, List.of(Vgg16.layer(29)), List.of(all(Vgg16.layer(29))), Normalization.SIGMOID));
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    @Test
    void aBatchOfMixedLayersEqualsEachRequestAlone() {
        List<List<Extraction.Maps>> alone = new ArrayList<>();
        for (Extraction.Job job : jobs) {
            alone.add(Extraction.run(model, List.of(job)).get(0).join());
        }
        List<CompletableFuture<List<Extraction.Maps>>> batched = Extraction.run(model, jobs);
        for (int i = 0; i < jobs.size(); i++) {
            assertSame(alone.get(i), batched.get(i).join(), "job " + i);
        }
        assertEquals(39, model.liveTensors(), "no tensor outlives the batch");
    }

    @Test
    void aRequestThatFailsInABatchFailsAlone() {
        List<Extraction.Job> withBadOne = new ArrayList<>(jobs);
        withBadOne.add(1, job(jobs.get(0).input(), List.of(Vgg16.layer(0)), List.of(new int[] {999}), Normalization.SIGMOID));
        List<CompletableFuture<List<Extraction.Maps>>> results = Extraction.run(model, withBadOne);
        assertThrows(CompletionException.class, () -> results.get(1).join());
        for (int i : new int[] {0, 2, 3, 4}) {
            Extraction.Job job = withBadOne.get(i);
            assertSame(Extraction.run(model, List.of(job)).get(0).join(), results.get(i).join(), "job " + i);
        }
        assertEquals(39, model.liveTensors());
    }

    @Test
    void eachJobsTemporariesAreFreedWhenThatJobIsDone() {
        List<Extraction.Job> four = List.of(jobs.get(0), jobs.get(0), jobs.get(0), jobs.get(0));
        List<Integer> liveWhenDone = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<CompletableFuture<List<Extraction.Maps>>> results = four.stream().map(j -> {
            CompletableFuture<List<Extraction.Maps>> result = new CompletableFuture<>();
            result.thenRun(() -> liveWhenDone.add(model.liveTensors()));
            return result;
        }).toList();
        Extraction.run(model, four, results);
        assertEquals(4, liveWhenDone.size());
        assertEquals(List.of(liveWhenDone.get(0), liveWhenDone.get(0), liveWhenDone.get(0), liveWhenDone.get(0)),
                liveWhenDone, "tensors alive as each job completes: the same for every job of a pass");
        assertEquals(39, model.liveTensors());
    }

    private static void assertSame(List<Extraction.Maps> expected, List<Extraction.Maps> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int l = 0; l < expected.size(); l++) {
            Extraction.Maps e = expected.get(l);
            Extraction.Maps a = actual.get(l);
            assertEquals(e.layer(), a.layer(), what);
            assertArrayEquals(e.filters(), a.filters(), what);
            assertArrayEquals(e.levels(), a.levels(), what + " " + e.layer().name() + ": grey levels, bit for bit");
            assertArrayEquals(e.min(), a.min(), what + " min");
            assertArrayEquals(e.max(), a.max(), what + " max");
            assertArrayEquals(e.mean(), a.mean(), what + " mean");
        }
    }

    private static Extraction.Job job(float[] input, List<Layer> layers, List<int[]> filters, Normalization n) {
        return new Extraction.Job(input, layers, filters, n);
    }

    private static int[] all(Layer layer) {
        return java.util.stream.IntStream.range(0, layer.channels()).toArray();
    }
}
