package io.featurelens.core;

import io.featurelens.model.Vgg16Model;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Gathers concurrent requests into one forward pass: the first job to arrive waits at most {@code window}
 * for others, up to {@code maxBatch} in all, whatever layers they ask for. One thread runs the batches,
 * so the device works on one batch while the callers' threads encode the previous batch's PNGs. Whatever
 * a batch throws, its own requests fail and the thread goes on; no caller waits longer than {@code timeout}.
 * Closing it waits for the pass in progress, if any, so that the model can be freed after it.
 */
final class MicroBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);

    private record Pending(Extraction.Job job, CompletableFuture<List<Extraction.Maps>> result) {
    }

    private final Supplier<Vgg16Model> model;
    private final int maxBatch;
    private final long windowNanos;
    private final Duration timeout;
    private final IntConsumer batchSizes;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread runner;

    MicroBatcher(Supplier<Vgg16Model> model, int maxBatch, Duration window, Duration timeout, IntConsumer batchSizes) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.windowNanos = window.toNanos();
        this.timeout = timeout;
        this.batchSizes = batchSizes;
        this.runner = new Thread(this::loop, "micro-batcher");
        runner.setDaemon(true);
        runner.start();
    }

    /**
     * {@code job}'s maps, computed in a batch. Waits at most the timeout; a job not done by then is
     * refused with 503 (it is dropped from its batch if that has not started yet).
     */
    List<Extraction.Maps> extract(Extraction.Job job) {
        CompletableFuture<List<Extraction.Maps>> result = submit(job);
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(false);
            throw new RejectedRequestException(503, "the model did not answer within " + timeout.toMillis()
                    + " ms; try again shortly", OptionalInt.of(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
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
            batch.removeIf(p -> p.result().isDone());
            if (!batch.isEmpty()) {
                run(batch);
            }
        }
        queue.forEach(p -> p.result().cancel(false));
    }

    private void run(List<Pending> batch) {
        try {
            Vgg16Model ready = model.get();
            if (Thread.currentThread().isInterrupted()) {
                batch.forEach(p -> p.result().cancel(false));
                return;
            }
            batchSizes.accept(batch.size());
            Extraction.run(ready, batch.stream().map(Pending::job).toList(), batch.stream().map(Pending::result).toList());
        } catch (Throwable e) {
            LOG.error("A batch failed", e);
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    /**
     * Stops the thread, cancelling what waits, and returns once the pass in progress has ended (a pass cannot be
     * cut short), or after the timeout at the latest.
     */
    @Override
    public void close() {
        runner.interrupt();
        try {
            runner.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (runner.isAlive()) {
            LOG.warnf("The batch in progress is still running %d ms after the batcher was closed", timeout.toMillis());
        }
    }
}
