package io.featurelens.api;

import io.featurelens.core.KernelView;
import io.featurelens.core.FirstKernels;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/kernels")
@Tag(name = ApiDocument.MODEL_TAG)
@APIResponse(responseCode = "406", ref = ApiDocument.NOT_ACCEPTABLE)
@APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
@APIResponse(responseCode = "500", ref = ApiDocument.INTERNAL_ERROR)
public class KernelsResource {

    private final KernelView kernels;

    public KernelsResource(KernelView kernels) {
        this.kernels = kernels;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The 64 kernels in filter order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FirstKernels.class)))
    @Operation(summary = "The 64 conv1_1 kernels (3x3 over RGB) as small RGB patches, with each kernel's raw weight range")
    public FirstKernels kernels() {
        return kernels.firstKernels();
    }
}
