package io.featurelens.model;

/** Predictions and explanations are not served by this process: the classifier is left out or missing. */
public class ClassifierUnavailableException extends Exception {
    public ClassifierUnavailableException(String message) {
        super(message, null, false, false);
    }
}
