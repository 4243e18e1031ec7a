package io.featurelens.lambda;

import java.util.stream.Collectors;

/**
 * Some records of a notification failed. Thrown once every record has been tried, so the invocation
 * fails: through SQS that lists the message in batchItemFailures, invoked directly by S3 or EventBridge it
 * makes Lambda retry the event and then hand it to the function's on-failure destination.
 */
public class RecordsFailedException extends RuntimeException {

    public RecordsFailedException(PipelineReport report) {
        super(message(report), null, false, false);
    }

    private static String message(PipelineReport report) {
        int total = report.written().size() + report.skipped().size() + report.failed().size();
        String failed = report.failed().stream().map(f -> f.source() + ": " + f.error())
                .collect(Collectors.joining("; "));
        String written = report.written().stream().map(w -> w.source() + " -> " + w.output())
                .collect(Collectors.joining("; "));
        return report.failed().size() + " of " + total + " records failed: " + failed
                + (written.isEmpty() ? "" : "; written: " + written);
    }
}
