package io.featurelens.api;

import io.featurelens.explain.ExplainService;
import io.featurelens.explain.ModelStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/model")
public class ModelResource {

    private final ExplainService service;

    public ModelResource(ExplainService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which weights are loaded, whether they are ImageNet-trained, on which device, and whether the classifier is loaded")
    public ModelStatus model() {
        return service.status();
    }
}
