package io.featurelens;

import io.quarkus.runtime.configuration.MemorySize;
import io.featurelens.model.WeightsFallback;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "featurelens")
public interface FeatureLensConfig {

    Model model();

    /** Where the network runs: {@code auto} takes a GPU when the engine sees one. */
    @WithDefault("auto")
    DeviceChoice device();

    enum DeviceChoice { AUTO, CPU, GPU }

    Limits limits();

    Batching batching();

    interface Model {
        /** timm's ImageNet-1k VGG16, converted from torchvision's: the only weights called ImageNet-trained unasked. */
        String DEFAULT_WEIGHTS = "https://huggingface.co/timm/vgg16.tv_in1k/resolve/main/model.safetensors";

        /**
         * Where the VGG16 weights come from: {@code demo}, a file path, {@code classpath:…}, or an
         * http(s) URL of a safetensors file with torchvision tensor names.
         */
        @WithDefault(DEFAULT_WEIGHTS)
        String weights();

        /**
         * {@code demo}: when the default location is unreachable, use the untrained demo weights (with a
         * warning, {@code "pretrained": false}); {@code fail}: never. A location that is set explicitly and
         * fails always stops start-up.
         */
        @WithDefault("demo")
        WeightsFallback fallback();

        /**
         * What the weights are, in the operator's words (e.g. "ImageNet-trained VGG16, torchvision v1"):
         * shown on the banner and in {@code /api/model}, which then says {@code "pretrained": true}. Unset,
         * only the default location is called ImageNet-trained; other weights are "weights from" their source.
         */
        Optional<String> description();

        /** Where downloaded weights are kept; {@code ~/.cache/featurelens} when unset. */
        Optional<Path> cacheDir();

        /**
         * Load VGG16's classifier too (after the features, which are served first), for predictions and
         * explanations. {@code false} leaves it out: less memory, and /api/predict and /api/explain answer 409.
         */
        @WithDefault("true")
        boolean classifier();

        /** Connect and response timeout for the weights download. */
        @WithDefault("20s")
        Duration downloadTimeout();
    }

    interface Limits {
        /** Largest accepted image upload. */
        @WithDefault("20M")
        MemorySize maxImageSize();

        /** Largest accepted image, in decoded pixels, checked from the header before decoding. */
        @WithDefault("40000000")
        long maxPixels();

        /** Most feature maps one request may render, over all its layers. */
        @WithDefault("1024")
        int maxMaps();

        /** Computations run at once; 0 means one per CPU core. */
        @WithDefault("0")
        int maxConcurrent();

        /** Requests that may wait for a turn; more are refused with 503 and Retry-After. */
        @WithDefault("16")
        int maxQueued();

        /** Longest wait for a turn before a 503. */
        @WithDefault("10s")
        Duration maxWait();
    }

    /** Dynamic micro-batching: concurrent requests share one forward pass. Worth it on a GPU. */
    interface Batching {
        @WithDefault("false")
        boolean enabled();

        /** Most requests in one forward pass. */
        @WithDefault("16")
        int maxSize();

        /** How long the first request of a batch waits for others. */
        @WithDefault("5ms")
        Duration window();

        /** Longest wait for a batched request's maps, queue and pass included, before a 503. */
        @WithDefault("60s")
        Duration timeout();
    }
}
