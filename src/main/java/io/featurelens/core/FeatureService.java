package io.featurelens.core;

import io.featurelens.FeatureLensConfig;
import io.featurelens.core.FeatureResult.Timings;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.featurelens.imaging.Preprocessor;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import io.featurelens.model.ModelHolder;
import io.featurelens.model.Vgg16Model;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The core: image bytes in, every selected feature map with its statistics and pictures out. Created at
 * start-up, so that its metrics are published before the first request (an autoscaler reads them).
 */
@Startup
@ApplicationScoped
public class FeatureService {

    private static final Logger LOG = Logger.getLogger(FeatureService.class);

    /** How long shutdown waits for the requests in progress. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final ModelHolder holder;
    private final ReadyModel ready;
    private final ImageIntake intake;
    private final int maxMaps;
    private final Admission admission;
    private final MapRenderer renderer = new MapRenderer();
    private final MicroBatcher batcher;
    private final Timer computeTimer;
    private final AtomicBoolean stopped = new AtomicBoolean();

    public FeatureService(ModelHolder holder, ReadyModel ready, FeatureLensConfig config, MeterRegistry metrics) {
        this.holder = holder;
        this.ready = ready;
        this.intake = new ImageIntake(config.limits().maxPixels(), config.limits().maxImageSize().asLongValue());
        this.maxMaps = config.limits().maxMaps();
        int concurrent = config.limits().maxConcurrent() > 0 ? config.limits().maxConcurrent()
                : Runtime.getRuntime().availableProcessors();
        this.admission = new Admission(concurrent, config.limits().maxQueued(), config.limits().maxWait());
        Gauge.builder("featurelens.requests.in.flight", admission, Admission::inFlight)
                .description("Requests being computed").register(metrics);
        Gauge.builder("featurelens.requests.queued", admission, Admission::queued)
                .description("Requests waiting for a turn").register(metrics);
        this.computeTimer = Timer.builder("featurelens.compute").description("Time to compute one request's maps, queueing included")
                .publishPercentileHistogram().register(metrics);
        DistributionSummary batchSizes = DistributionSummary.builder("featurelens.batch.size")
                .description("Requests per forward pass").publishPercentileHistogram().register(metrics);
        FeatureLensConfig.Batching batching = config.batching();
        this.batcher = batching.enabled()
                ? new MicroBatcher(ready::get, batching.maxSize(), batching.window(), batching.timeout(), batchSizes::record)
                : null;
    }

    public Admission admission() {
        return admission;
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /**
     * Shuts down in the order that leaves no request half-served: stop admitting, let the admitted requests
     * finish, stop the batcher, and only then free the model.
     */
    void stop() throws InterruptedException {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (!admission.drain(DRAIN_TIMEOUT)) {
            LOG.warnf("Requests still in progress %d s after shutdown began; closing anyway", DRAIN_TIMEOUT.toSeconds());
        }
        if (batcher != null) {
            batcher.close();
        }
        renderer.close();
        holder.close();
    }

    public FeatureResult compute(FeatureRequest request) {
        List<int[]> filters = request.layers().stream().map(layer -> request.filters().resolve(layer)).toList();
        int maps = filters.stream().mapToInt(f -> f.length).sum();
        if (maps > maxMaps) {
            throw new RejectedRequestException(422, "the request asks for " + maps + " maps; the limit is " + maxMaps
                    + " per request: ask for fewer layers or filters");
        }
        return computeTimer.record(() -> {
            try (Admission.Turn turn = admission.enter()) {
                return compute(request, filters);
            }
        });
    }

    private FeatureResult compute(FeatureRequest request, List<int[]> filters) {
        long start = System.nanoTime();
        float[] input = Preprocessor.toChannelsLastInput(intake.decode(request.image()));
        Vgg16Model model = ready.get();
        long decoded = System.nanoTime();

        Extraction.Job job = new Extraction.Job(input, request.layers(), filters, request.normalization());
        List<Extraction.Maps> extracted = batcher != null ? batcher.extract(job)
                : Extraction.run(model, List.of(job)).get(0).join();
        long forwarded = System.nanoTime();

        List<FeatureResult.LayerMaps> layers = renderer.render(extracted, request);
        long rendered = System.nanoTime();

        return new FeatureResult(ready.info(model), request.normalization(), request.colorMap(), layers,
                new FeatureResult.Timings(Timings.millis(decoded - start), Timings.millis(forwarded - decoded),
                        Timings.millis(rendered - forwarded), Timings.millis(rendered - start)));
    }


}
