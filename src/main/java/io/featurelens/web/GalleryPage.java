package io.featurelens.web;

import io.featurelens.FeatureLensConfig;
import io.featurelens.core.ReadyModel;
import io.featurelens.core.ModelInfo;
import io.featurelens.core.Normalization;
import io.featurelens.imaging.ColorMap;
import io.featurelens.model.Layer;
import io.featurelens.model.LayerType;
import io.featurelens.model.Vgg16;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * The gallery: one page whose script sends the image to the JSON API and lays the maps out. Everything
 * it loads comes from this application, which the content security policy holds it to.
 */
@Path("/")
public class GalleryPage {

    private static final List<Block> BLOCKS = blocks();

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance gallery(Gallery gallery);
    }

    /** {@code model} is null while the weights are still loading; the page then asks for it itself. */
    record Gallery(List<Block> blocks, List<Normalization> normalizations, List<ColorMap> colorMaps,
                   long maxImageBytes, ModelInfo model) {

        public String maxImageSize() {
            return maxImageBytes % (1 << 20) == 0 ? (maxImageBytes >> 20) + " MB" : maxImageBytes + " bytes";
        }
    }

    /** The layers of one VGG16 block, up to and including its pooling layer. */
    record Block(int number, List<Layer> layers) {
    }

    private final ReadyModel model;
    private final long maxImageBytes;

    public GalleryPage(ReadyModel model, FeatureLensConfig config) {
        this.model = model;
        this.maxImageBytes = config.limits().maxImageSize().asLongValue();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        Gallery gallery = new Gallery(BLOCKS, List.of(Normalization.values()), List.of(ColorMap.values()),
                maxImageBytes, model.isReady() ? model.info() : null);
        return Response.ok(Templates.gallery(gallery).render())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .build();
    }

    private static List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        List<Layer> current = new ArrayList<>();
        for (Layer layer : Vgg16.LAYERS) {
            current.add(layer);
            if (layer.type() == LayerType.POOL) {
                blocks.add(new Block(blocks.size() + 1, List.copyOf(current)));
                current.clear();
            }
        }
        return blocks;
    }
}
