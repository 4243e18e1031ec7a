package io.featurelens.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of every error answer of the JSON API. */
@Schema(description = "What went wrong, in words meant for the person who sent the request; never a stack trace",
        example = "{\"error\": \"unknown normalize 'max': use sigmoid or minmax\"}")
public record ApiError(
        @Schema(required = true, description = "What is wrong with the request, or why it cannot be served now",
                example = "unknown normalize 'max': use sigmoid or minmax")
        String error) {
}
