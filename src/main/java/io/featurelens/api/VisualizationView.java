package io.featurelens.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.featurelens.visualize.Visualization;
import io.featurelens.visualize.VisualizationJob;
import io.featurelens.visualize.VisualizationSpec;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Base64;

/** A visualisation job as the JSON API shows it; also the data of its server-sent events. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "VisualizationJob", description = "A visualisation job: the picture a filter responds to most, being made or made")
public record VisualizationView(
        @Schema(required = true, description = "The job's id: the same weights and parameters always give the same id",
                example = "3f9a0c51d2e84b7aa1c06f2d8e5b4c17") String id,
        @Schema(required = true, description = "queued, running, done or failed") VisualizationJob.Status status,
        @Schema(required = true, description = "Share of the steps done, 0.0-1.0; 1.0 only when done",
                minimum = "0", maximum = "1", example = "0.25") double progress,
        @Schema(required = true, description = "Where the job is", example = "/api/visualizations/3f9a0c51d2e84b7aa1c06f2d8e5b4c17")
        String href,
        @Schema(required = true, description = "The layer's name", example = "relu3_3") String layer,
        @Schema(required = true, description = "The filter (channel) of the layer", example = "7") int filter,
        @Schema(required = true, description = "Optimisation steps", example = "256") int steps,
        @Schema(required = true, description = "The seed of the random start and transformations", example = "0") long seed,
        @Schema(description = "Only when done: the picture") Picture image,
        @Schema(description = "Only when done: the filter's mean activation") Activation activation,
        @Schema(description = "Only in progress events, every few steps: the picture as it is at this step") Picture preview,
        @Schema(description = "Only when failed: why") String error) {

    @Schema(name = "VisualizationPicture", description = "A PNG, base64")
    public record Picture(@Schema(required = true, format = "byte", description = "The PNG, base64") String png,
                          @Schema(required = true, example = "224") int width,
                          @Schema(required = true, example = "224") int height) {
        static Picture of(byte[] png, int width, int height) {
            return new Picture(Base64.getEncoder().encodeToString(png), width, height);
        }
    }

    @Schema(name = "VisualizationActivation", description = "The filter's mean activation over its map at the layer, "
            + "for the final picture (as returned, 8-bit) and for the random starting picture")
    public record Activation(@Schema(required = true, example = "4.73") double mean,
                             @Schema(required = true, example = "0.12") double start) {
    }

    static final String PATH = "/api/visualizations/";

    static VisualizationView of(VisualizationJob.State state) {
        return of(state, null);
    }

    static VisualizationView of(VisualizationJob.State state, byte[] preview) {
        Visualization made = state.result();
        return new VisualizationView(state.id(), state.status(), state.progress(), PATH + state.id(),
                state.spec().layer().name(), state.spec().filter(), state.spec().steps(), state.spec().seed(),
                made == null ? null : Picture.of(made.png(), made.width(), made.height()),
                made == null ? null : new Activation(made.meanActivation(), made.startActivation()),
                preview == null ? null : Picture.of(preview, VisualizationSpec.SIZE, VisualizationSpec.SIZE), state.error());
    }
}
