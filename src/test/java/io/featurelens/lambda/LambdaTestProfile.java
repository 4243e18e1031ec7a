package io.featurelens.lambda;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The Lambda tests' application: Quarkus's mock event server on (it is off for the other tests, because
 * where it runs Quarkus points RestAssured's default port at it), S3Proxy, and an inline limit small
 * enough to reach with one layer.
 */
public class LambdaTestProfile implements QuarkusTestProfile {

    static final long MAX_INLINE_BYTES = 1_048_576;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.lambda.mock-event-server.enabled", "true",
                "featurelens.lambda.max-inline-bytes", Long.toString(MAX_INLINE_BYTES));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3ProxyServer.class));
    }
}
