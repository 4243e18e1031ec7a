package io.featurelens.api;

import io.featurelens.core.ErrorReply;
import io.featurelens.imaging.ImageFormat;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Encoding;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the JSON API's OpenAPI document says once for all endpoints: its info, its tags, the multipart form
 * that the map endpoints share, and the error answers. Endpoints refer to these by name
 * ({@code @RequestBody(ref = ApiDocument.MAPS_FORM)}, {@code @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)});
 * docs/api.md has the conventions, src/main/openapi/openapi.yaml the document they produce. An {@link Application}
 * because that is where the OpenAPI scanner reads {@code @OpenAPIDefinition}; it changes nothing else.
 */
@OpenAPIDefinition(
        info = @Info(title = "FeatureLens API", version = "1.0",
                license = @License(name = "Apache-2.0", identifier = "Apache-2.0"),
                description = "What a convolutional network sees: the feature maps of any layer of VGG16's `features` "
                        + "for an image you send, as PNGs with their raw statistics, as one labelled montage or as a ZIP; "
                        + "what VGG16 thinks the image is and which pixels made it think so (Grad-CAM and other "
                        + "attribution methods); and the network's layers, weights and first-layer kernels. Every error is JSON, "
                        + "`{\"error\": \"…\"}`, with a 4xx status that names the problem, or 503 with `Retry-After` "
                        + "while the model loads or the service is busy."),
        tags = {
                @Tag(name = ApiDocument.MAPS_TAG, description = "Feature maps of one layer for an uploaded image"),
                @Tag(name = ApiDocument.EXPLAIN_TAG, description = "What VGG16 thinks an image is, and which pixels made it think so"),
                @Tag(name = ApiDocument.MODEL_TAG, description = "The network: its layers, weights and first-layer kernels"),
                @Tag(name = ApiDocument.VISUALIZE_TAG, description = "What a filter looks for: the picture it responds to "
                        + "most, made by a background job, cached, or taken from an atlas")
        },
        components = @Components(
                schemas = {@Schema(name = ApiDocument.MAPS_FORM, type = SchemaType.OBJECT, requiredProperties = "image",
                        description = "An image and which maps of which layer to render, and how",
                        properties = {
                                @SchemaProperty(name = "image", type = SchemaType.STRING, format = "binary",
                                        description = ApiDocument.IMAGE_FIELD),
                                @SchemaProperty(name = "layer", type = SchemaType.STRING, defaultValue = "0",
                                        pattern = ApiDocument.LAYER_PATTERN, example = "relu1_2",
                                        description = "A layer of VGG16's features: its torchvision index 0-30, or its "
                                                + "name from conv1_1 to pool5 (see GET /api/layers); case and surrounding "
                                                + "blanks do not matter"),
                                @SchemaProperty(name = "filters", type = SchemaType.STRING, defaultValue = "all",
                                        pattern = ApiDocument.FILTERS_PATTERN, example = "0-7,12",
                                        description = "Which filters (channels) of the layer: all, or indices and "
                                                + "inclusive ranges separated by commas; each index below the layer's "
                                                + "channel count"),
                                @SchemaProperty(name = "normalize", type = SchemaType.STRING, defaultValue = "sigmoid",
                                        enumeration = {"sigmoid", "minmax"},
                                        description = "How activations become 8-bit levels: sigmoid, the reference's "
                                                + "round(255·σ(x)), comparable across maps; or minmax, stretched per map "
                                                + "(a constant map is mid grey)"),
                                @SchemaProperty(name = "colormap", type = SchemaType.STRING, defaultValue = "grey",
                                        enumeration = {"grey", "viridis", "magma"},
                                        description = "Grey PNGs, or palette PNGs in a perceptual colour map; the "
                                                + "levels are the same")
                        }),
                        @Schema(name = ApiDocument.PREDICT_FORM, type = SchemaType.OBJECT, requiredProperties = "image",
                                description = "An image and how many classes to name",
                                properties = {
                                        @SchemaProperty(name = "image", type = SchemaType.STRING, format = "binary",
                                                description = ApiDocument.IMAGE_FIELD),
                                        @SchemaProperty(name = "top", type = SchemaType.INTEGER, minimum = "1", maximum = "1000",
                                                defaultValue = "5", example = "5", description = "How many classes, highest first")
                                }),
                        @Schema(name = ApiDocument.EXPLAIN_FORM, type = SchemaType.OBJECT, requiredProperties = "image",
                                description = "An image, the attribution method and what to explain: a class (default the "
                                        + "top one) or one filter of a layer",
                                properties = {
                                        @SchemaProperty(name = "image", type = SchemaType.STRING, format = "binary",
                                                description = ApiDocument.IMAGE_FIELD),
                                        @SchemaProperty(name = "method", type = SchemaType.STRING, defaultValue = "gradcam",
                                                enumeration = {"gradcam", "layercam", "guided-backprop", "guided-gradcam",
                                                        "saliency", "integrated-gradients", "smoothgrad"},
                                                description = "The attribution method (docs/explain.md)"),
                                        @SchemaProperty(name = "class", type = SchemaType.STRING, example = "tabby",
                                                description = "The class to explain: an index 0-999 or an ImageNet label "
                                                        + "(exact, any case); default the top class. Not with filter."),
                                        @SchemaProperty(name = "layer", type = SchemaType.STRING,
                                                pattern = ApiDocument.LAYER_PATTERN, example = "relu5_3",
                                                description = "Layer index 0-30 or name such as relu5_3: the maps a CAM "
                                                        + "method weighs (default relu5_3), or the layer of filter"),
                                        @SchemaProperty(name = "filter", type = SchemaType.INTEGER, minimum = "0", example = "7",
                                                description = "Explain this filter of layer (the sum of its activations) "
                                                        + "instead of a class; gradient methods only")
                                }),
                        @Schema(name = ApiDocument.VISUALIZATION_FORM, type = SchemaType.OBJECT,
                                requiredProperties = {"layer", "filter"},
                                description = "Which filter to visualise, and how",
                                properties = {
                                        @SchemaProperty(name = "layer", type = SchemaType.STRING,
                                                pattern = ApiDocument.LAYER_PATTERN, example = "relu3_3",
                                                description = "A layer of VGG16's features: index 0-30 or name (see GET /api/layers)"),
                                        @SchemaProperty(name = "filter", type = SchemaType.INTEGER, minimum = "0", example = "7",
                                                description = "The filter (channel), below the layer's channel count"),
                                        @SchemaProperty(name = "steps", type = SchemaType.INTEGER, minimum = "1",
                                                defaultValue = "256", example = "256", description = "Optimisation steps"),
                                        @SchemaProperty(name = "seed", type = SchemaType.INTEGER, format = "int64",
                                                defaultValue = "0", example = "0",
                                                description = "Seed of the random start and transformations")
                                })
                },
                requestBodies = {
                        @RequestBody(name = ApiDocument.MAPS_FORM, required = true,
                                description = "The image and the choice of maps, as multipart/form-data",
                                content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                                        schema = @Schema(ref = ApiDocument.MAPS_FORM),
                                        encoding = @Encoding(name = "image", contentType = "application/octet-stream, image/*"))),
                        @RequestBody(name = ApiDocument.PREDICT_FORM, required = true,
                                description = "The image and how many classes, as multipart/form-data",
                                content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                                        schema = @Schema(ref = ApiDocument.PREDICT_FORM),
                                        encoding = @Encoding(name = "image", contentType = "application/octet-stream, image/*"))),
                        @RequestBody(name = ApiDocument.EXPLAIN_FORM, required = true,
                                description = "The image and what to explain how, as multipart/form-data",
                                content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                                        schema = @Schema(ref = ApiDocument.EXPLAIN_FORM),
                                        encoding = @Encoding(name = "image", contentType = "application/octet-stream, image/*"))),
                        @RequestBody(name = ApiDocument.VISUALIZATION_FORM, required = true,
                                description = "Which filter to visualise, as a form or as JSON",
                                content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(ref = ApiDocument.VISUALIZATION_FORM)),
                                        @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                                        schema = @Schema(ref = ApiDocument.VISUALIZATION_FORM)),
                                        @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                                                schema = @Schema(ref = ApiDocument.VISUALIZATION_FORM))})
                },
                headers = @Header(name = ApiDocument.CONTENT_DISPOSITION, description = "The file name a download "
                        + "is saved under: featurelens-<layer>-<normalize>-<colormap> and the file's ending",
                        schema = @Schema(type = SchemaType.STRING,
                                example = "attachment; filename=\"featurelens-relu1_2-sigmoid-grey.zip\"")),
                responses = {
                        @APIResponse(name = ApiDocument.BAD_REQUEST, description = "A field is missing, malformed or out "
                                + "of range (no image; unknown layer; filters out of range, reversed or malformed; unknown "
                                + "normalize or colormap), or the body is not readable multipart/form-data",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = ErrorReply.class))),
                        @APIResponse(name = ApiDocument.NOT_FOUND, description = "No such thing: an unknown job id "
                                + "(queued and running jobs are forgotten when the server restarts), or no visualisation made yet",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = ErrorReply.class))),
                        @APIResponse(name = ApiDocument.NOT_ACCEPTABLE, description = "The Accept header excludes the "
                                + "media type this endpoint answers in",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = ErrorReply.class))),
                        @APIResponse(name = ApiDocument.NO_CLASSIFIER, description = "This server has no classifier: "
                                + "left out with featurelens.model.classifier=false, or absent from the weights file",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = ErrorReply.class))),
                        @APIResponse(name = ApiDocument.TOO_LARGE, description = "The upload is over "
                                + "featurelens.limits.max-image-size, or the image over featurelens.limits.max-pixels "
                                + "(read from its header, before decoding)",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = ErrorReply.class))),
                        @APIResponse(name = ApiDocument.UNSUPPORTED, description = "The file is not an image or in a "
                                + "format FeatureLens does not read, or the request is not multipart/form-data",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = ErrorReply.class))),
                        @APIResponse(name = ApiDocument.UNPROCESSABLE, description = "The image is corrupt or cut off, "
                                + "or the request asks for more maps than featurelens.limits.max-maps",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = ErrorReply.class))),
                        @APIResponse(name = ApiDocument.UNAVAILABLE, description = "The model is still loading, or the "
                                + "service is busy (its queue is full, or no turn came within featurelens.limits.max-wait); "
                                + "nothing was computed: try again after Retry-After seconds",
                                headers = @Header(name = "Retry-After", required = true,
                                        description = "Seconds to wait before trying again",
                                        schema = @Schema(type = SchemaType.INTEGER, minimum = "1", example = "5")),
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = ErrorReply.class))),
                        @APIResponse(name = ApiDocument.INTERNAL_ERROR, description = "A failure of FeatureLens itself; it "
                                + "is logged, and the request was not processed",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = ErrorReply.class)))
                }))
public class ApiDocument extends Application {

    public static final String MAPS_TAG = "maps";
    public static final String MODEL_TAG = "model";
    public static final String EXPLAIN_TAG = "explain";
    public static final String VISUALIZE_TAG = "visualize";

    public static final String MAPS_FORM = "MapsForm";
    public static final String PREDICT_FORM = "PredictForm";
    public static final String EXPLAIN_FORM = "ExplainForm";
    public static final String VISUALIZATION_FORM = "VisualizationForm";

    public static final String CONTENT_DISPOSITION = "Content-Disposition";

    public static final String BAD_REQUEST = "BadRequest";
    public static final String NOT_FOUND = "NotFound";
    public static final String NOT_ACCEPTABLE = "NotAcceptable";
    public static final String NO_CLASSIFIER = "NoClassifier";
    public static final String TOO_LARGE = "PayloadTooLarge";
    public static final String UNSUPPORTED = "UnsupportedMediaType";
    public static final String UNPROCESSABLE = "Unprocessable";
    public static final String UNAVAILABLE = "ServiceUnavailable";
    public static final String INTERNAL_ERROR = "InternalError";

    static final String IMAGE_FIELD = "The picture: " + ImageFormat.SUPPORTED + " (first frame or page), recognised "
            + "by its bytes, not by its name or content type; at most "
            + "featurelens.limits.max-image-size (20 MiB) and max-pixels (40 megapixels)";
    /** What FeatureRequest.parseLayer accepts, in canonical form: an index 0-30 or a layer name. */
    static final String LAYER_PATTERN = "^([0-9]|[12][0-9]|30|(conv|relu)(1_[12]|2_[12]|[345]_[123])|pool[1-5])$";
    /** What FilterSelection.parse accepts, in canonical form. */
    static final String FILTERS_PATTERN = "^(all|[0-9]{1,6}(-[0-9]{1,6})?(,[0-9]{1,6}(-[0-9]{1,6})?)*)$";
}
