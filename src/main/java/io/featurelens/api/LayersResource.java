package io.featurelens.api;

import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

@Path("/api/layers")
public class LayersResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The 31 layers of VGG16's features, with their output shapes for a 224×224 input")
    public List<Layer> layers() {
        return Vgg16.LAYERS;
    }
}
