package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.core.FeatureRequest;
import io.featurelens.core.FeatureResult;
import io.featurelens.core.FeatureService;
import io.featurelens.core.FilterSelection;
import io.featurelens.core.Normalization;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.explain.ExplainRequest;
import io.featurelens.explain.ExplainResult;
import io.featurelens.explain.ExplainService;
import io.featurelens.model.Layer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.featurelens.core.FeatureResult.Timings.millis;

/**
 * For each image an S3 notification announces: read it, compute the configured layers, and write every
 * map and a montage per layer to {@code <output prefix>/<image key>/}, and, if configured, the Grad-CAM
 * overlay of the top class as {@code gradcam-overlay.png} beside them. A record that fails is logged and
 * does not stop the others; images under the output prefix are never read, so input and output can
 * share a bucket without a loop.
 */
@ApplicationScoped
public class ObjectCreatedPipeline {

    private static final Logger LOG = Logger.getLogger(ObjectCreatedPipeline.class);

    /** The overlay's file name in an image's folder. */
    static final String GRADCAM_OVERLAY = "gradcam-overlay.png";

    private final FeatureService service;
    private final ExplainService explainer;
    private final S3Objects objects;
    private final WarmModel model;
    private final FeatureRequest request;
    private final List<String> layerNames;
    private final Optional<String> outputBucket;
    private final String outputPrefix;
    private final boolean gradcamOverlay;

    public ObjectCreatedPipeline(FeatureService service, ExplainService explainer, S3Objects objects, WarmModel model,
                                 LambdaConfig config) {
        this.service = service;
        this.explainer = explainer;
        this.objects = objects;
        this.model = model;
        LambdaConfig.Pipeline settings = config.pipeline();
        try {
            List<Layer> layers = settings.layers().stream().map(FeatureRequest::parseLayer).distinct().toList();
            this.request = new FeatureRequest(null, layers, FilterSelection.parse(settings.filters()),
                    Normalization.parse(settings.normalize()), FeatureRequest.parseColorMap(settings.colormap()),
                    Set.of(FeatureRequest.Output.MAPS, FeatureRequest.Output.MONTAGE));
            this.layerNames = layers.stream().map(Layer::name).toList();
        } catch (RejectedRequestException e) {
            throw new IllegalStateException("featurelens.lambda.pipeline: " + e.getMessage(), e);
        }
        this.outputBucket = settings.outputBucket();
        this.outputPrefix = settings.outputPrefix();
        this.gradcamOverlay = settings.gradcamOverlay();
    }

    /** Processes every record; throws {@link RecordsFailedException} at the end if any failed. */
    public PipelineReport process(JsonNode notification) {
        List<PipelineReport.Written> written = new ArrayList<>();
        List<PipelineReport.Skipped> skipped = new ArrayList<>();
        List<PipelineReport.Failed> failed = new ArrayList<>();
        for (ObjectCreatedNotifications.Item item : ObjectCreatedNotifications.items(notification)) {
            if (item instanceof ObjectCreatedNotifications.Item.Created created) {
                S3Location image = created.object();
                S3Location output = new S3Location(outputBucket.orElse(image.bucket()), outputPrefix).normalized();
                if (output.contains(image)) {
                    LOG.infof("Skipping %s: it is under the output prefix %s/", image, output);
                    skipped.add(new PipelineReport.Skipped(image.toString(), "under the output prefix " + output + "/"));
                    continue;
                }
                try {
                    written.add(process(image, output.child(image.key())));
                } catch (RejectedRequestException e) {
                    LOG.errorf("Record %s failed: %s", image, e.getMessage());
                    failed.add(new PipelineReport.Failed(image.toString(), e.getMessage()));
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Record %s failed unexpectedly", image);
                    failed.add(new PipelineReport.Failed(image.toString(), "internal error (" + e.getClass().getSimpleName() + ")"));
                }
            } else if (item instanceof ObjectCreatedNotifications.Item.Ignored ignored) {
                LOG.infof("Skipping %s: %s", ignored.source(), ignored.reason());
                skipped.add(new PipelineReport.Skipped(ignored.source(), ignored.reason()));
            } else if (item instanceof ObjectCreatedNotifications.Item.Malformed malformed) {
                LOG.errorf("Record %s failed: %s", malformed.source(), malformed.error());
                failed.add(new PipelineReport.Failed(malformed.source(), malformed.error()));
            }
        }
        PipelineReport report = new PipelineReport(written, skipped, failed);
        if (!failed.isEmpty()) {
            throw new RecordsFailedException(report);
        }
        return report;
    }

    private PipelineReport.Written process(S3Location image, S3Location folder) {
        long start = System.nanoTime();
        byte[] bytes = objects.read(image);
        long read = System.nanoTime();
        model.await();
        FeatureResult result = service.compute(request.withImage(bytes));
        List<StoredPng> pngs = new ArrayList<>(MapKeys.objects(folder, result));
        PipelineReport.GradcamWritten gradcam = null;
        if (gradcamOverlay) {
            model.awaitNetwork();
            ExplainResult explained = explainer.explain(ExplainRequest.parse(bytes, null, null, null, null));
            String key = folder.child(GRADCAM_OVERLAY).key();
            pngs.add(StoredPng.of(key, explained.overlay().png()));
            gradcam = new PipelineReport.GradcamWritten(key, explained.target().explainedClass());
        }
        long computed = System.nanoTime();
        objects.writePngs(folder.bucket(), pngs);
        long end = System.nanoTime();
        int maps = result.layers().stream().mapToInt(l -> l.maps().size()).sum();
        LOG.infof("%s -> %s/: %d maps of %s%s in %.1f ms (read %.1f, decode %.1f, forward %.1f, render %.1f, write %.1f)",
                image, folder, maps, layerNames, gradcam == null ? "" : " and the Grad-CAM overlay", millis(end - start),
                millis(read - start), result.timings().decode(), result.timings().forward(), result.timings().render(),
                millis(end - computed));
        List<PipelineReport.MontageWritten> montages = result.layers().stream()
                .map(l -> new PipelineReport.MontageWritten(l.layer().name(), MapKeys.montage(folder, l.layer()).key(),
                        MapKeys.magnification(l.layer())))
                .toList();
        return new PipelineReport.Written(image.toString(), folder + "/", layerNames, maps, montages, gradcam,
                millis(end - start));
    }
}
