package io.featurelens.visualize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Visualisations made ahead of time for whole layers (the atlas command, or the Lambda function's
 * {@code visualize} events), read from featurelens.atlas.location: a folder or an S3 prefix. An atlas entry
 * counts for a request with the same steps and seed; the atlas is trusted to come from the weights served.
 */
@ApplicationScoped
public class Atlas {

    private static final Logger LOG = Logger.getLogger(Atlas.class);

    private final Optional<String> location;
    private final Instance<S3Client> s3;
    private final ObjectMapper json;

    public Atlas(AtlasConfig config, Instance<S3Client> s3, ObjectMapper json) {
        this.location = config.location().map(String::trim).filter(l -> !l.isEmpty());
        this.s3 = s3;
        this.json = json;
    }

    /** The atlas's visualisation for {@code spec}, if it has one made with its steps and seed. */
    public Optional<Visualization> find(VisualizationSpec spec) {
        if (location.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<byte[]> meta = read(AtlasLayout.jsonKey(spec.layer(), spec.filter()));
            if (meta.isEmpty()) {
                return Optional.empty();
            }
            JsonNode entry = json.readTree(meta.get());
            if (entry.path("steps").asInt(-1) != spec.steps() || entry.path("seed").asLong(-1) != spec.seed()) {
                return Optional.empty();
            }
            Optional<byte[]> png = read(AtlasLayout.pngKey(spec.layer(), spec.filter()));
            return png.map(p -> new Visualization(spec, p, entry.path("width").asInt(VisualizationSpec.SIZE),
                    entry.path("height").asInt(VisualizationSpec.SIZE), entry.path("activation").path("mean").asDouble(),
                    entry.path("activation").path("start").asDouble()));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot read the atlas at %s for %s filter %d: %s", location.get(), spec.layer().name(),
                    spec.filter(), e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<byte[]> read(String key) throws IOException {
        String where = location.get();
        if (where.startsWith("s3://")) {
            String rest = where.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
            try {
                return Optional.of(s3.get().getObjectAsBytes(b -> b.bucket(bucket)
                        .key(prefix.isEmpty() ? key : prefix + "/" + key)).asByteArray());
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(Files.readAllBytes(Path.of(where).resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
