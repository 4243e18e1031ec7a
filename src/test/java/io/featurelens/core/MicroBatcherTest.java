package io.featurelens.core;

import ai.djl.Device;
import io.featurelens.model.DemoWeights;
import io.featurelens.model.Vgg16;
import io.featurelens.model.Vgg16Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever a batch throws fails that batch alone; the next batch is served; nobody waits past the timeout. */
class MicroBatcherTest {

    private static Vgg16Model model;
    private static final Extraction.Job JOB = new Extraction.Job(new float[224 * 224 * 3], List.of(Vgg16.layer(0)),
            List.of(new int[] {0, 5}), Normalization.SIGMOID);

    @BeforeAll
    static void setUp() {
        model = new Vgg16Model(DemoWeights.generate(), Device.cpu());
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    @Test
    void anErrorFailsItsBatchAndTheNextBatchIsServed() throws Exception {
        AtomicInteger batches = new AtomicInteger();
        Supplier<Vgg16Model> firstBatchRunsOutOfMemory = () -> {
            if (batches.getAndIncrement() == 0) {
                throw new OutOfMemoryError("a batch array");
            }
            return model;
        };
        try (MicroBatcher batcher = new MicroBatcher(firstBatchRunsOutOfMemory, 4, Duration.ofMillis(1),
                Duration.ofMinutes(5), size -> { })) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> batcher.submit(JOB).get(30, TimeUnit.SECONDS));
            assertInstanceOf(OutOfMemoryError.class, failed.getCause());
            assertEquals(2, batcher.submit(JOB).get(60, TimeUnit.SECONDS).get(0).filters().length,
                    "the batcher's thread survived and serves the next batch");
        }
    }

    @Test
    void closingStartsNoPassAndReturnsWhenTheThreadIsDone() throws Exception {
        CountDownLatch modelAskedFor = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        Supplier<Vgg16Model> slowToLoad = () -> {
            modelAskedFor.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return model;
        };
        MicroBatcher batcher = new MicroBatcher(slowToLoad, 4, Duration.ofMillis(1), Duration.ofMinutes(1),
                size -> passes.incrementAndGet());
        var result = batcher.submit(JOB);
        assertTrue(modelAskedFor.await(30, TimeUnit.SECONDS));
        batcher.close();
        assertTrue(result.isCancelled(), "the batch that had not started its pass is cancelled by the time close returns");
        assertEquals(0, passes.get(), "no pass starts after close, which would use a model about to be freed");
    }

    @Test
    void aRequestWaitsNoLongerThanTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Supplier<Vgg16Model> stuck = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return model;
        };
        try (MicroBatcher batcher = new MicroBatcher(stuck, 4, Duration.ofMillis(1), Duration.ofMillis(300), size -> { })) {
            long start = System.nanoTime();
            RejectedRequestException refused = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(RejectedRequestException.class, () -> batcher.extract(JOB)));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(503, refused.status());
            assertTrue(refused.retryAfterSeconds().isPresent());
            assertTrue(waited >= 300 && waited < 10_000, "waited " + waited + " ms");
        } finally {
            release.countDown();
        }
    }
}
