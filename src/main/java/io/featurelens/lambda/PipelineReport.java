package io.featurelens.lambda;

import java.util.List;

/** What the function did with each record of an S3 notification. */
public record PipelineReport(List<Written> written, List<Skipped> skipped, List<Failed> failed) {

    /** An image whose maps and montages are now under {@code output}. */
    public record Written(String source, String output, List<String> layers, int maps, double totalMs) {
    }

    public record Skipped(String source, String reason) {
    }

    public record Failed(String source, String error) {
    }
}
