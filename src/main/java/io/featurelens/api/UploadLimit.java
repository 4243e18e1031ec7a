package io.featurelens.api;

import io.featurelens.FeatureLensConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;

/**
 * Refuses an upload whose declared length passes {@code featurelens.limits.max-image-size} before its
 * body is read, with the same JSON error as every other refusal. (Vert.x would refuse it too, with an
 * empty 413.)
 */
@ApplicationScoped
public class UploadLimit {

    private final long maxBytes;

    public UploadLimit(FeatureLensConfig config) {
        this.maxBytes = config.limits().maxImageSize().asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > maxBytes) {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(String.format(Locale.ROOT, "{\"error\":\"the upload is %s bytes; the limit is %d bytes (%.1f MiB)\"}",
                                declared, maxBytes, maxBytes / 1048576.0));
            } else {
                ctx.next();
            }
        });
    }
}
