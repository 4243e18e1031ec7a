package io.featurelens.api;

import io.featurelens.model.ModelHolder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the weights are loaded into the engine. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    private final ModelHolder holder;

    public ModelReadiness(ModelHolder holder) {
        this.holder = holder;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("vgg16").status(holder.isReady()).build();
    }
}
