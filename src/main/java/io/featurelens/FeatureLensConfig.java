package io.featurelens;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "featurelens")
public interface FeatureLensConfig {

    Model model();

    Limits limits();

    interface Model {
        /**
         * Where the VGG16 weights come from: {@code demo}, a file path, {@code classpath:…}, or an
         * http(s) URL of a safetensors file with torchvision tensor names.
         */
        @WithDefault("https://huggingface.co/timm/vgg16.tv_in1k/resolve/main/model.safetensors")
        String weights();

        /** Where downloaded weights are kept; {@code ~/.cache/featurelens} when unset. */
        Optional<Path> cacheDir();

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
    }
}
