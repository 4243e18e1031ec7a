package io.featurelens.api;

import io.featurelens.FeatureLensConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;

/**
 * Refuses an upload whose declared length shows that its image must pass
 * {@code featurelens.limits.max-image-size}, before its body is read, with the same JSON error as every
 * other refusal. The multipart framing and the other form fields get {@link #FORM_OVERHEAD} bytes of room,
 * so an image right at the limit is let through and the core checks its exact size.
 */
@ApplicationScoped
public class UploadLimit {

    static final long FORM_OVERHEAD = 64 * 1024;

    private final long maxImageBytes;

    public UploadLimit(FeatureLensConfig config) {
        this.maxImageBytes = config.limits().maxImageSize().asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > maxImageBytes + FORM_OVERHEAD) {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(String.format(Locale.ROOT, "{\"error\":\"the upload is %s bytes; the limit is %d bytes (%.1f MiB) for the image\"}",
                                declared, maxImageBytes, maxImageBytes / 1048576.0));
            } else {
                ctx.next();
            }
        });
    }
}
