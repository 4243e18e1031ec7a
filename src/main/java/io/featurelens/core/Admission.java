package io.featurelens.core;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the work in progress: at most {@code maxConcurrent} computations run, at most {@code maxQueued}
 * wait for a turn, in the order they came, and none waits longer than {@code maxWait}. Anything beyond is
 * refused at once with a 503 and {@code Retry-After}, so overload costs the caller a retry instead of
 * costing the process its memory. {@link #drain} ends admission for good, at shutdown.
 */
public final class Admission {

    private final int maxConcurrent;
    /** Fair, and only ever taken with a timeout: the untimed {@code tryAcquire()} would barge past waiters. */
    private final Semaphore running;
    private final int maxQueued;
    private final Duration maxWait;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    public Admission(int maxConcurrent, int maxQueued, Duration maxWait) {
        this.maxConcurrent = maxConcurrent;
        this.running = new Semaphore(maxConcurrent, true);
        this.maxQueued = maxQueued;
        this.maxWait = maxWait;
    }

    /** A turn to compute; close it when done. */
    public Turn enter() {
        if (draining) {
            throw busy("the service is shutting down");
        }
        try {
            if (running.tryAcquire(0, TimeUnit.MILLISECONDS)) {
                return new Turn();
            }
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                throw busy("the service is busy (" + maxQueued + " requests already waiting)");
            }
            try {
                if (!running.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw busy("the service is busy (no turn within " + maxWait.toSeconds() + " s)");
                }
                return new Turn();
            } finally {
                queued.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted while waiting for a turn");
        }
    }

    /**
     * Stops admitting (new requests get a 503) and waits, at most {@code timeout}, until the requests already
     * admitted or waiting have finished. Whether they all finished.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        return running.tryAcquire(maxConcurrent, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Requests waiting for a turn. */
    public int queued() {
        return queued.get();
    }

    /** Computations in progress. */
    public int inFlight() {
        return inFlight.get();
    }

    private static RejectedRequestException busy(String message) {
        return new RejectedRequestException(503, message + "; retry shortly", OptionalInt.of(1));
    }

    /** Held while computing; closing it more than once gives the turn back once. */
    public final class Turn implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Turn() {
            inFlight.incrementAndGet();
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                inFlight.decrementAndGet();
                running.release();
            }
        }
    }
}
