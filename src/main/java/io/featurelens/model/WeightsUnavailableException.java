package io.featurelens.model;

/** The weights could not be fetched (no network, server error): the service may fall back to demo weights. */
public class WeightsUnavailableException extends RuntimeException {
    public WeightsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
