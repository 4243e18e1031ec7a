package io.featurelens.explain;

import io.featurelens.core.RejectedRequestException;
import io.featurelens.core.Text;

import java.util.List;
import java.util.Locale;

/** Every attribution method, by name. Adding one is adding a class and a line here. */
public final class Methods {

    public static final List<AttributionMethod> ALL = List.of(new GradCam(), new LayerCam(), new GuidedBackprop(),
            new GuidedGradCam(), new Saliency(), new IntegratedGradients(), new SmoothGrad());

    /** The names, comma-separated, as error messages and the API documentation list them. */
    public static final String NAMES = "gradcam, layercam, guided-backprop, guided-gradcam, saliency, integrated-gradients, smoothgrad";

    private Methods() {
    }

    /** A method by name; blank is gradcam. */
    public static AttributionMethod parse(String value) {
        if (value == null || value.isBlank()) {
            return ALL.get(0);
        }
        String id = value.trim().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow(() -> RejectedRequestException
                .badRequest("unknown method '" + Text.clip(value) + "': use one of " + NAMES));
    }
}
