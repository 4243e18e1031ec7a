package io.featurelens.model;

/** The weights exist but are not VGG16 features weights: start-up must stop. */
public class InvalidWeightsException extends RuntimeException {
    public InvalidWeightsException(String message) {
        super(message);
    }
}
