package io.featurelens;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Tests leave the classifier out unless they ask for it with this profile (predict, explain). */
public class WithClassifier implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("featurelens.model.classifier", "true");
    }
}
