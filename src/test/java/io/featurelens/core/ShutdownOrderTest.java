package io.featurelens.core;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.featurelens.model.Vgg16;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shutdown stops admitting, lets the admitted requests finish on an open model, and only then closes it.
 * The test holds the only turn, so two requests are waiting (a full queue) when shutdown begins; they must be served in
 * full. Its own profile: the application is stopped at the end.
 */
@QuarkusTest
@TestProfile(ShutdownOrderTest.OneTurn.class)
class ShutdownOrderTest {

    public static class OneTurn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("featurelens.limits.max-concurrent", "1", "featurelens.limits.max-queued", "2",
                    "featurelens.limits.max-wait", "120s");
        }
    }

    @Inject
    FeatureService service;

    @Test
    void requestsAdmittedBeforeShutdownAreServedBeforeTheModelCloses() throws Exception {
        ModelReady.await();
        FeatureRequest request = new FeatureRequest(Goldens.sceneImage(), List.of(Vgg16.layer(15)), FilterSelection.ALL,
                Normalization.SIGMOID, io.featurelens.imaging.ColorMap.GREY, java.util.Set.of(FeatureRequest.Output.MAPS));
        Admission.Turn held = service.admission().enter();
        List<CompletableFuture<FeatureResult>> waiting = List.of(
                CompletableFuture.supplyAsync(() -> service.compute(request)),
                CompletableFuture.supplyAsync(() -> service.compute(request)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (service.admission().queued() < 2) {
            assertTrue(System.nanoTime() < deadline, "the requests never started waiting");
            Thread.sleep(5);
        }

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                service.stop();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        RejectedRequestException refused;
        do {
            assertTrue(System.nanoTime() < deadline, "admission never stopped");
            refused = assertThrows(RejectedRequestException.class, () -> service.admission().enter(),
                    "the queue is full, and then admission is closed");
            Thread.sleep(1);
        } while (!refused.getMessage().contains("shutting down"));
        assertEquals(503, refused.status());
        assertFalse(stopped.isDone(), "shutdown waits for the requests already admitted");

        held.close();
        for (CompletableFuture<FeatureResult> result : waiting) {
            assertEquals(256, result.get(120, TimeUnit.SECONDS).first().maps().size(), "served in full, on an open model");
        }
        stopped.get(60, TimeUnit.SECONDS);
        RejectedRequestException after = assertThrows(RejectedRequestException.class, () -> service.compute(request));
        assertEquals(503, after.status());
    }
}
