package io.featurelens.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The function's answer to an event it will not or cannot serve: the message, the HTTP status the JSON API
 * would give, and, for a 503, after how many seconds to try again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorAnswer(String error, int status, Integer retryAfterSeconds) {
}
