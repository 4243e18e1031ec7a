package io.featurelens.core;

import io.featurelens.FeatureLensConfig;
import io.featurelens.core.FeatureResult.Timings;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.featurelens.imaging.KernelPatches;
import io.featurelens.imaging.Montage;
import io.featurelens.imaging.PngEncoder;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.imaging.RgbImage;
import io.featurelens.model.ModelHolder;
import io.featurelens.model.ModelNotReadyException;
import io.featurelens.model.Vgg16;
import io.featurelens.model.Vgg16Model;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The core: image bytes in, every selected feature map with its statistics and pictures out. Created at
 * start-up, so that its metrics are published before the first request (an autoscaler reads them).
 */
@Startup
@ApplicationScoped
public class FeatureService {

    public static final String MODEL_NAME = "vgg16";

    private static final long MODEL_WAIT_MILLIS = 2_000;
    private static final int KERNEL_SIZE = 3;

    private final ModelHolder holder;
    private final ImageIntake intake;
    private final int maxMaps;
    private final Admission admission;
    private final ForkJoinPool renderPool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    private final MicroBatcher batcher;
    private final Timer computeTimer;

    public FeatureService(ModelHolder holder, FeatureLensConfig config, MeterRegistry metrics) {
        this.holder = holder;
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
                ? new MicroBatcher(this::model, batching.maxSize(), batching.window(), batchSizes::record)
                : null;
    }

    public Admission admission() {
        return admission;
    }

    @PreDestroy
    void stop() {
        renderPool.shutdown();
        if (batcher != null) {
            batcher.close();
        }
    }

    public ModelInfo modelInfo() {
        return info(model());
    }

    /** The conv1_1 kernels as small RGB patches; {@link KernelPatches} says how weights become colours. */
    public FirstKernels firstKernels() {
        Vgg16Model model = model();
        float[] weights = model.firstKernels();
        List<RgbImage> patches = KernelPatches.render(weights, KERNEL_SIZE);
        int perKernel = weights.length / patches.size();
        List<FirstKernels.Kernel> kernels = IntStream.range(0, patches.size()).mapToObj(k -> {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = k * perKernel; i < (k + 1) * perKernel; i++) {
                min = Math.min(min, weights[i]);
                max = Math.max(max, weights[i]);
            }
            RgbImage patch = patches.get(k);
            int[][][] rgb = new int[KERNEL_SIZE][KERNEL_SIZE][3];
            for (int i = 0; i < patch.pixels().length; i++) {
                rgb[i / 3 / KERNEL_SIZE][i / 3 % KERNEL_SIZE][i % 3] = patch.pixels()[i] & 0xFF;
            }
            return new FirstKernels.Kernel(k, min, max, rgb, PngEncoder.rgb(patch));
        }).toList();
        return new FirstKernels(info(model), Vgg16.layer(0), FirstKernels.SCALING, kernels);
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
        float[] input = Preprocessor.toInput(intake.decode(request.image()));
        Vgg16Model model = model();
        long decoded = System.nanoTime();

        Extraction.Job job = new Extraction.Job(input, request.layers(), filters, request.normalization());
        CompletableFuture<List<Extraction.Maps>> pending = batcher != null ? batcher.submit(job)
                : Extraction.run(model, List.of(job)).get(0);
        List<Extraction.Maps> extracted = pending.join();
        long forwarded = System.nanoTime();

        List<FeatureResult.LayerMaps> layers = renderPool.submit(() -> extracted.stream()
                .map(e -> render(e, request)).toList()).join();
        long rendered = System.nanoTime();

        return new FeatureResult(info(model), request.normalization(), request.colorMap(), layers,
                new FeatureResult.Timings(Timings.millis(decoded - start), Timings.millis(forwarded - decoded),
                        Timings.millis(rendered - forwarded), Timings.millis(rendered - start)));
    }

    private Vgg16Model model() {
        try {
            return holder.get(MODEL_WAIT_MILLIS);
        } catch (ModelNotReadyException e) {
            throw new RejectedRequestException(503, e.getMessage() + "; try again shortly", OptionalInt.of(5));
        }
    }

    private static FeatureResult.LayerMaps render(Extraction.Maps e, FeatureRequest request) {
        int pixels = e.layer().height() * e.layer().width();
        List<FeatureResult.FeatureMap> maps = IntStream.range(0, e.filters().length).parallel().mapToObj(i -> {
            byte[] levels = java.util.Arrays.copyOfRange(e.levels(), i * pixels, (i + 1) * pixels);
            byte[] png = request.outputs().contains(FeatureRequest.Output.MAPS)
                    ? request.colorMap().encode(levels, e.layer().width(), e.layer().height()) : null;
            return new FeatureResult.FeatureMap(e.filters()[i], e.min()[i], e.max()[i], e.mean()[i], levels, png);
        }).toList();
        byte[] montage = request.outputs().contains(FeatureRequest.Output.MONTAGE)
                ? Montage.render(maps.stream().map(m -> new Montage.Tile(m.filter(), m.levels())).toList(),
                        e.layer().width(), e.layer().height(), request.colorMap())
                : null;
        return new FeatureResult.LayerMaps(e.layer(), maps, montage);
    }

    public static ModelInfo info(Vgg16Model model) {
        return new ModelInfo(MODEL_NAME, model.pretrained(), model.weightsSource(), model.deviceName());
    }

}
