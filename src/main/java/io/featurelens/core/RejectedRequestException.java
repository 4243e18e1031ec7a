package io.featurelens.core;

import java.util.OptionalInt;

/**
 * A request FeatureLens will not or cannot serve, with the HTTP status that says why and a message
 * meant for the person who sent it. Every adapter turns it into its own kind of error answer.
 */
public class RejectedRequestException extends RuntimeException {

    private final int status;
    private final OptionalInt retryAfterSeconds;

    public RejectedRequestException(int status, String message) {
        this(status, message, OptionalInt.empty());
    }

    public RejectedRequestException(int status, String message, OptionalInt retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static RejectedRequestException badRequest(String message) {
        return new RejectedRequestException(400, message);
    }

    public int status() {
        return status;
    }

    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
