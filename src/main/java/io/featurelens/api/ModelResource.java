package io.featurelens.api;

import io.featurelens.explain.ExplainService;
import io.featurelens.explain.ModelStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/model")
@Tag(name = ApiDocument.MODEL_TAG)
@APIResponse(responseCode = "406", ref = ApiDocument.NOT_ACCEPTABLE)
@APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
@APIResponse(responseCode = "500", ref = ApiDocument.INTERNAL_ERROR)
public class ModelResource {

    private final ExplainService service;

    public ModelResource(ExplainService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The loaded network and weights, and whether the classifier is there",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelStatus.class)))
    @Operation(summary = "Which weights are loaded, whether they are ImageNet-trained, on which device, and whether the classifier is loaded")
    public ModelStatus model() {
        return service.status();
    }
}
