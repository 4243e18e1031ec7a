package io.featurelens.api;

import io.featurelens.core.FeatureRequest;
import io.featurelens.core.FeatureService;
import io.featurelens.core.FeatureResult;
import io.featurelens.core.FeaturesResponse;
import io.featurelens.core.MapArchive;
import io.featurelens.core.MapFileNames;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.Set;

@Path("/api")
@Consumes(MediaType.MULTIPART_FORM_DATA)
public class FeaturesResource {

    private final FeatureService service;

    public FeaturesResource(FeatureService service) {
        this.service = service;
    }

    @POST
    @Path("/features")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every selected filter's feature map of one layer, as base64 PNGs with raw min/max/mean")
    public FeaturesResponse features(@RestForm("image") @Parameter(description = "PNG, JPEG, GIF, BMP or WebP") FileUpload image,
                                     @RestForm @Parameter(description = "index 0-30 or name such as relu1_2; default 0") String layer,
                                     @RestForm @Parameter(description = "all (default), or indices and ranges such as 0-7,12") String filters,
                                     @RestForm @Parameter(description = "sigmoid (default) or minmax") String normalize,
                                     @RestForm @Parameter(description = "grey (default), viridis or magma") String colormap) {
        return FeaturesResponse.inline(service.compute(FeatureRequest.parse(Uploads.bytes(image), layer, filters, normalize,
                colormap, Set.of(FeatureRequest.Output.MAPS))));
    }

    @POST
    @Path("/montage")
    @Produces("image/png")
    @Operation(summary = "The selected feature maps of one layer in one labelled grid")
    public Response montage(@RestForm("image") FileUpload image, @RestForm String layer, @RestForm String filters,
                            @RestForm String normalize, @RestForm String colormap) {
        FeatureResult result = service.compute(FeatureRequest.parse(Uploads.bytes(image), layer, filters, normalize, colormap,
                Set.of(FeatureRequest.Output.MONTAGE)));
        return attachment(result.first().montagePng(), MapFileNames.download(result, "-montage.png"));
    }

    @POST
    @Path("/maps.zip")
    @Produces("application/zip")
    @Operation(summary = "Every selected feature map of one layer as filter-NN.png in a ZIP, with stats.csv")
    public Response mapsZip(@RestForm("image") FileUpload image, @RestForm String layer, @RestForm String filters,
                            @RestForm String normalize, @RestForm String colormap) {
        FeatureResult result = service.compute(FeatureRequest.parse(Uploads.bytes(image), layer, filters, normalize, colormap,
                Set.of(FeatureRequest.Output.MAPS)));
        return attachment(MapArchive.zip(result.first()), MapFileNames.download(result, ".zip"));
    }

    private static Response attachment(byte[] body, String fileName) {
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }
}
