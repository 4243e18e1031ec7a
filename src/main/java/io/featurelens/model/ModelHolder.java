package io.featurelens.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.featurelens.FeatureLensConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loads the model once per process, in the background from start-up, and hands the same instance to
 * every request. Weights that are wrong or cannot be had stop the process (see {@link WeightsSource} for
 * the one fallback). Whoever stops taking requests last {@linkplain #close() closes} the model.
 */
@ApplicationScoped
public class ModelHolder {

    private static final Logger LOG = Logger.getLogger(ModelHolder.class);

    private final FeatureLensConfig.Model config;
    private final FeatureLensConfig.DeviceChoice deviceChoice;
    private final Instance<RemoteWeights> remoteWeights;
    private final CompletableFuture<Vgg16Model> model = new CompletableFuture<>();
    private volatile WeightsLabel label;

    public ModelHolder(FeatureLensConfig config, Instance<RemoteWeights> remoteWeights) {
        this.config = config.model();
        this.deviceChoice = config.device();
        this.remoteWeights = remoteWeights;
    }

    void onStart(@Observes StartupEvent event) {
        List<RemoteWeights> remotes = remoteWeights.stream().toList();
        Thread loader = new Thread(() -> load(remotes), "model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** Frees the model's native memory; requests after this fail. */
    public void close() {
        model.thenAccept(Vgg16Model::close);
    }

    private void load(List<RemoteWeights> remotes) {
        long start = System.nanoTime();
        String location = config.weights().trim();
        try {
            LoadedWeights weights = new WeightsSource(cacheDir(), config.downloadTimeout(), remotes,
                    FeatureLensConfig.Model.DEFAULT_WEIGHTS, config.fallback()).load(location);
            Vgg16Model loaded = new Vgg16Model(weights, device());
            label = WeightsLabel.of(weights, location.equals(FeatureLensConfig.Model.DEFAULT_WEIGHTS), config.description());
            LOG.infof("VGG16 loaded in %d ms from %s on %s (%s)", (System.nanoTime() - start) / 1_000_000,
                    loaded.weightsSource(), loaded.deviceName(), label.description());
            model.complete(loaded);
        } catch (RuntimeException | IOException | Error e) {
            LOG.errorf("Cannot load VGG16 from featurelens.model.weights=%s: %s", location,
                    e instanceof InvalidWeightsException || e instanceof WeightsUnavailableException ? e.getMessage() : e.toString());
            model.completeExceptionally(e);
            Quarkus.asyncExit(1);
        }
    }

    /** What may be said about the loaded weights; null before they are loaded. */
    public WeightsLabel label() {
        return label;
    }

    private Device device() {
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        Device device = switch (deviceChoice) {
            case CPU -> Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalStateException("featurelens.device=gpu, but the PyTorch engine sees no GPU");
                }
                yield Device.gpu();
            }
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
        };
        LOG.infof("featurelens.device=%s: running on %s (%d GPU(s) visible)",
                deviceChoice.name().toLowerCase(java.util.Locale.ROOT), device, gpus);
        return device;
    }

    private Path cacheDir() {
        return config.cacheDir().orElse(Path.of(System.getProperty("user.home"), ".cache", "featurelens"));
    }

    public boolean isReady() {
        return model.isDone() && !model.isCompletedExceptionally();
    }

    /** The model, waiting at most {@code timeoutMillis} for it to finish loading. */
    public Vgg16Model get(long timeoutMillis) throws ModelNotReadyException {
        try {
            return model.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ModelNotReadyException("the model is still loading");
        } catch (ExecutionException e) {
            throw new ModelNotReadyException("the model failed to load");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelNotReadyException("interrupted while waiting for the model");
        }
    }
}
