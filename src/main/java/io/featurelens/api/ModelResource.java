package io.featurelens.api;

import io.featurelens.core.ReadyModel;
import io.featurelens.core.ModelInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/model")
public class ModelResource {

    private final ReadyModel model;

    public ModelResource(ReadyModel model) {
        this.model = model;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which weights are loaded, whether they are ImageNet-trained, and on which device")
    public ModelInfo model() {
        return model.info();
    }
}
