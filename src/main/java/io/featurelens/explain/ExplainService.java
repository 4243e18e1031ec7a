package io.featurelens.explain;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.featurelens.FeatureLensConfig;
import io.featurelens.core.Admission;
import io.featurelens.core.FeatureResult.Timings;
import io.featurelens.core.FeatureService;
import io.featurelens.core.ImageIntake;
import io.featurelens.core.ReadyModel;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.core.Text;
import io.featurelens.imaging.ColorMap;
import io.featurelens.imaging.Levels;
import io.featurelens.imaging.Overlay;
import io.featurelens.imaging.PngEncoder;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.imaging.RgbImage;
import io.featurelens.model.GradientPass;
import io.featurelens.model.Vgg16Network;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Predictions and explanations: image bytes in, the top classes, or a picture of which pixels made the
 * network decide. Predictions are forward passes and share the feature maps' admission. Explanations need
 * gradients, which DJL computes for one request at a time in the whole process ({@link GradientPass}), so
 * they have an admission of their own with one turn: a request waits for it (queue and wait bounded as
 * for the maps) instead of tripping DJL's one-collector rule, and the maps keep their own turns meanwhile.
 */
@ApplicationScoped
public class ExplainService {

    public static final int DEFAULT_TOP = 5;

    private static final Logger LOG = Logger.getLogger(ExplainService.class);
    private static final ColorMap OVERLAY_COLORS = ColorMap.VIRIDIS;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ReadyModel ready;
    private final FeatureService features;
    private final ImageIntake intake;
    private final Admission gradients;

    public ExplainService(ReadyModel ready, FeatureService features, FeatureLensConfig config) {
        this.ready = ready;
        this.features = features;
        this.intake = new ImageIntake(config.limits().maxPixels(), config.limits().maxImageSize().asLongValue());
        this.gradients = new Admission(1, config.limits().maxQueued(), config.limits().maxWait());
    }

    /**
     * At shutdown, before FeatureService frees the model (it stops at the default priority, after this): stops
     * taking explanations and waits for those admitted. Only if this service was ever used.
     */
    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event)
            throws InterruptedException {
        if (!gradients.drain(STOP_TIMEOUT)) {
            LOG.warnf("Explanations still running %d s after shutdown began", STOP_TIMEOUT.toSeconds());
        }
    }

    public ModelStatus status() {
        return ModelStatus.of(ready.info(), ready.classifierStatus());
    }

    /** The {@code top} (1–1000, blank: 5) most likely classes. */
    public PredictResult predict(byte[] image, String top) {
        int count = parseTop(top);
        long start = System.nanoTime();
        float[] input = Preprocessor.toChannelsFirstInput(Preprocessor.resized(intake.decode(image)));
        Vgg16Network network = ready.network();
        long decoded = System.nanoTime();
        float[] logits;
        try (Admission.Turn turn = features.admission().enter(); NDManager manager = network.features().newRequestManager()) {
            logits = network.logits(manager.create(input, new Shape(1, 3, Preprocessor.SIZE, Preprocessor.SIZE))).toFloatArray();
        }
        long computed = System.nanoTime();
        return new PredictResult(ready.info(network.features()), Prediction.top(logits, count),
                new Timings(Timings.millis(decoded - start), Timings.millis(computed - decoded), 0,
                        Timings.millis(System.nanoTime() - start)));
    }

    public ExplainResult explain(ExplainRequest request) {
        long start = System.nanoTime();
        RgbImage seen = Preprocessor.resized(intake.decode(request.image()));
        float[] input = Preprocessor.toChannelsFirstInput(seen);
        Vgg16Network network = ready.network();
        long decoded = System.nanoTime();
        Attribution attribution;
        ExplainResult.TargetView target;
        try (Admission.Turn turn = gradients.enter();
             NDManager manager = network.features().newRequestManager();
             GradientPass pass = GradientPass.open()) {
            Explained explained = new Explained(network, pass, manager, input, request.target(), request.layer());
            attribution = request.method().attribute(explained);
            target = request.target() instanceof Target.FilterOf of
                    ? new ExplainResult.TargetView(null, new ExplainResult.FilterView(of.layer(), of.filter()))
                    : new ExplainResult.TargetView(Prediction.of(explained.logits(), explained.explainedClass()), null);
        }
        long computed = System.nanoTime();
        int size = Preprocessor.SIZE;
        ExplainResult.Picture image;
        ExplainResult.Picture overlay = null;
        if (attribution instanceof Attribution.Cam cam) {
            byte[] levels = Levels.unit(cam.map());
            image = new ExplainResult.Picture(PngEncoder.grey(levels, size, size), size, size);
            overlay = new ExplainResult.Picture(PngEncoder.rgb(Overlay.blend(seen, levels, OVERLAY_COLORS)), size, size);
        } else {
            float[] values = ((Attribution.PerPixel) attribution).values();
            image = new ExplainResult.Picture(PngEncoder.rgb(Levels.minMaxRgb(values, size, size)), size, size);
        }
        long rendered = System.nanoTime();
        return new ExplainResult(ready.info(network.features()), request.method().id(), target,
                request.layer(), image, overlay, new Timings(Timings.millis(decoded - start),
                Timings.millis(computed - decoded), Timings.millis(rendered - computed), Timings.millis(rendered - start)));
    }

    static int parseTop(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_TOP;
        }
        String v = value.trim();
        int top = v.matches("\\d{1,9}") ? Integer.parseInt(v) : -1;
        if (top < 1 || top > 1000) {
            throw RejectedRequestException.badRequest("top '" + Text.clip(v) + "' is not a number from 1 to 1000");
        }
        return top;
    }
}
