package io.featurelens.api;

import io.featurelens.core.KernelView;
import io.featurelens.core.FirstKernels;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/kernels")
public class KernelsResource {

    private final KernelView kernels;

    public KernelsResource(KernelView kernels) {
        this.kernels = kernels;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The 64 conv1_1 kernels (3x3 over RGB) as small RGB patches, with each kernel's raw weight range")
    public FirstKernels kernels() {
        return kernels.firstKernels();
    }
}
