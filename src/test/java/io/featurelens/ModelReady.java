package io.featurelens;

import io.restassured.RestAssured;

/**
 * Blocks until {@code /q/health/ready} reports the model loaded, and the classifier, which loads after
 * the features, is no longer loading: tests then run on an idle machine, not beside the classifier's load.
 */
public final class ModelReady {

    private ModelReady() {
    }

    public static void await() {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (RestAssured.get("/q/health/ready").statusCode() != 200
                || "loading".equals(RestAssured.get("/api/model").jsonPath().getString("classifier"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the model did not load within 120 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
