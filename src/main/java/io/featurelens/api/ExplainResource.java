package io.featurelens.api;

import io.featurelens.explain.ExplainRequest;
import io.featurelens.explain.ExplainResult;
import io.featurelens.explain.ExplainService;
import io.featurelens.explain.PredictResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** What VGG16 thinks the image is, and which pixels made it think so. */
@Path("/api")
@Consumes(MediaType.MULTIPART_FORM_DATA)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocument.EXPLAIN_TAG)
@APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
@APIResponse(responseCode = "406", ref = ApiDocument.NOT_ACCEPTABLE)
@APIResponse(responseCode = "409", ref = ApiDocument.NO_CLASSIFIER)
@APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
@APIResponse(responseCode = "415", ref = ApiDocument.UNSUPPORTED)
@APIResponse(responseCode = "422", ref = ApiDocument.UNPROCESSABLE)
@APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
@APIResponse(responseCode = "500", ref = ApiDocument.INTERNAL_ERROR)
public class ExplainResource {

    private final ExplainService service;

    public ExplainResource(ExplainService service) {
        this.service = service;
    }

    @POST
    @Path("/predict")
    @Operation(operationId = "predict", summary = "The classes VGG16 sees in an image",
            description = "The most likely ImageNet classes, highest first: probability is the softmax of the logits.")
    @RequestBody(ref = ApiDocument.PREDICT_FORM)
    @APIResponse(responseCode = "200", description = "The top classes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictResult.class)))
    public PredictResult predict(@RestForm("image") FileUpload image, @RestForm String top) {
        return service.predict(Uploads.bytes(image), top);
    }

    @POST
    @Path("/explain")
    @Operation(operationId = "explain", summary = "Which pixels made VGG16 decide",
            description = "A picture of what made a class's logit (or one filter's activations) high: Grad-CAM and "
                    + "LayerCAM weigh a layer's maps (grey map plus an overlay on the input); guided backprop, saliency, "
                    + "integrated gradients and SmoothGrad trace it back to input pixels (colour); guided Grad-CAM multiplies "
                    + "guided backprop by Grad-CAM. See docs/explain.md for each definition.")
    @RequestBody(ref = ApiDocument.EXPLAIN_FORM)
    @APIResponse(responseCode = "200", description = "The explanation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExplainResult.class)))
    public ExplainResult explain(@RestForm("image") FileUpload image, @RestForm String method,
                                 @RestForm("class") String klass, @RestForm String layer, @RestForm String filter) {
        return service.explain(ExplainRequest.parse(Uploads.bytes(image), method, klass, layer, filter));
    }
}
