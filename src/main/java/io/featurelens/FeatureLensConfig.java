package io.featurelens;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "featurelens")
public interface FeatureLensConfig {

    Model model();

    /** Where the network runs: {@code auto} takes a GPU when the engine sees one. */
    @WithDefault("auto")
    DeviceChoice device();

    enum DeviceChoice { AUTO, CPU, GPU }

    Limits limits();

    Batching batching();

    Lambda lambda();

    interface Model {
        /**
         * Where the VGG16 weights come from: {@code demo}, a file path, {@code classpath:…}, or an
         * http(s) URL of a safetensors file with torchvision tensor names.
         */
        @WithDefault("https://huggingface.co/timm/vgg16.tv_in1k/resolve/main/model.safetensors")
        String weights();

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
    }

    /** The AWS Lambda function (package io.featurelens.lambda). */
    interface Lambda {
        /**
         * Largest answer with the maps inline. Lambda refuses synchronous answers over 6 MB; past this
         * limit the caller is told to use S3 output or fewer filters.
         */
        @WithDefault("5M")
        MemorySize maxInlineBytes();

        /** How long function initialisation waits for the model before giving up. */
        @WithDefault("5m")
        Duration modelTimeout();

        S3 s3();

        Pipeline pipeline();

        interface S3 {
            /** Another S3-compatible endpoint, e.g. {@code http://127.0.0.1:9000}; AWS's own when unset. */
            Optional<URI> endpoint();

            /** Path-style addressing ({@code endpoint/bucket/key}), which most S3-compatible servers want. */
            @WithDefault("false")
            boolean pathStyle();

            /**
             * The only buckets the function reads images from and writes maps to. An event naming another
             * bucket is refused (403) before anything is fetched. Unset: whatever the execution role allows.
             */
            Optional<Set<String>> allowedBuckets();

            /** How many objects are written at once. */
            @WithDefault("16")
            int uploadConcurrency();
        }

        /** What happens to images announced by S3 "object created" notifications. */
        interface Pipeline {
            /** The layers computed for each image, by index or name. */
            @WithDefault("conv1_1,conv1_2")
            List<String> layers();

            /** Filters of each layer: all, or indices and ranges such as 0-7,12. */
            @WithDefault("all")
            String filters();

            /** sigmoid or minmax. */
            @WithDefault("sigmoid")
            String normalize();

            /** grey, viridis or magma. */
            @WithDefault("grey")
            String colormap();

            /** Where the maps go; the bucket the image came from when unset. */
            Optional<String> outputBucket();

            /**
             * Key prefix of the maps: {@code <prefix>/<image key>/<layer>/filter-NN.png} and
             * {@code …/montage.png}. Images under it in the output bucket are never read, so input and
             * output can share a bucket without a loop.
             */
            @WithDefault("featurelens")
            String outputPrefix();
        }
    }
}
