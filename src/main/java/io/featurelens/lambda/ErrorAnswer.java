package io.featurelens.lambda;

/** The function's answer to an event it will not or cannot serve: the message and the HTTP status the JSON API would give. */
public record ErrorAnswer(String error, int status) {
}
