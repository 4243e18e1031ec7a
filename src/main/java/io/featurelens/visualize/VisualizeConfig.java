package io.featurelens.visualize;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the visualisation jobs ({@link VisualizationJobs}). */
@ConfigMapping(prefix = "featurelens.visualize")
public interface VisualizeConfig {

    /** Jobs that may wait for their turn; one more is refused with 503 and Retry-After. */
    @WithDefault("16")
    int queueSize();

    /**
     * Jobs rendered at once. Each backward pass holds the process-wide gradient lock (one DJL
     * GradientCollector per JVM), so more than one only overlaps their forward work.
     */
    @WithDefault("1")
    int concurrency();

    /** Largest size of the visualisations kept on disk under featurelens.model.cache-dir; the oldest go first. */
    @WithDefault("256M")
    MemorySize cacheSize();

    /** Every how many steps a job's events carry a preview image. */
    @WithDefault("8")
    int previewEvery();
}
