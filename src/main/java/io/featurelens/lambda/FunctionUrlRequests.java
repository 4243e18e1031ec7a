package io.featurelens.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.core.ErrorReply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * The function's HTTP endpoint (a Lambda function URL, or an API Gateway HTTP API): the request arrives
 * wrapped in Lambda's HTTP event (payload format 2.0) with the features request as its body, and the
 * answer goes back as an HTTP response, the function's error answers with their status.
 */
final class FunctionUrlRequests {

    /** An HTTP response as Lambda's HTTP integrations take it. */
    public record HttpAnswer(int statusCode, Map<String, String> headers, String body) {
    }

    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    private FunctionUrlRequests() {
    }

    static boolean matches(JsonNode event) {
        return event != null && event.path("version").asText().equals("2.0")
                && event.path("requestContext").path("http").isObject();
    }

    /** Unwraps the request, has {@code serve} answer it, and wraps the answer. */
    static HttpAnswer answer(JsonNode request, Function<JsonNode, Object> serve, ObjectMapper mapper) {
        if (!request.path("requestContext").path("http").path("method").asText().equals("POST")) {
            return error(ErrorReply.of(405, "send the features request as a JSON body with POST"), mapper);
        }
        JsonNode body;
        try {
            String text = request.path("body").asText("");
            byte[] bytes = request.path("isBase64Encoded").asBoolean()
                    ? Base64.getMimeDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
            body = mapper.readTree(bytes);
        } catch (IOException | IllegalArgumentException e) {
            return error(ErrorReply.of(400, "the body must be a features request in JSON: " + e.getMessage()), mapper);
        }
        Object answer = serve.apply(body);
        if (answer instanceof ErrorReply failed) {
            return error(failed, mapper);
        }
        return new HttpAnswer(200, JSON, write(answer, mapper));
    }

    private static HttpAnswer error(ErrorReply error, ObjectMapper mapper) {
        Map<String, String> headers = error.retryAfterHeader()
                .map(seconds -> Map.of("content-type", "application/json", "retry-after", seconds)).orElse(JSON);
        return new HttpAnswer(error.status(), headers, write(error, mapper));
    }

    private static String write(Object value, ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
