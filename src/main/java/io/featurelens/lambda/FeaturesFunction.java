package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.core.ErrorReply;
import io.featurelens.core.FeatureRequest;
import io.featurelens.core.FeatureResult;
import io.featurelens.core.FeatureService;
import io.featurelens.core.FeaturesResponse;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.explain.ExplainRequest;
import io.featurelens.explain.ExplainResult;
import io.featurelens.explain.ExplainService;
import io.featurelens.explain.PredictResult;
import io.quarkus.funqy.Funq;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;

import static io.featurelens.core.FeatureResult.Timings.millis;

/**
 * The AWS Lambda function {@code features}: a features request in, the JSON API's answer out (maps inline
 * or written to S3); a predict or explain request ({@code "action"}) in, the answer of POST /api/predict or
 * /api/explain out; all of them also through an HTTP endpoint ({@link FunctionUrlRequests}). Or an S3
 * "object created" notification in, the maps of every announced image written to S3. Or a {@code visualize}
 * event in, a range of a layer's filter visualisations written to S3 as the atlas lays them out. A request that
 * cannot be served is answered with an {@link ErrorReply}.
 */
public class FeaturesFunction {

    private static final Logger LOG = Logger.getLogger(FeaturesFunction.class);

    private final FeatureService service;
    private final ExplainService explainer;
    private final WarmModel model;
    private final S3Objects objects;
    private final ObjectCreatedPipeline pipeline;
    private final AtlasBatch atlas;
    private final ObjectMapper mapper;
    private final long maxInlineBytes;

    public FeaturesFunction(FeatureService service, ExplainService explainer, WarmModel model, S3Objects objects,
                            ObjectCreatedPipeline pipeline, AtlasBatch atlas, ObjectMapper mapper, LambdaConfig config) {
        this.service = service;
        this.explainer = explainer;
        this.model = model;
        this.objects = objects;
        this.pipeline = pipeline;
        this.atlas = atlas;
        this.mapper = mapper;
        this.maxInlineBytes = config.maxInlineBytes().asLongValue();
    }

    @Funq("features")
    public Object features(JsonNode event) {
        if (ObjectCreatedNotifications.matches(event)) {
            return pipeline.process(event);
        }
        if (VisualizeEvent.matches(event)) {
            return visualize(event);
        }
        if (FunctionUrlRequests.matches(event)) {
            return FunctionUrlRequests.answer(event, this::serve, mapper);
        }
        return serve(event);
    }

    private Object serve(JsonNode event) {
        try {
            return switch (Action.of(event)) {
                case FEATURES -> answer(FeaturesEvent.parse(event));
                case PREDICT -> predict(ClassifierEvent.predict(event));
                case EXPLAIN -> explain(ClassifierEvent.explain(event));
            };
        } catch (RejectedRequestException e) {
            LOG.infof("Event rejected (%d): %s", e.status(), e.getMessage());
            return ErrorReply.of(e);
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure while serving an event", e);
            return ErrorReply.internal();
        }
    }

    /**
     * A request that can never be served (4xx) is answered, so a queue does not retry it; anything else fails the
     * invocation, so that SQS delivers the message again and finally to its dead-letter queue.
     */
    private Object visualize(JsonNode event) {
        try {
            return atlas.render(VisualizeEvent.parse(event));
        } catch (RejectedRequestException e) {
            if (e.status() >= 500) {
                throw e;
            }
            LOG.infof("Visualize event rejected (%d): %s", e.status(), e.getMessage());
            return ErrorReply.of(e);
        }
    }

    private FeaturesResponse answer(FeaturesEvent event) {
        long start = System.nanoTime();
        Optional<S3Location> output = event.output();
        FeatureRequest parsed = FeatureRequest.parse(null, event.layer(), event.filters(), event.normalize(),
                event.colormap(), output.isPresent() ? Set.of(FeatureRequest.Output.MAPS, FeatureRequest.Output.MONTAGE)
                        : Set.of(FeatureRequest.Output.MAPS));
        output.ifPresent(folder -> objects.checkAllowed(folder.bucket()));
        byte[] image = event.picture().read(objects);
        long read = System.nanoTime();
        model.await();
        FeatureResult result = service.compute(parsed.withImage(image));
        long computed = System.nanoTime();

        FeaturesResponse response;
        String where;
        if (output.isPresent()) {
            S3Location folder = output.get();
            objects.writePngs(folder.bucket(), MapKeys.objects(folder, result));
            response = FeaturesResponse.stored(result, m -> MapKeys.map(folder, result.first().layer(), m.filter()).key());
            where = "written to " + folder + "/";
        } else {
            response = FeaturesResponse.inline(result);
            long bytes = jsonBytes(response);
            if (bytes > maxInlineBytes) {
                throw new RejectedRequestException(413, "the answer would be " + bytes + " bytes with "
                        + response.maps().size() + " maps inline, over the limit of " + maxInlineBytes
                        + " bytes for inline answers (Lambda answers at most 6 MB): ask for fewer filters, e.g. "
                        + "\"filters\": \"0-15\", or have the maps written to S3 with "
                        + "\"output\": {\"s3\": {\"bucket\": …, \"prefix\": …}}");
            }
            where = "inline, " + bytes + " bytes";
        }
        long end = System.nanoTime();
        LOG.infof("features %s: %d maps %s in %.1f ms (read %.1f, decode %.1f, forward %.1f, render %.1f, output %.1f)",
                response.layer().name(), response.maps().size(), where, millis(end - start),
                millis(read - start), result.timings().decode(), result.timings().forward(),
                result.timings().render(), millis(end - computed));
        return response;
    }

    private PredictResult predict(ClassifierEvent event) {
        byte[] image = event.picture().read(objects);
        model.awaitNetwork();
        PredictResult result = explainer.predict(image, event.field("top"));
        LOG.infof("predict: top %d in %.1f ms (decode %.1f, forward %.1f)", result.predictions().size(),
                result.timingsMs().total(), result.timingsMs().decode(), result.timingsMs().forward());
        return result;
    }

    private ExplainResult explain(ClassifierEvent event) {
        ExplainRequest parsed = ExplainRequest.parse(null, event.field("method"), event.field("class"),
                event.field("layer"), event.field("filter"));
        byte[] image = event.picture().read(objects);
        model.awaitNetwork();
        ExplainResult result = explainer.explain(new ExplainRequest(image, parsed.method(), parsed.target(), parsed.layer()));
        LOG.infof("explain %s in %.1f ms (decode %.1f, gradients %.1f, render %.1f)", result.method(),
                result.timingsMs().total(), result.timingsMs().decode(), result.timingsMs().forward(),
                result.timingsMs().render());
        return result;
    }

    private long jsonBytes(Object value) {
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try {
            mapper.writeValue(counter, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count[0];
    }
}
