package io.featurelens.api;

import io.featurelens.core.RejectedRequestException;
import io.featurelens.core.Text;
import io.featurelens.visualize.VisualizationJob;
import io.featurelens.visualize.VisualizationJobs;
import io.featurelens.visualize.VisualizationRequest;
import io.featurelens.visualize.VisualizationSpec;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Visualisation jobs: the picture a filter responds to most, made in the background (docs/visualize.md). */
@Path("/api/visualizations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocument.VISUALIZE_TAG)
@APIResponse(responseCode = "406", ref = ApiDocument.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDocument.INTERNAL_ERROR)
public class VisualizationsResource {

    /** The body of a JSON request, documented as the form (ApiDocument.VISUALIZATION_FORM); numbers may also come as strings. */
    public record JsonRequest(String layer, String filter, String steps, String seed) {
    }

    private final VisualizationJobs jobs;

    public VisualizationsResource(VisualizationJobs jobs) {
        this.jobs = jobs;
    }

    @POST
    @Consumes({MediaType.MULTIPART_FORM_DATA, MediaType.APPLICATION_FORM_URLENCODED})
    @Operation(operationId = "visualize", summary = "Start making the picture a filter responds to most",
            description = "Queues a job, or finds the one these weights and parameters already have: 202 while it is "
                    + "queued or running, 200 when the picture is already made (cache or atlas). Follow href, or its "
                    + "events. The same parameters and weights always give the same id.")
    @RequestBody(ref = ApiDocument.VISUALIZATION_FORM)
    @APIResponse(responseCode = "200", description = "Already made: the job, done, with its picture",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisualizationView.class)))
    @APIResponse(responseCode = "202", description = "Queued or running: the job, without its picture yet",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisualizationView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "415", ref = ApiDocument.UNSUPPORTED)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    public Response visualize(@RestForm String layer, @RestForm String filter, @RestForm String steps, @RestForm String seed) {
        return submitted(jobs.submit(VisualizationRequest.parse(layer, filter, steps, seed)));
    }

    /** The same operation as {@link #visualize} in the OpenAPI document, whose request body lists JSON too. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response visualizeJson(JsonRequest request) {
        if (request == null) {
            throw RejectedRequestException.badRequest("no body: send {\"layer\": …, \"filter\": …}");
        }
        return submitted(jobs.submit(VisualizationRequest.parse(request.layer(), request.filter(), request.steps(), request.seed())));
    }

    @GET
    @Operation(operationId = "findVisualization", summary = "The picture already made for a filter, if any",
            description = "Looks in the cache and in the atlas (featurelens.atlas.location) and never starts a job: "
                    + "200 with the job, done, or 404 when none is made yet (then POST to make it).")
    @APIResponse(responseCode = "200", description = "The job, done, with its picture",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisualizationView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    public VisualizationView find(
            @Parameter(required = true, description = "Layer index 0-30 or name", example = "relu3_3",
                    schema = @Schema(type = SchemaType.STRING, pattern = ApiDocument.LAYER_PATTERN)) @RestQuery String layer,
            @Parameter(required = true, description = "The filter", example = "7",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0")) @RestQuery String filter,
            @Parameter(description = "Optimisation steps (default 256)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @RestQuery String steps,
            @Parameter(description = "Seed (default 0)",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int64")) @RestQuery String seed) {
        VisualizationSpec spec = VisualizationRequest.parse(layer, filter, steps, seed);
        return jobs.existing(spec).map(job -> VisualizationView.of(job.state())).orElseThrow(() ->
                new RejectedRequestException(404, "no visualisation of " + spec.layer().name() + " filter " + spec.filter()
                        + " with " + spec.steps() + " steps and seed " + spec.seed()
                        + " is made yet: POST /api/visualizations to make it"));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "visualization", summary = "A visualisation job: its state and progress, and its picture once done")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisualizationView.class)))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public VisualizationView visualization(@Parameter(description = "The job's id") @RestPath String id) {
        return VisualizationView.of(job(id).state());
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "visualizationEvents", summary = "A visualisation job's progress as server-sent events",
            description = "First the job as it is, then every change, in order: `progress` events (the job's JSON; "
                    + "every featurelens.visualize.preview-every steps with a `preview` picture), and last one `done` event "
                    + "(with the image and activation) or one `failed` event (with the error), after which the stream ends. "
                    + "A finished job answers its last event at once.")
    @APIResponse(responseCode = "200", description = "The event stream; each event's data is a VisualizationJob",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                    example = "event: progress\ndata: {\"id\":\"3f9a…\",\"status\":\"running\",\"progress\":0.25,…}\n\n")))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Multi<OutboundSseEvent> events(@Parameter(description = "The job's id") @RestPath String id, @Context Sse sse) {
        VisualizationJob job = job(id);
        return Multi.createFrom().emitter(emitter -> {
            Runnable unsubscribe = job.subscribe(event -> {
                VisualizationJob.Status status = event.state().status();
                String name = switch (status) {
                    case DONE -> "done";
                    case FAILED -> "failed";
                    default -> "progress";
                };
                emitter.emit(sse.newEventBuilder().name(name).id(Integer.toString(event.step()))
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(VisualizationView.class, VisualizationView.of(event.state(), event.preview())).build());
                if (status == VisualizationJob.Status.DONE || status == VisualizationJob.Status.FAILED) {
                    emitter.complete();
                }
            });
            emitter.onTermination(unsubscribe);
        });
    }

    private VisualizationJob job(String id) {
        return jobs.find(id.matches("[0-9a-f]{32}") ? id : "-").orElseThrow(() -> new RejectedRequestException(404,
                "no visualisation job '" + Text.clip(id) + "': ids come from POST /api/visualizations, and a queued or "
                        + "running job is forgotten when the server restarts"));
    }

    private static Response submitted(VisualizationJobs.Submitted submitted) {
        return Response.status(submitted.alreadyMade() ? 200 : 202).entity(VisualizationView.of(submitted.job().state())).build();
    }
}
