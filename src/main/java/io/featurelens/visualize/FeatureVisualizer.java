package io.featurelens.visualize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.featurelens.imaging.PngEncoder;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.imaging.RgbImage;
import io.featurelens.model.GradientPass;
import io.featurelens.model.Vgg16Model;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Feature visualisation by Lucid's recipe: the picture that makes one filter fire most, on average over its map.
 * From a random spectrum ({@link FourierImage}), every step draws Lucid's transforms ({@link Robustness}),
 * normalises with ImageNet's mean and standard deviation, runs the network up to the filter's layer and takes one
 * Adam step (learning rate 0.05) up the gradient of the map's mean with respect to the spectrum.
 *
 * <p>One generator seeded with the spec's seed draws the start, then each step's transforms, so a spec always
 * gives the same bytes. Each step holds the process's {@link GradientPass} only for its own forward and backward
 * pass, so explanations and other renders take turns with it between steps instead of waiting minutes for a whole
 * render. Each step's tensors live in a manager of their own, closed at the step's end; the spectrum and Adam's
 * moments live in the render's, so native memory stays flat over any number of steps. A render whose thread is
 * interrupted stops before its next step with a {@link CancellationException}.
 */
public final class FeatureVisualizer {

    static final float LEARNING_RATE = 0.05f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final Vgg16Model model;

    public FeatureVisualizer(Vgg16Model model) {
        this.model = model;
    }

    public Visualization render(VisualizationSpec spec, StepListener listener) {
        int size = VisualizationSpec.SIZE;
        try (NDManager render = model.newRequestManager(); FourierImage fourier = new FourierImage(render, size, size)) {
            Random random = new Random(spec.seed());
            Robustness robustness = new Robustness();
            Shape shape = fourier.spectrumShape();
            NDArray spectrum = render.create(fourier.randomSpectrum(random), shape);
            byte[] start = pixels(fourier, spectrum);
            NDArray m = render.zeros(shape);
            NDArray v = render.zeros(shape);
            NDArray mean = render.create(MEAN, new Shape(1, 3, 1, 1));
            NDArray std = render.create(STD, new Shape(1, 3, 1, 1));
            for (int t = 1; t <= spec.steps(); t++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("stopped after " + (t - 1) + " of " + spec.steps() + " steps");
                }
                try (NDManager step = model.newRequestManager()) {
                    for (NDArray persistent : new NDArray[] {spectrum, m, v}) {
                        persistent.tempAttach(step);
                    }
                    NDArray gradient;
                    try (GradientPass pass = GradientPass.open()) {
                        NDArray leaf = pass.leaf(spectrum);
                        leaf.attach(step);
                        NDArray image = robustness.apply(fourier.rgb(leaf), random);
                        NDArray x = image.sub(mean).div(std);
                        gradient = pass.gradient(leaf, objective(x, spec));
                    }
                    m.muli(BETA1).addi(gradient.mul(1 - BETA1));
                    v.muli(BETA2).addi(gradient.square().muli(1 - BETA2));
                    double correction1 = 1 - Math.pow(BETA1, t);
                    double correction2 = 1 - Math.pow(BETA2, t);
                    NDArray denominator = v.sqrt().divi((float) Math.sqrt(correction2)).addi(EPSILON);
                    spectrum.addi(m.div(denominator).muli((float) (LEARNING_RATE / correction1)));
                }
                int done = t;
                listener.onStep(done, spec.steps(), () -> PngEncoder.rgb(new RgbImage(size, size, pixels(fourier, spectrum))));
            }
            byte[] last = pixels(fourier, spectrum);
            return new Visualization(spec, PngEncoder.rgb(new RgbImage(size, size, last)), size, size,
                    activation(spec, last), activation(spec, start));
        }
    }

    /** The mean of the filter's map at the spec's layer, for {@code x} ([1, 3, h, w], normalised). */
    private NDArray objective(NDArray x, VisualizationSpec spec) {
        return model.filterMap(x, spec.layer().index(), spec.filter()).mean();
    }

    /** The current picture, rounded to 8 bits, RGB row by row. */
    private static byte[] pixels(FourierImage fourier, NDArray spectrum) {
        try (NDManager scratch = spectrum.getManager().newSubManager()) {
            spectrum.tempAttach(scratch);
            return toPixels(fourier.rgb(spectrum).toFloatArray(), VisualizationSpec.SIZE * VisualizationSpec.SIZE);
        }
    }

    static byte[] toPixels(float[] chw, int plane) {
        byte[] hwc = new byte[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                hwc[3 * i + c] = (byte) Math.round(Math.min(1f, Math.max(0f, chw[c * plane + i])) * 255f);
            }
        }
        return hwc;
    }

    /** The filter's mean activation for an 8-bit picture through the feature maps' path: /255, mean/std, forward. */
    private double activation(VisualizationSpec spec, byte[] pixels) {
        int size = VisualizationSpec.SIZE;
        try (NDManager request = model.newRequestManager()) {
            NDArray input = model.input(request, Preprocessor.toChannelsLastInput(new RgbImage(size, size, pixels)), 1);
            Map<Integer, NDArray> out = model.forward(input, spec.layer().index(), Set.of(spec.layer().index()));
            return out.get(spec.layer().index()).get(new NDIndex(":, {}", spec.filter())).mean().getFloat();
        }
    }
}
