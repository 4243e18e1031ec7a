package io.featurelens.api;

import io.featurelens.core.FeatureService;
import io.featurelens.core.FirstKernels;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/kernels")
public class KernelsResource {

    private final FeatureService service;

    public KernelsResource(FeatureService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The 64 conv1_1 kernels (3x3 over RGB) as small RGB patches, with each kernel's raw weight range")
    public FirstKernels kernels() {
        return service.firstKernels();
    }
}
