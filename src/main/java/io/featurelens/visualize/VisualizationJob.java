package io.featurelens.visualize;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One visualisation being made, or made: its state, progress and, when done, the picture. Changes are told
 * to its subscribers in the order they happen, each change under the job's lock, so a subscriber that joins
 * late first hears the state it joined in and then every change after it.
 */
public final class VisualizationJob {

    public enum Status {
        QUEUED, RUNNING, DONE, FAILED;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean finished() {
            return this == DONE || this == FAILED;
        }
    }

    /** What a job is at one moment. {@code result} only when done, {@code error} only when failed. */
    public record State(String id, VisualizationSpec spec, Status status, double progress, Visualization result, String error) {
    }

    /**
     * A change: {@code preview} is the image as it is at {@code step}, a PNG, on some progress events
     * (every featurelens.visualize.preview-every steps), else null.
     */
    public record Event(State state, int step, byte[] preview) {
    }

    private final String id;
    private final VisualizationSpec spec;
    private final List<Consumer<Event>> subscribers = new ArrayList<>();
    private Status status;
    private double progress;
    private int step;
    private Visualization result;
    private String error;

    private VisualizationJob(String id, VisualizationSpec spec, Status status, Visualization result) {
        this.id = id;
        this.spec = spec;
        this.status = status;
        this.result = result;
        this.progress = status == Status.DONE ? 1.0 : 0.0;
    }

    static VisualizationJob queued(String id, VisualizationSpec spec) {
        return new VisualizationJob(id, spec, Status.QUEUED, null);
    }

    static VisualizationJob done(String id, Visualization result) {
        return new VisualizationJob(id, result.spec(), Status.DONE, result);
    }

    public String id() {
        return id;
    }

    public synchronized State state() {
        return new State(id, spec, status, progress, result, error);
    }

    /**
     * Tells {@code subscriber} the current state at once, then every change until the job is done or failed.
     * Returns what ends the subscription early.
     */
    public synchronized Runnable subscribe(Consumer<Event> subscriber) {
        subscriber.accept(new Event(state(), step, null));
        if (!status.finished()) {
            subscribers.add(subscriber);
        }
        return () -> unsubscribe(subscriber);
    }

    private synchronized void unsubscribe(Consumer<Event> subscriber) {
        subscribers.remove(subscriber);
    }

    synchronized boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    synchronized void started() {
        status = Status.RUNNING;
        publish(null);
    }

    synchronized void progressed(int done, int total, byte[] preview) {
        step = done;
        // 1.0 only once the picture is there to be had.
        progress = Math.min((double) done / total, 0.999);
        publish(preview);
    }

    synchronized void finished(Visualization visualization) {
        result = visualization;
        status = Status.DONE;
        progress = 1.0;
        step = visualization.spec().steps();
        publish(null);
        subscribers.clear();
    }

    synchronized void failed(String reason) {
        error = reason;
        status = Status.FAILED;
        publish(null);
        subscribers.clear();
    }

    private void publish(byte[] preview) {
        Event event = new Event(state(), step, preview);
        for (Consumer<Event> subscriber : List.copyOf(subscribers)) {
            subscriber.accept(event);
        }
    }
}
