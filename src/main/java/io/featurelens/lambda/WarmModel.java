package io.featurelens.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.core.FeatureRequest;
import io.featurelens.core.FeatureResult;
import io.featurelens.core.FeatureService;
import io.featurelens.core.FeaturesResponse;
import io.featurelens.core.FilterSelection;
import io.featurelens.core.Normalization;
import io.featurelens.core.ReadyModel;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.explain.ExplainService;
import io.featurelens.imaging.ColorMap;
import io.featurelens.imaging.PngEncoder;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.imaging.RgbImage;
import io.featurelens.model.ClassifierStatus;
import io.featurelens.model.Vgg16;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Makes Lambda's initialisation phase load the model: in a Lambda sandbox (AWS_LAMBDA_RUNTIME_API set),
 * start-up waits for the model, and for the classifier if the weights have one, and runs one request through
 * every layer (and one prediction), so the first poll of the runtime API, and every invocation after it, finds
 * the model loaded and warm and the S3 client built. The HTTP service keeps loading the model in the background.
 */
@ApplicationScoped
public class WarmModel {

    private static final Logger LOG = Logger.getLogger(WarmModel.class);

    private final ReadyModel ready;
    private final FeatureService service;
    private final ExplainService explainer;
    private final ObjectMapper mapper;
    private final Duration timeout;

    public WarmModel(ReadyModel ready, FeatureService service, ExplainService explainer, ObjectMapper mapper,
                     LambdaConfig config) {
        this.ready = ready;
        this.service = service;
        this.explainer = explainer;
        this.mapper = mapper;
        this.timeout = config.modelTimeout();
    }

    /** After the model holder has started loading. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event, Instance<S3Client> s3) {
        if (System.getenv("AWS_LAMBDA_RUNTIME_API") == null) {
            return;
        }
        long start = System.nanoTime();
        boolean classifier;
        try {
            ready.get(timeout);
            classifier = awaitClassifier();
        } catch (RejectedRequestException e) {
            throw new IllegalStateException("Lambda initialisation failed: " + e.getMessage(), e);
        }
        long loaded = System.nanoTime();
        warmUp(classifier);
        s3.get();
        LOG.infof("Lambda function initialised %d ms after the JVM started (waited %d ms for the model, classifier %s, "
                        + "warmed up in %d ms)", System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime(),
                (loaded - start) / 1_000_000, ready.classifierStatus().name().toLowerCase(java.util.Locale.ROOT),
                (System.nanoTime() - loaded) / 1_000_000);
    }

    /** Waits for the classifier unless it is turned off; false when there is none. */
    private boolean awaitClassifier() {
        if (ready.classifierStatus() == ClassifierStatus.DISABLED) {
            return false;
        }
        try {
            ready.network(timeout);
            return true;
        } catch (RejectedRequestException e) {
            if (e.status() == 409) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Every map of the first and the last layer for a blank picture, answered as JSON, and its top class
     * when there is a classifier: every operator, the largest buffers and the encoders have been used once.
     */
    private void warmUp(boolean classifier) {
        int size = Preprocessor.SIZE;
        byte[] blank = PngEncoder.rgb(new RgbImage(size, size, new byte[3 * size * size]));
        if (classifier) {
            explainer.predict(blank, "1");
        }
        try {
            FeatureResult result = service.compute(new FeatureRequest(blank,
                    List.of(Vgg16.layer(0), Vgg16.last()), FilterSelection.ALL, Normalization.SIGMOID, ColorMap.GREY,
                    Set.of(FeatureRequest.Output.MAPS, FeatureRequest.Output.MONTAGE)));
            mapper.writeValueAsBytes(FeaturesResponse.inline(result));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the model, for invocations that arrive while it loads (dev and test modes). */
    void await() {
        ready.get(timeout);
    }

    /** Waits for the whole network, classifier included; 409, as in the API, when there is none. */
    void awaitNetwork() {
        ready.network(timeout);
    }
}
