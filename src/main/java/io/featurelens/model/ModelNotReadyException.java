package io.featurelens.model;

public class ModelNotReadyException extends Exception {
    public ModelNotReadyException(String message) {
        super(message);
    }
}
