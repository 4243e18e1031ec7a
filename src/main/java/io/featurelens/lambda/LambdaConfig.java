package io.featurelens.lambda;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Settings of the AWS Lambda function only. */
@ConfigMapping(prefix = "featurelens.lambda")
public interface LambdaConfig {

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

        /**
         * Also write the Grad-CAM overlay of the image's top class (relu5_3, as POST /api/explain answers by
         * default) to {@code <prefix>/<image key>/gradcam-overlay.png}. Needs weights with a classifier.
         */
        @WithDefault("false")
        boolean gradcamOverlay();
    }
}
