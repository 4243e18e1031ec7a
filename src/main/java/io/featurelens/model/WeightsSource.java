package io.featurelens.model;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code featurelens.model.weights}: {@code demo}, {@code classpath:…}, an http(s) URL or a
 * location a {@link RemoteWeights} accepts (fetched once into {@code cacheDir}), or a file path. With the
 * {@link WeightsFallback#DEMO} policy, only the default location, when no server answers, falls back to the
 * demo weights (a first start without network); anything else that fails is an error that names the location.
 */
public final class WeightsSource {

    private static final Logger LOG = Logger.getLogger(WeightsSource.class);
    private static final String CLASSPATH = "classpath:";

    private final Path cacheDir;
    private final Duration timeout;
    private final List<RemoteWeights> remotes;
    private final String defaultLocation;
    private final WeightsFallback fallback;

    public WeightsSource(Path cacheDir, Duration timeout, List<RemoteWeights> remotes, String defaultLocation,
                         WeightsFallback fallback) {
        this.cacheDir = cacheDir;
        this.timeout = timeout;
        this.remotes = List.copyOf(remotes);
        this.defaultLocation = defaultLocation;
        this.fallback = fallback;
    }

    public LoadedWeights load(String setting) throws IOException {
        String location = setting.trim();
        if (location.equals(DemoWeights.SOURCE)) {
            LOG.warn(demoWarning("featurelens.model.weights=demo"));
            return DemoWeights.generate();
        }
        if (location.startsWith(CLASSPATH)) {
            return SafetensorsWeights.read(ByteBuffer.wrap(resource(location.substring(CLASSPATH.length()))), location);
        }
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return downloaded(location, URI.create(location));
        }
        for (RemoteWeights remote : remotes) {
            if (remote.accepts(location)) {
                return downloaded(location, remote.downloadUrl(location));
            }
        }
        return SafetensorsWeights.read(Path.of(location), location);
    }

    /**
     * The classifier of the weights {@code setting} names, read after {@code features} were: the demo
     * classifier with demo features (chosen, or the fallback), empty for a file without classifier tensors.
     */
    public Optional<ClassifierWeights> loadClassifier(String setting, LoadedWeights features) throws IOException {
        String location = setting.trim();
        if (features.source().equals(DemoWeights.SOURCE)) {
            return Optional.of(DemoClassifier.generate());
        }
        if (location.startsWith(CLASSPATH)) {
            return SafetensorsWeights.readClassifier(ByteBuffer.wrap(resource(location.substring(CLASSPATH.length()))));
        }
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return downloadedClassifier(location, URI.create(location));
        }
        for (RemoteWeights remote : remotes) {
            if (remote.accepts(location)) {
                return downloadedClassifier(location, remote.downloadUrl(location));
            }
        }
        return SafetensorsWeights.readClassifier(Path.of(location));
    }

    private Optional<ClassifierWeights> downloadedClassifier(String location, URI url) throws IOException {
        return SafetensorsWeights.readClassifier(WeightsDownloader.classifier(cacheDir, timeout).fetch(url, location));
    }

    private LoadedWeights downloaded(String location, URI url) throws IOException {
        try {
            return SafetensorsWeights.read(new WeightsDownloader(cacheDir, timeout).fetch(url, location), location);
        } catch (WeightsUnavailableException e) {
            if (fallback == WeightsFallback.DEMO && e.unreachable() && location.equals(defaultLocation)) {
                LOG.warn(demoWarning(e.getMessage() + "; featurelens.model.fallback=demo"));
                return DemoWeights.generate();
            }
            throw e;
        }
    }

    private static String demoWarning(String reason) {
        return "USING UNTRAINED DEMO WEIGHTS (" + reason + "): the maps show what random filters see, "
                + "not an ImageNet-trained VGG16. Every response says \"pretrained\": false.";
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new InvalidWeightsException("no classpath resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
