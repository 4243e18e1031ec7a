package io.featurelens.lambda;

import io.featurelens.FeatureLensConfig;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.model.ModelHolder;
import io.featurelens.model.ModelNotReadyException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

import java.lang.management.ManagementFactory;

/**
 * Makes Lambda's initialisation phase load the model: in a Lambda sandbox (AWS_LAMBDA_RUNTIME_API set),
 * start-up waits for the model, so the first poll of the runtime API, and every invocation after it, finds
 * it loaded, and the S3 client built. The HTTP service keeps loading the model in the background.
 */
@ApplicationScoped
public class WarmModel {

    private static final Logger LOG = Logger.getLogger(WarmModel.class);

    private final ModelHolder holder;
    private final long timeoutMillis;

    public WarmModel(ModelHolder holder, FeatureLensConfig config) {
        this.holder = holder;
        this.timeoutMillis = config.lambda().modelTimeout().toMillis();
    }

    /** After {@link ModelHolder} has started loading. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event, Instance<S3Client> s3) {
        if (System.getenv("AWS_LAMBDA_RUNTIME_API") == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            holder.get(timeoutMillis);
        } catch (ModelNotReadyException e) {
            throw new IllegalStateException("Lambda initialisation failed: " + e.getMessage(), e);
        }
        s3.get();
        LOG.infof("Lambda function initialised %d ms after the JVM started (waited %d ms for the model)",
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Waits for the model, for invocations that arrive while it loads (dev and test modes). */
    void await() {
        try {
            holder.get(timeoutMillis);
        } catch (ModelNotReadyException e) {
            throw new RejectedRequestException(503, e.getMessage() + "; try again shortly");
        }
    }
}
