package io.featurelens.model;

/**
 * The weights could not be fetched: no answer (no network, timeout), or an answer that refuses them (HTTP
 * 403/404, a file that changed mid-download). Only the first kind may fall back to the demo weights.
 */
public class WeightsUnavailableException extends RuntimeException {

    private final boolean unreachable;

    public WeightsUnavailableException(String message, Throwable cause, boolean unreachable) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /** Whether no server answered, as opposed to one that answered no. */
    public boolean unreachable() {
        return unreachable;
    }
}
