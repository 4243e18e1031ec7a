package io.featurelens.imaging;

/** The upload cannot be turned into pixels; {@link #reason()} says why in a way callers can map to a status. */
public class InvalidImageException extends RuntimeException {

    public enum Reason { UNSUPPORTED, CORRUPT, TOO_LARGE }

    private final Reason reason;

    public InvalidImageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
