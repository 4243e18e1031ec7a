package io.featurelens.explain;

import io.featurelens.core.FeatureRequest;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.core.Text;
import io.featurelens.model.ImageNetClasses;
import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * One decoded explain request: the image, the method, what to explain and at which layer. Every adapter
 * builds it with {@link #parse}, so the fields mean the same everywhere.
 */
public record ExplainRequest(byte[] image, AttributionMethod method, Target target, Layer layer) {

    /** Blank fields take their defaults: gradcam, the top class, relu5_3 for the CAM methods. */
    public static ExplainRequest parse(byte[] image, String method, String klass, String layer, String filter) {
        AttributionMethod m = Methods.parse(method);
        boolean hasLayer = layer != null && !layer.isBlank();
        boolean hasFilter = filter != null && !filter.isBlank();
        boolean hasClass = klass != null && !klass.isBlank();
        if (hasFilter) {
            if (m.isCam()) {
                throw RejectedRequestException.badRequest(m.id() + " explains a class, not a filter: use a gradient method"
                        + " (guided-backprop, saliency, integrated-gradients, smoothgrad) with 'filter', or drop 'filter'");
            }
            if (!hasLayer) {
                throw RejectedRequestException.badRequest("'filter' needs 'layer': say which layer's filter to explain");
            }
            if (hasClass) {
                throw RejectedRequestException.badRequest("give 'class' or 'filter', not both: one target at a time");
            }
            Layer l = FeatureRequest.parseLayer(layer);
            return new ExplainRequest(image, m, new Target.FilterOf(l, parseFilter(filter, l)), l);
        }
        Target target = new Target.ClassOf(hasClass ? OptionalInt.of(parseClass(klass)) : OptionalInt.empty());
        if (m.isCam()) {
            return new ExplainRequest(image, m, target, hasLayer ? FeatureRequest.parseLayer(layer)
                    : Vgg16.layer(Explained.DEFAULT_CAM_LAYER));
        }
        if (hasLayer) {
            throw RejectedRequestException.badRequest("'layer' without 'filter' means nothing to " + m.id()
                    + ", which explains the class from the input: drop 'layer', or add 'filter'");
        }
        return new ExplainRequest(image, m, target, null);
    }

    /** A class by index 0–999 or by label, case-insensitive and exact. */
    public static int parseClass(String value) {
        String v = value.trim();
        if (v.matches("[+-]?\\d{1,9}")) {
            int index = Integer.parseInt(v);
            if (index < 0 || index >= ImageNetClasses.count()) {
                throw RejectedRequestException.badRequest("class " + index + " is out of range: use 0-"
                        + (ImageNetClasses.count() - 1) + " or a label such as 'tabby'");
            }
            return index;
        }
        int[] named = ImageNetClasses.named(v);
        if (named.length == 1) {
            return named[0];
        }
        if (named.length > 1) {
            throw RejectedRequestException.badRequest("the label '" + Text.clip(v) + "' names classes "
                    + Arrays.toString(named) + ": give the index, or the label with its capitals");
        }
        List<String> near = ImageNetClasses.containing(v, 5);
        throw RejectedRequestException.badRequest("unknown class '" + Text.clip(v) + "': use an index 0-999 or an "
                + "ImageNet label" + (near.isEmpty() ? "" : " such as " + String.join(", ", near.stream()
                .map(l -> "'" + l + "'").toList())));
    }

    private static int parseFilter(String value, Layer layer) {
        String v = value.trim();
        if (!v.matches("\\d{1,9}")) {
            throw RejectedRequestException.badRequest("malformed filter '" + Text.clip(v) + "': one index, 0-"
                    + (layer.channels() - 1) + " for " + layer.name());
        }
        int filter = Integer.parseInt(v);
        if (filter >= layer.channels()) {
            throw RejectedRequestException.badRequest("filter " + filter + " is out of range: " + layer.name() + " has "
                    + layer.channels() + " filters (0-" + (layer.channels() - 1) + ")");
        }
        return filter;
    }
}
