package io.featurelens.api;

import io.featurelens.core.FeatureRequest;
import io.featurelens.core.FeatureService;
import io.featurelens.core.FeatureResult;
import io.featurelens.core.FeaturesResponse;
import io.featurelens.core.MapArchive;
import io.featurelens.core.MapFileNames;
import io.featurelens.imaging.Montage;
import io.featurelens.model.Layer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.Set;

@Path("/api")
@Consumes(MediaType.MULTIPART_FORM_DATA)
@Tag(name = ApiDocument.MAPS_TAG)
@APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
@APIResponse(responseCode = "406", ref = ApiDocument.NOT_ACCEPTABLE)
@APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
@APIResponse(responseCode = "415", ref = ApiDocument.UNSUPPORTED)
@APIResponse(responseCode = "422", ref = ApiDocument.UNPROCESSABLE)
@APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
@APIResponse(responseCode = "500", ref = ApiDocument.INTERNAL_ERROR)
public class FeaturesResource {

    /** How many montage pixels one map pixel takes, each way: small maps are magnified to be seen. */
    static final String MAGNIFICATION_HEADER = "X-Montage-Magnification";

    private final FeatureService service;

    public FeaturesResource(FeatureService service) {
        this.service = service;
    }

    @POST
    @Path("/features")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every selected filter's feature map of one layer, as base64 PNGs with raw min/max/mean")
    @RequestBody(ref = ApiDocument.MAPS_FORM)
    @APIResponse(responseCode = "200", description = "The maps in filter order, each a PNG of the layer's size",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeaturesResponse.class)))
    public FeaturesResponse features(@RestForm("image") FileUpload image,
                                     @RestForm String layer,
                                     @RestForm String filters,
                                     @RestForm String normalize,
                                     @RestForm String colormap) {
        return FeaturesResponse.inline(service.compute(FeatureRequest.parse(Uploads.bytes(image), layer, filters, normalize,
                colormap, Set.of(FeatureRequest.Output.MAPS))));
    }

    @POST
    @Path("/montage")
    @Produces("image/png")
    @Operation(summary = "The selected feature maps of one layer in one labelled grid")
    @RequestBody(ref = ApiDocument.MAPS_FORM)
    @APIResponse(responseCode = "200", description = "One PNG: the maps in filter order, each labelled with its index",
            headers = {@Header(ref = ApiDocument.CONTENT_DISPOSITION),
                    @Header(name = MAGNIFICATION_HEADER, required = true, description = "How many times each map is "
                            + "enlarged (nearest neighbour) so that small maps stay readable: 1 for maps of 56 px and more",
                            schema = @Schema(type = SchemaType.INTEGER, enumeration = {"1", "2", "4", "8"}, example = "4"))},
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response montage(@RestForm("image") FileUpload image, @RestForm String layer, @RestForm String filters,
                            @RestForm String normalize, @RestForm String colormap) {
        FeatureResult result = service.compute(FeatureRequest.parse(Uploads.bytes(image), layer, filters, normalize, colormap,
                Set.of(FeatureRequest.Output.MONTAGE)));
        Layer shown = result.first().layer();
        return attachment(result.first().montagePng(), MapFileNames.download(result, "-montage.png"))
                .header(MAGNIFICATION_HEADER, Montage.magnification(shown.width(), shown.height())).build();
    }

    @POST
    @Path("/maps.zip")
    @Produces("application/zip")
    @Operation(summary = "Every selected feature map of one layer as filter-NN.png in a ZIP, with stats.csv")
    @RequestBody(ref = ApiDocument.MAPS_FORM)
    @APIResponse(responseCode = "200", description = "A ZIP of filter-NN.png per map (NN zero-padded to the width of "
            + "the layer's last index) and stats.csv with columns filter,min,max,mean",
            headers = @Header(ref = ApiDocument.CONTENT_DISPOSITION),
            content = @Content(mediaType = "application/zip", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response mapsZip(@RestForm("image") FileUpload image, @RestForm String layer, @RestForm String filters,
                            @RestForm String normalize, @RestForm String colormap) {
        FeatureResult result = service.compute(FeatureRequest.parse(Uploads.bytes(image), layer, filters, normalize, colormap,
                Set.of(FeatureRequest.Output.MAPS)));
        return attachment(MapArchive.zip(result.first()), MapFileNames.download(result, ".zip")).build();
    }

    private static Response.ResponseBuilder attachment(byte[] body, String fileName) {
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }
}
