package io.featurelens.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of every refusal, as {@link ErrorMapper} writes it; here for the OpenAPI document. */
@Schema(name = "Error", description = "Why the request was refused")
public record ApiError(@Schema(description = "A message for the person who sent the request", required = true) String error) {
}
