package io.featurelens.core;

import io.featurelens.model.ClassifierStatus;
import io.featurelens.model.ClassifierUnavailableException;
import io.featurelens.model.ModelHolder;
import io.featurelens.model.ModelNotReadyException;
import io.featurelens.model.Vgg16Model;
import io.featurelens.model.Vgg16Network;
import io.featurelens.model.WeightsLabel;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The one wait for the model: every adapter gets it here, and a model that is not ready within the wait
 * becomes a 503 with {@code Retry-After}.
 */
@ApplicationScoped
public class ReadyModel {

    public static final String MODEL_NAME = "vgg16";

    /** What a request waits for a model that is still loading before it is told to come back. */
    public static final Duration REQUEST_WAIT = Duration.ofSeconds(2);
    private static final int RETRY_AFTER_SECONDS = 5;

    private final ModelHolder holder;

    public ReadyModel(ModelHolder holder) {
        this.holder = holder;
    }

    /** The model, waiting at most {@link #REQUEST_WAIT}. */
    public Vgg16Model get() {
        return get(REQUEST_WAIT);
    }

    public Vgg16Model get(Duration wait) {
        try {
            return holder.get(wait.toMillis());
        } catch (ModelNotReadyException e) {
            throw new RejectedRequestException(503, e.getMessage() + "; try again shortly", OptionalInt.of(RETRY_AFTER_SECONDS));
        }
    }

    /**
     * The whole network, classifier included, waiting as {@link #get()} does; 409 when these weights or this
     * configuration have no classifier.
     */
    public Vgg16Network network() {
        return network(REQUEST_WAIT);
    }

    public Vgg16Network network(Duration wait) {
        try {
            return holder.network(wait.toMillis());
        } catch (ModelNotReadyException e) {
            throw new RejectedRequestException(503, e.getMessage() + "; try again shortly", OptionalInt.of(RETRY_AFTER_SECONDS));
        } catch (ClassifierUnavailableException e) {
            throw new RejectedRequestException(409, e.getMessage());
        }
    }

    public ClassifierStatus classifierStatus() {
        return holder.classifierStatus();
    }

    public boolean isReady() {
        return holder.isReady();
    }

    /** Which network and weights answer, waiting as {@link #get()} does. */
    public ModelInfo info() {
        return info(get());
    }

    public ModelInfo info(Vgg16Model model) {
        WeightsLabel label = holder.label();
        return new ModelInfo(MODEL_NAME, label.pretrained(), label.description(), model.weightsSource(), model.deviceName());
    }
}
