package io.featurelens.lambda;

import io.featurelens.core.ReadyModel;
import io.featurelens.visualize.AtlasLayout;
import io.featurelens.visualize.FeatureVisualizer;
import io.featurelens.visualize.StepListener;
import io.featurelens.visualize.Visualization;
import io.featurelens.visualize.VisualizationSpec;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

import static io.featurelens.core.FeatureResult.Timings.millis;

/**
 * Renders a {@link VisualizeEvent}'s filters one after the other and writes each to S3 as soon as it is made,
 * as the atlas lays them out: {@code <prefix>/<layer>/filter-NNN.png} and {@code .json}. Writes are idempotent,
 * so a retried event rewrites the same objects.
 */
@ApplicationScoped
class AtlasBatch {

    private static final Logger LOG = Logger.getLogger(AtlasBatch.class);

    /** What was written. */
    record Report(String layer, List<Written> written, double totalMs) {
    }

    record Written(int filter, String png, String json, double meanActivation, double startActivation, double ms) {
    }

    private final WarmModel warm;
    private final ReadyModel model;
    private final S3Objects objects;

    AtlasBatch(WarmModel warm, ReadyModel model, S3Objects objects) {
        this.warm = warm;
        this.model = model;
        this.objects = objects;
    }

    Report render(VisualizeEvent event) {
        long start = System.nanoTime();
        S3Location folder = event.output();
        objects.checkAllowed(folder.bucket());
        warm.await();
        FeatureVisualizer visualizer = new FeatureVisualizer(model.get());
        List<Written> written = new ArrayList<>();
        for (VisualizationSpec spec : event.specs()) {
            long filterStart = System.nanoTime();
            Visualization made = visualizer.render(spec, StepListener.NONE);
            String png = folder.child(AtlasLayout.pngKey(spec.layer(), spec.filter())).key();
            String json = folder.child(AtlasLayout.jsonKey(spec.layer(), spec.filter())).key();
            objects.writePngs(folder.bucket(), List.of(StoredPng.of(png, made.png())));
            objects.writeJson(folder.bucket(), json, AtlasLayout.json(made));
            double ms = millis(System.nanoTime() - filterStart);
            written.add(new Written(spec.filter(), png, json, made.meanActivation(), made.startActivation(), ms));
            LOG.infof("visualize %s filter %d: %d steps in %.0f ms, written to s3://%s/%s", spec.layer().name(),
                    spec.filter(), spec.steps(), ms, folder.bucket(), png);
        }
        return new Report(event.specs().get(0).layer().name(), written, millis(System.nanoTime() - start));
    }
}
