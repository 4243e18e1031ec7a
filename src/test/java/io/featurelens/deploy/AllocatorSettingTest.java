package io.featurelens.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every image starts the JVM with the same glibc malloc settings: two arenas (without it the resident set
 * grows request after request) and large blocks kept rather than mapped afresh (without it a pass over two
 * images costs nearly twice per image what a pass over one does): BENCHMARKS.md, "Native memory soak" and
 * "Batch cost". Glibc reads them once, at process start, so they must be in the image's environment, not in
 * application.properties; bench/service.py reads them from the CPU image for every benchmark.
 */
class AllocatorSettingTest {

    private static final Map<String, String> SETTINGS = Map.of(
            "MALLOC_ARENA_MAX", "2",
            "MALLOC_MMAP_MAX_", "0",
            "MALLOC_TRIM_THRESHOLD_", String.valueOf(256 << 20),
            "MALLOC_TOP_PAD_", String.valueOf(64 << 20));

    @Test
    void everyImageSetsTheSameMallocSettings() {
        Map<String, Dockerfile> images = Map.of("cpu", DeploymentFiles.cpuImage(), "lambda", DeploymentFiles.lambdaImage(),
                "gpu", DeploymentFiles.gpuImage());
        images.forEach((name, image) -> {
            Map<String, String> malloc = new TreeMap<>(image.env());
            malloc.keySet().removeIf(key -> !key.startsWith("MALLOC_"));
            assertEquals(new TreeMap<>(SETTINGS), malloc, name + " image");
        });
    }
}
