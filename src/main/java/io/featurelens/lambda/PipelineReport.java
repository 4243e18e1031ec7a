package io.featurelens.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.featurelens.explain.Prediction;

import java.util.List;

/** What the function did with each record of an S3 notification. */
public record PipelineReport(List<Written> written, List<Skipped> skipped, List<Failed> failed) {

    /**
     * An image whose maps and montages are now under {@code output}; {@code gradcam} only when the pipeline
     * writes the Grad-CAM overlay.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Written(String source, String output, List<String> layers, int maps, List<MontageWritten> montages,
                          GradcamWritten gradcam, double totalMs) {
    }

    /** A layer's montage: its key and how many times its maps are enlarged (as the API's X-Montage-Magnification). */
    public record MontageWritten(String layer, String key, int magnification) {
    }

    /** The Grad-CAM overlay's key and the class it explains (the top one). */
    public record GradcamWritten(String key, @JsonProperty("class") Prediction explainedClass) {
    }

    public record Skipped(String source, String reason) {
    }

    public record Failed(String source, String error) {
    }
}
