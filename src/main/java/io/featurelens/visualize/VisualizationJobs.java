package io.featurelens.visualize;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.core.ReadyModel;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.model.ModelHolder;
import io.featurelens.model.Vgg16Model;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Visualisations as jobs: a job is queued, runs on this service's own threads (featurelens.visualize.concurrency
 * at a time, apart from the threads that serve feature maps), and its picture goes into a cache on disk under
 * featurelens.model.cache-dir. A job's id stands for the weights' fingerprint and the parameters, so asking again
 * finds the same job, or its picture in the cache or the atlas. Jobs that are queued or running live only as
 * long as the process; finished pictures stay in the cache.
 */
@ApplicationScoped
public class VisualizationJobs {

    private static final Logger LOG = Logger.getLogger(VisualizationJobs.class);
    /** Part of every id: a change to how pictures are made must change it, so old cached pictures no longer match. */
    private static final String RECIPE = "lucid-fourier-4";
    private static final int RETRY_AFTER_SECONDS = 10;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ReadyModel model;
    private final Atlas atlas;
    private final VisualizationCache cache;
    private final int queueSize;
    private final int previewEvery;
    private final ExecutorService workers;
    /** Jobs queued, running or failed; a finished job is in the cache and leaves memory. */
    private final Map<String, VisualizationJob> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    public VisualizationJobs(ReadyModel model, ModelHolder holder, Atlas atlas, VisualizeConfig config, ObjectMapper json) {
        this.model = model;
        this.atlas = atlas;
        this.cache = new VisualizationCache(holder.cacheDir().resolve("visualizations"), config.cacheSize().asLongValue(), json);
        this.queueSize = config.queueSize();
        this.previewEvery = Math.max(1, config.previewEvery());
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.concurrency()), task -> {
            Thread thread = new Thread(task, "visualize-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * At shutdown, before the model is freed (FeatureService stops at the default priority, after this): interrupts
     * the renders, which stop before their next step, and waits for them. Only if this service was ever used.
     */
    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event)
            throws InterruptedException {
        workers.shutdownNow();
        if (!workers.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            LOG.warnf("Visualisations still running %d s after shutdown began", STOP_TIMEOUT.toSeconds());
        }
    }

    /** What {@link #submit} answers: the job, and whether its picture was already made. */
    public record Submitted(VisualizationJob job, boolean alreadyMade) {
    }

    /**
     * The job for {@code spec}: the one already known, a finished one from the cache or the atlas, or a new
     * one in the queue. A full queue is a 503 with Retry-After.
     */
    public Submitted submit(VisualizationSpec spec) {
        Vgg16Model loaded = model.get();
        String id = id(loaded, spec);
        synchronized (this) {
            VisualizationJob known = jobs.get(id);
            if (known != null && known.state().status() != VisualizationJob.Status.FAILED) {
                return new Submitted(known, known.state().status() == VisualizationJob.Status.DONE);
            }
            Optional<VisualizationJob> made = made(id, loaded, spec);
            if (made.isPresent()) {
                jobs.remove(id);
                return new Submitted(made.get(), true);
            }
            if (waiting.get() >= queueSize) {
                throw new RejectedRequestException(503, "the visualisation queue is full (" + queueSize
                        + " jobs waiting); try again later", OptionalInt.of(RETRY_AFTER_SECONDS));
            }
            VisualizationJob job = VisualizationJob.queued(id, spec);
            jobs.put(id, job);
            waiting.incrementAndGet();
            workers.execute(() -> run(job, loaded));
            LOG.infof("Visualisation %s queued: %s filter %d, %d steps, seed %d", id, spec.layer().name(),
                    spec.filter(), spec.steps(), spec.seed());
            return new Submitted(job, false);
        }
    }

    /** The job with this id: queued, running or failed in this process, or finished and in the cache. */
    public Optional<VisualizationJob> find(String id) {
        VisualizationJob known = jobs.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        return cache.read(id).map(v -> VisualizationJob.done(id, v));
    }

    /** The finished visualisation for {@code spec} from the cache or the atlas, without making one. */
    public Optional<VisualizationJob> existing(VisualizationSpec spec) {
        Vgg16Model loaded = model.get();
        String id = id(loaded, spec);
        VisualizationJob known = jobs.get(id);
        if (known != null && known.state().status() == VisualizationJob.Status.DONE) {
            return Optional.of(known);
        }
        return made(id, loaded, spec);
    }

    private Optional<VisualizationJob> made(String id, Vgg16Model loaded, VisualizationSpec spec) {
        Optional<Visualization> made = cache.read(id);
        if (made.isEmpty()) {
            made = atlas.find(spec);
            made.ifPresent(v -> cache.write(id, loaded.weightsFingerprint(), v));
        }
        return made.map(v -> VisualizationJob.done(id, v));
    }

    /** Jobs waiting for a turn. */
    public int waiting() {
        return waiting.get();
    }

    private void run(VisualizationJob job, Vgg16Model loaded) {
        waiting.decrementAndGet();
        VisualizationSpec spec = job.state().spec();
        long start = System.nanoTime();
        job.started();
        try {
            Visualization made = new FeatureVisualizer(loaded).render(spec, (done, total, preview) ->
                    job.progressed(done, total, done % previewEvery == 0 && done < total && job.hasSubscribers()
                            ? preview.get() : null));
            cache.write(job.id(), loaded.weightsFingerprint(), made);
            job.finished(made);
            if (cache.contains(job.id())) {
                jobs.remove(job.id());
            }
            LOG.infof("Visualisation %s done in %d ms: mean activation %.4g (start %.4g)", job.id(),
                    (System.nanoTime() - start) / 1_000_000, made.meanActivation(), made.startActivation());
        } catch (RejectedRequestException e) {
            LOG.infof("Visualisation %s refused: %s", job.id(), e.getMessage());
            job.failed(e.getMessage());
        } catch (CancellationException e) {
            LOG.infof("Visualisation %s %s: the service is shutting down", job.id(), e.getMessage());
            job.failed("the service shut down before the visualisation was done; ask again");
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "Visualisation %s failed", job.id());
            job.failed("the visualisation failed; the reason is logged on the server");
        }
    }

    /** SHA-256 over the recipe, the weights' fingerprint and the parameters, 32 hex digits. */
    static String id(Vgg16Model loaded, VisualizationSpec spec) {
        String key = String.join("|", RECIPE, loaded.weightsFingerprint(), spec.layer().name(),
                Integer.toString(spec.filter()), Integer.toString(spec.steps()), Long.toString(spec.seed()),
                Integer.toString(VisualizationSpec.SIZE));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
