package io.featurelens.core;

import io.featurelens.model.Vgg16Model;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Gathers concurrent requests into one forward pass: the first job to arrive waits at most {@code window}
 * for others, up to {@code maxBatch} in all, whatever layers they ask for. One thread runs the batches,
 * so the device works on one batch while the callers' threads encode the previous batch's PNGs.
 */
final class MicroBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);

    private record Pending(Extraction.Job job, CompletableFuture<List<Extraction.Maps>> result) {
    }

    private final Supplier<Vgg16Model> model;
    private final int maxBatch;
    private final long windowNanos;
    private final IntConsumer batchSizes;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread runner;

    MicroBatcher(Supplier<Vgg16Model> model, int maxBatch, Duration window, IntConsumer batchSizes) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.windowNanos = window.toNanos();
        this.batchSizes = batchSizes;
        this.runner = new Thread(this::loop, "micro-batcher");
        runner.setDaemon(true);
        runner.start();
    }

    CompletableFuture<List<Extraction.Maps>> submit(Extraction.Job job) {
        CompletableFuture<List<Extraction.Maps>> result = new CompletableFuture<>();
        queue.add(new Pending(job, result));
        return result;
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Pending> batch = new ArrayList<>(maxBatch);
            try {
                batch.add(queue.take());
                long deadline = System.nanoTime() + windowNanos;
                while (batch.size() < maxBatch) {
                    Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                batch.forEach(p -> p.result().completeExceptionally(e));
                break;
            }
            run(batch);
        }
        queue.forEach(p -> p.result().cancel(false));
    }

    private void run(List<Pending> batch) {
        try {
            batchSizes.accept(batch.size());
            List<CompletableFuture<List<Extraction.Maps>>> results =
                    Extraction.run(model.get(), batch.stream().map(Pending::job).toList());
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<List<Extraction.Maps>> target = batch.get(i).result();
                results.get(i).whenComplete((maps, failure) -> {
                    if (failure == null) {
                        target.complete(maps);
                    } else {
                        target.completeExceptionally(failure);
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.error("A batch failed", e);
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        runner.interrupt();
    }
}
