package io.featurelens.model;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.featurelens.model.TestSafetensors.assertSameAsDemo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code featurelens.model.fallback}: the demo weights stand in only for the default location, and only
 * when no server answers; a location that was set explicitly, or one that answers 404, is an error that
 * names it. Against Vert.x's static file server on loopback; port 1 has no server.
 */
class WeightsFallbackTest {

    private static final String UNREACHABLE = "http://127.0.0.1:1/model.safetensors";

    @TempDir
    Path dir;

    private Vertx vertx;
    private URI served;

    @BeforeEach
    void serve() throws Exception {
        vertx = Vertx.vertx();
        Path root = Files.createDirectories(dir.resolve("served"));
        TestSafetensors.demoFeatures().write(root.resolve("model.safetensors"));
        Router router = Router.router(vertx);
        router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, root.toString()));
        int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        served = URI.create("http://127.0.0.1:" + port + "/model.safetensors");
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private LoadedWeights load(String location, String defaultLocation, WeightsFallback fallback) throws Exception {
        return new WeightsSource(dir.resolve("cache"), Duration.ofSeconds(5), List.of(), defaultLocation, fallback).load(location);
    }

    @Test
    void anUnreachableDefaultLocationFallsBackToTheDemoWeights() throws Exception {
        LoadedWeights weights = load(UNREACHABLE, UNREACHABLE, WeightsFallback.DEMO);
        assertFalse(weights.pretrained());
        assertEquals(DemoWeights.SOURCE, weights.source());
    }

    @Test
    void withFallbackFailEvenTheDefaultLocationMustBeReached() {
        WeightsUnavailableException e = assertThrows(WeightsUnavailableException.class,
                () -> load(UNREACHABLE, UNREACHABLE, WeightsFallback.FAIL));
        assertTrue(e.getMessage().contains(UNREACHABLE), e.getMessage());
    }

    @Test
    void anExplicitLocationThatCannotBeReachedIsAnErrorNamingIt() {
        WeightsUnavailableException e = assertThrows(WeightsUnavailableException.class,
                () -> load(UNREACHABLE, served.toString(), WeightsFallback.DEMO));
        assertTrue(e.getMessage().startsWith("could not download weights from " + UNREACHABLE), e.getMessage());
    }

    @Test
    void anExplicitLocationThatAnswers404IsAnErrorNamingIt() {
        String missing = served.resolve("typo.safetensors").toString();
        WeightsUnavailableException e = assertThrows(WeightsUnavailableException.class,
                () -> load(missing, served.toString(), WeightsFallback.DEMO));
        assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("HTTP 404"), e.getMessage());
        assertFalse(e.unreachable());
    }

    @Test
    void aDefaultLocationThatAnswers404IsAnErrorToo() {
        String missing = served.resolve("typo.safetensors").toString();
        assertThrows(WeightsUnavailableException.class, () -> load(missing, missing, WeightsFallback.DEMO));
    }

    @Test
    void theDefaultLocationWhenReachedIsTheOnlyOneCalledImageNetTrained() throws Exception {
        LoadedWeights weights = load(served.toString(), served.toString(), WeightsFallback.DEMO);
        assertSameAsDemo(weights);
        assertEquals(new WeightsLabel(true, WeightsLabel.IMAGENET), WeightsLabel.of(weights, true, Optional.empty()));

        WeightsLabel elsewhere = WeightsLabel.of(weights, false, Optional.empty());
        assertNull(elsewhere.pretrained(), "weights from elsewhere are not claimed to be anything");
        assertEquals("weights from " + served, elsewhere.description());
        assertEquals(new WeightsLabel(true, "ImageNet-trained VGG16, torchvision v1"),
                WeightsLabel.of(weights, false, Optional.of(" ImageNet-trained VGG16, torchvision v1 ")));
        assertEquals(new WeightsLabel(false, WeightsLabel.DEMO),
                WeightsLabel.of(DemoWeights.generate(), false, Optional.of("whatever the operator says")),
                "the demo weights are never called trained");
    }
}
