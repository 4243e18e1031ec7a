package io.featurelens.api;

import io.featurelens.core.FeatureService;
import io.featurelens.core.ModelInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/model")
public class ModelResource {

    private final FeatureService service;

    public ModelResource(FeatureService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which weights are loaded, whether they are ImageNet-trained, and on which device")
    public ModelInfo model() {
        return service.modelInfo();
    }
}
