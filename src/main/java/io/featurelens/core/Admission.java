package io.featurelens.core;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the work in progress: at most {@code maxConcurrent} computations run, at most {@code maxQueued}
 * wait for a turn, and none waits longer than {@code maxWait}. Anything beyond is refused at once with a
 * 503 and {@code Retry-After}, so overload costs the caller a retry instead of costing the process its memory.
 */
public final class Admission {

    private final int maxConcurrent;
    private final Semaphore running;
    private final int maxQueued;
    private final Duration maxWait;
    private final AtomicInteger queued = new AtomicInteger();

    public Admission(int maxConcurrent, int maxQueued, Duration maxWait) {
        this.maxConcurrent = maxConcurrent;
        this.running = new Semaphore(maxConcurrent, true);
        this.maxQueued = maxQueued;
        this.maxWait = maxWait;
    }

    /** A turn to compute; close it when done. */
    public Turn enter() {
        if (running.tryAcquire()) {
            return running::release;
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            throw busy("the service is busy (" + maxQueued + " requests already waiting)");
        }
        try {
            if (!running.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy("the service is busy (no turn within " + maxWait.toSeconds() + " s)");
            }
            return running::release;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted while waiting for a turn");
        } finally {
            queued.decrementAndGet();
        }
    }

    /** Requests waiting for a turn. */
    public int queued() {
        return queued.get();
    }

    /** Computations in progress. */
    public int inFlight() {
        return maxConcurrent - running.availablePermits();
    }

    private static RejectedRequestException busy(String message) {
        return new RejectedRequestException(503, message + "; retry shortly", OptionalInt.of(1));
    }

    /** Held while computing. */
    @FunctionalInterface
    public interface Turn extends AutoCloseable {
        @Override
        void close();
    }
}
