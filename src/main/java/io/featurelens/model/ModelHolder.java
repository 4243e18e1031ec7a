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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loads the model once per process, in the background from start-up, and hands the same instance to
 * every request: the features first, then the classifier. Weights that are wrong or cannot be had stop the
 * process (see {@link WeightsSource} for the one fallback). Whoever stops taking requests last
 * {@linkplain #close() closes} the model.
 */
@ApplicationScoped
public class ModelHolder {

    private static final Logger LOG = Logger.getLogger(ModelHolder.class);

    private final FeatureLensConfig.Model config;
    private final FeatureLensConfig.DeviceChoice deviceChoice;
    private final Instance<RemoteWeights> remoteWeights;
    private final CompletableFuture<Vgg16Model> model = new CompletableFuture<>();
    private volatile WeightsLabel label;
    private final CompletableFuture<Optional<Vgg16Network>> network = new CompletableFuture<>();

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
        network.thenAccept(n -> n.ifPresent(whole -> whole.classifier().close()));
        model.thenAccept(Vgg16Model::close);
    }

    /** The features first, so feature maps are served as soon as they are in; the classifier afterwards. */
    private void load(List<RemoteWeights> remotes) {
        long start = System.nanoTime();
        String location = config.weights().trim();
        WeightsSource source = new WeightsSource(cacheDir(), config.downloadTimeout(), remotes,
                FeatureLensConfig.Model.DEFAULT_WEIGHTS, config.fallback());
        try {
            LoadedWeights weights = source.load(location);
            Device device = device();
            Vgg16Model loaded = new Vgg16Model(weights, device);
            label = WeightsLabel.of(weights, location.equals(FeatureLensConfig.Model.DEFAULT_WEIGHTS), config.description());
            LOG.infof("VGG16 loaded in %d ms from %s on %s (%s)", (System.nanoTime() - start) / 1_000_000,
                    loaded.weightsSource(), loaded.deviceName(), label.description());
            model.complete(loaded);
            if (!config.classifier()) {
                network.complete(Optional.empty());
                return;
            }
            long classifierStart = System.nanoTime();
            Optional<ClassifierWeights> classifier = source.loadClassifier(location, weights);
            network.complete(classifier.map(c -> new Vgg16Network(loaded, new Vgg16Classifier(c, device))));
            if (classifier.isPresent()) {
                LOG.infof("VGG16 classifier (%s names) loaded in %d ms", classifier.get().layout().name().toLowerCase(
                        java.util.Locale.ROOT), (System.nanoTime() - classifierStart) / 1_000_000);
            } else {
                LOG.info("The weights have no classifier tensors: predictions and explanations are off");
            }
        } catch (RuntimeException | IOException | Error e) {
            LOG.errorf("Cannot load VGG16 from featurelens.model.weights=%s: %s", location,
                    e instanceof InvalidWeightsException || e instanceof WeightsUnavailableException ? e.getMessage() : e.toString());
            model.completeExceptionally(e);
            network.completeExceptionally(e);
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

    /** featurelens.model.cache-dir, or {@code ~/.cache/featurelens}: downloaded weights, and whatever else is kept between runs. */
    public Path cacheDir() {
        return config.cacheDir().orElse(Path.of(System.getProperty("user.home"), ".cache", "featurelens"));
    }

    public boolean isReady() {
        return model.isDone() && !model.isCompletedExceptionally();
    }

    public ClassifierStatus classifierStatus() {
        if (!config.classifier()) {
            return ClassifierStatus.DISABLED;
        }
        if (!network.isDone()) {
            return ClassifierStatus.LOADING;
        }
        if (network.isCompletedExceptionally()) {
            return ClassifierStatus.FAILED;
        }
        return network.join().isPresent() ? ClassifierStatus.LOADED : ClassifierStatus.ABSENT;
    }

    /**
     * The whole network, classifier included, waiting at most {@code timeoutMillis} for it to load.
     *
     * @throws ModelNotReadyException while it is loading
     * @throws ClassifierUnavailableException if this process does not load one, or the weights have none
     */
    public Vgg16Network network(long timeoutMillis) throws ModelNotReadyException, ClassifierUnavailableException {
        if (!config.classifier()) {
            throw new ClassifierUnavailableException("the classifier is turned off (featurelens.model.classifier=false):"
                    + " set it to true, or FEATURELENS_MODEL_CLASSIFIER=true, to get predictions and explanations");
        }
        Optional<Vgg16Network> whole = await(network, timeoutMillis, "the classifier is still loading");
        return whole.orElseThrow(() -> new ClassifierUnavailableException("these weights (" + config.weights()
                + ") have no classifier tensors, only the features: predictions and explanations need a file with"
                + " classifier.* (torchvision) or pre_logits.*/head.fc.* (timm) tensors"));
    }

    /** The model, waiting at most {@code timeoutMillis} for it to finish loading. */
    public Vgg16Model get(long timeoutMillis) throws ModelNotReadyException {
        return await(model, timeoutMillis, "the model is still loading");
    }

    private static <T> T await(CompletableFuture<T> future, long timeoutMillis, String loading) throws ModelNotReadyException {
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ModelNotReadyException(loading);
        } catch (ExecutionException e) {
            throw new ModelNotReadyException("the model failed to load");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelNotReadyException("interrupted while waiting for the model");
        }
    }
}
