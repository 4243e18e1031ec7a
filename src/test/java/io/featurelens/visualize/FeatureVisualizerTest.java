package io.featurelens.visualize;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.featurelens.TestImages;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.imaging.ImageDecoder;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.imaging.RgbImage;
import io.featurelens.model.DemoWeights;
import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16;
import io.featurelens.model.Vgg16Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renders on the demo weights: the objective rises, a seed gives one picture, memory stays flat, specs are checked. */
class FeatureVisualizerTest {

    private static final List<String> PHOTOS = List.of("photo-srgb.jpg", "photo-display-p3.jpg", "photo-cmyk.jpg",
            "photo-rgb16.tif", "photo-adobe-rgb.png");

    private static Vgg16Model model;

    @BeforeAll
    static void load() {
        model = new Vgg16Model(DemoWeights.generate(), Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void anInterruptedRenderStopsBeforeItsNextStep() {
        Thread.currentThread().interrupt();
        try {
            CancellationException stopped = assertThrows(CancellationException.class, () -> new FeatureVisualizer(model)
                    .render(VisualizationSpec.of(Vgg16.layer(1), 0, 5, 0L), StepListener.NONE));
            assertEquals("stopped after 0 of 5 steps", stopped.getMessage());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theFiltersActivationRisesToTwiceTheStartAndAboveEveryTestPhoto() {
        Layer relu11 = Vgg16.byName("relu1_1").orElseThrow();
        int filter = 2;
        Visualization v = new FeatureVisualizer(model).render(VisualizationSpec.of(relu11, filter, 32, 0L), StepListener.NONE);
        assertTrue(v.startActivation() > 0, "a start the filter answers: " + v.startActivation());
        assertTrue(v.meanActivation() >= 2 * v.startActivation(), "start " + v.startActivation() + ", end " + v.meanActivation());
        for (String photo : PHOTOS) {
            double photoMean = photoActivation(photo, relu11, filter);
            assertTrue(v.meanActivation() > photoMean, photo + " gives " + photoMean + ", the visualisation " + v.meanActivation());
        }
        assertEquals(VisualizationSpec.SIZE, v.width());
        assertEquals(VisualizationSpec.SIZE, v.height());
    }

    @Test
    void aSeedGivesOnePictureAndAnotherSeedAnother() throws IOException {
        Layer conv11 = Vgg16.byName("conv1_1").orElseThrow();
        FeatureVisualizer visualizer = new FeatureVisualizer(model);
        int before = model.liveTensors();
        List<Integer> steps = new ArrayList<>();
        List<byte[]> previews = new ArrayList<>();
        List<Integer> liveAfterStep = new ArrayList<>();
        Visualization first = visualizer.render(VisualizationSpec.of(conv11, 5, 3, 7L), (done, total, preview) -> {
            liveAfterStep.add(model.liveTensors());
            steps.add(done);
            assertEquals(3, total);
            previews.add(preview.get());
        });
        Visualization again = visualizer.render(VisualizationSpec.of(conv11, 5, 3, 7L), StepListener.NONE);
        Visualization other = visualizer.render(VisualizationSpec.of(conv11, 5, 3, 8L), StepListener.NONE);
        assertEquals(before, model.liveTensors(), "every tensor of the renders is freed");
        int perRender = 5 + 3;
        assertEquals(List.of(before + perRender, before + perRender, before + perRender), liveAfterStep,
                "between steps only the render's own tensors live (spectrum, Adam's two moments, mean and std, the "
                        + "Fourier scale, colour matrix and imaginary unit): no step leaves any behind");
        assertArrayEquals(first.png(), again.png(), "same seed, same bytes");
        assertEquals(first.meanActivation(), again.meanActivation());
        assertFalse(java.util.Arrays.equals(first.png(), other.png()), "another seed, another picture");
        assertEquals(List.of(1, 2, 3), steps);
        assertArrayEquals(first.png(), previews.get(2), "the last preview is the result");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(first.png()));
        assertEquals(VisualizationSpec.SIZE, png.getWidth());
        assertEquals(VisualizationSpec.SIZE, png.getHeight());
        assertEquals(first.meanActivation(), photoActivation(decode(first.png()), conv11, 5), 1e-6,
                "the PNG fed back gives the activation reported");
    }

    @Test
    void aWrongSpecIsABadRequestNamingTheProblem() {
        Layer conv11 = Vgg16.byName("conv1_1").orElseThrow();
        RejectedRequestException filter = assertThrows(RejectedRequestException.class, () -> VisualizationSpec.of(conv11, 64, null, null));
        assertEquals(400, filter.status());
        assertTrue(filter.getMessage().contains("filter 64 is out of range: conv1_1 has 64 filters (0-63)"), filter.getMessage());
        RejectedRequestException steps = assertThrows(RejectedRequestException.class, () -> VisualizationSpec.of(conv11, 0, 0, null));
        assertTrue(steps.getMessage().contains("steps 0 is out of range: use 1-" + VisualizationSpec.MAX_STEPS), steps.getMessage());
        assertThrows(RejectedRequestException.class, () -> VisualizationSpec.of(conv11, -1, null, null));
        assertThrows(RejectedRequestException.class, () -> VisualizationSpec.of(conv11, 0, VisualizationSpec.MAX_STEPS + 1, null));
        VisualizationSpec defaults = VisualizationSpec.of(conv11, 63, null, null);
        assertEquals(new VisualizationSpec(conv11, 63, 256, 0L), defaults);
    }

    @Test
    void anAtlasKeepsEachFilterUnderItsLayer() {
        Layer relu33 = Vgg16.byName("relu3_3").orElseThrow();
        assertEquals("relu3_3/filter-007.png", AtlasLayout.pngKey(relu33, 7));
        assertEquals("relu3_3/filter-255.json", AtlasLayout.jsonKey(relu33, 255));
        Visualization v = new Visualization(VisualizationSpec.of(relu33, 7, 16, 3L), new byte[0], 224, 224, 1.5, 0.25);
        assertEquals("{\"layer\":\"relu3_3\",\"layerIndex\":15,\"filter\":7,\"steps\":16,\"seed\":3,\"width\":224,\"height\":224,"
                + "\"activation\":{\"mean\":1.5,\"start\":0.25}}", new String(AtlasLayout.json(v), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static RgbImage decode(byte[] bytes) {
        return new ImageDecoder(100_000_000L).decode(bytes);
    }

    private static double photoActivation(String photo, Layer layer, int filter) {
        return photoActivation(Preprocessor.resized(decode(TestImages.resource("images/" + photo))), layer, filter);
    }

    /** The filter's mean activation through the feature maps' path: resize, /255, mean/std, forward. */
    private static double photoActivation(RgbImage image, Layer layer, int filter) {
        try (NDManager request = model.newRequestManager()) {
            NDArray input = model.input(request, Preprocessor.toChannelsLastInput(image), 1);
            NDArray out = model.forward(input, layer.index(), Set.of(layer.index())).get(layer.index());
            return out.get(new NDIndex(":, {}", filter)).mean().getFloat();
        }
    }
}
