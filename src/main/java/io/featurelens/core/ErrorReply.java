package io.featurelens.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.OptionalInt;

/**
 * The one error answer of every adapter, {@code {"error": "…", "status": 400}}: the message, the HTTP status,
 * and, for a 503, after how many seconds to try again (also sent as a {@code Retry-After} header where there is
 * HTTP). Never a stack trace, class name or path.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ApiError", description = "What went wrong, in words meant for the person who sent the request; never a stack trace",
        example = "{\"error\": \"unknown normalize 'max': use sigmoid or minmax\", \"status\": 400}")
public record ErrorReply(
        @Schema(required = true, description = "What is wrong with the request, or why it cannot be served now",
                example = "unknown normalize 'max': use sigmoid or minmax") String error,
        @Schema(required = true, description = "The HTTP status of the answer", example = "400") int status,
        @Schema(description = "Only with 503: seconds after which to try again, as in the Retry-After header",
                example = "5") Integer retryAfterSeconds) {

    public static ErrorReply of(RejectedRequestException e) {
        OptionalInt retry = e.retryAfterSeconds();
        return new ErrorReply(e.getMessage(), e.status(), retry.isPresent() ? retry.getAsInt() : null);
    }

    public static ErrorReply of(int status, String message) {
        return new ErrorReply(message, status, null);
    }

    /** For a failure that is the service's fault: the caller learns nothing but that. */
    public static ErrorReply internal() {
        return of(500, "internal error; the request was not processed");
    }

    /** The {@code Retry-After} header's value, if any. */
    @JsonIgnore
    public java.util.Optional<String> retryAfterHeader() {
        return java.util.Optional.ofNullable(retryAfterSeconds).map(String::valueOf);
    }
}
