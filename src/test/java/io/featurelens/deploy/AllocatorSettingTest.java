package io.featurelens.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every image starts the JVM with glibc limited to two malloc arenas: without it the service's resident set
 * grows request after request (BENCHMARKS.md, "Native memory soak"). Glibc reads the variable once, at
 * process start, so it must be in the image's environment, not in application.properties.
 */
class AllocatorSettingTest {

    @Test
    void everyImageLimitsGlibcToTwoArenas() {
        Map<String, Dockerfile> images = Map.of("lambda", DeploymentFiles.lambdaImage(), "gpu", DeploymentFiles.gpuImage());
        images.forEach((name, image) -> assertEquals("2", image.env().get("MALLOC_ARENA_MAX"), name + " image"));
    }
}
