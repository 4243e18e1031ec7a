package io.featurelens.visualize;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finished visualisations on disk, by job id (which stands for the weights and the parameters):
 * {@code <id>.png} and {@code <id>.json} in one folder. Past {@code maxBytes} the least recently used go.
 * A file that cannot be written or read is logged and treated as absent: the cache only saves work.
 */
final class VisualizationCache {

    private static final Logger LOG = Logger.getLogger(VisualizationCache.class);

    /** What is kept beside the PNG. */
    record Entry(String layer, int filter, int steps, long seed, int width, int height, double meanActivation,
                 double startActivation, String weights) {
    }

    private final Path dir;
    private final long maxBytes;
    private final ObjectMapper json;

    VisualizationCache(Path dir, long maxBytes, ObjectMapper json) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.json = json;
    }

    Path dir() {
        return dir;
    }

    synchronized void write(String id, String weights, Visualization v) {
        VisualizationSpec spec = v.spec();
        Entry entry = new Entry(spec.layer().name(), spec.filter(), spec.steps(), spec.seed(), v.width(), v.height(),
                v.meanActivation(), v.startActivation(), weights);
        try {
            Files.createDirectories(dir);
            // The PNG first: an entry is only read when its JSON is there.
            atomically(dir.resolve(id + ".png"), v.png());
            atomically(dir.resolve(id + ".json"), json.writeValueAsBytes(entry));
            evict();
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("Cannot keep visualisation %s in %s: %s", id, dir, e.getMessage());
        }
    }

    synchronized Optional<Visualization> read(String id) {
        Path meta = dir.resolve(id + ".json");
        try {
            Entry entry = json.readValue(Files.readAllBytes(meta), Entry.class);
            byte[] png = Files.readAllBytes(dir.resolve(id + ".png"));
            FileTime now = FileTime.from(Instant.now());
            Files.setLastModifiedTime(meta, now);
            Layer layer = Vgg16.byName(entry.layer()).orElseThrow(() -> new IOException("unknown layer " + entry.layer()));
            return Optional.of(new Visualization(new VisualizationSpec(layer, entry.filter(), entry.steps(), entry.seed()),
                    png, entry.width(), entry.height(), entry.meanActivation(), entry.startActivation()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Ignoring unreadable cached visualisation %s in %s: %s", id, dir, e.getMessage());
            return Optional.empty();
        }
    }

    boolean contains(String id) {
        return Files.exists(dir.resolve(id + ".json"));
    }

    private static void atomically(Path target, byte[] bytes) throws IOException {
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Deletes the least recently used entries (by their JSON's time) until the folder is within its limit. */
    private void evict() throws IOException {
        record Kept(String id, FileTime used, long bytes) {
        }
        List<Kept> kept = new ArrayList<>();
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path meta : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                String id = meta.getFileName().toString().replaceFirst("\\.json$", "");
                Path png = dir.resolve(id + ".png");
                long bytes = Files.size(meta) + (Files.exists(png) ? Files.size(png) : 0);
                kept.add(new Kept(id, Files.getLastModifiedTime(meta), bytes));
                total += bytes;
            }
        }
        kept.sort(Comparator.comparing(Kept::used));
        for (Kept oldest : kept) {
            if (total <= maxBytes) {
                break;
            }
            Files.deleteIfExists(dir.resolve(oldest.id() + ".json"));
            Files.deleteIfExists(dir.resolve(oldest.id() + ".png"));
            total -= oldest.bytes();
            LOG.debugf("Evicted visualisation %s from %s", oldest.id(), dir);
        }
    }
}
